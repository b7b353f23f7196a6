// The few WebAssembly JS API members the backend uses, typed here because the project's TypeScript
// configuration (lib ES2022, no DOM) does not declare the WebAssembly namespace.

/** A WebAssembly.Memory. */
export interface WasmLinearMemory {
  readonly buffer: ArrayBufferLike;
  grow(pages: number): number;
}

interface WebAssemblyApi {
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmLinearMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { exports: object };
  validate(bytes: Uint8Array): boolean;
}

/** globalThis.WebAssembly. */
export const webAssembly = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;
