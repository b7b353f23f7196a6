// Types of sparse-kernel-builds.mjs.
export declare const SPARSE_UNSHARED_BUILD: string;
export declare const SPARSE_SHARED_BUILD: string;
