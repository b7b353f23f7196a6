export declare const PLAIN_BUILD: string;
export declare const RELAXED_BUILD: string;
export declare const RELAXED_SIMD_FLAG: string;
export declare function relaxedBuildLoads(): boolean;
export declare function relaxedBuildFlags(): string[] | null;
export declare function defaultBuild(): string;
export declare function kernelBytes(name: string): Uint8Array;
