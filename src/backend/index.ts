// Public exports of the compute backends.
export type { ActivationName, Backend, MatmulOptions } from './backend.ts';
export type { BackendName, BlasInfo, WasmInfo } from './registry.ts';
export { blasAvailable, blasInfo, getBackend, listBackends, setBackend, wasmInfo } from './registry.ts';
export { getNumThreads, setNumThreads } from './threads.ts';
export { createReferenceBackend } from './reference/reference-backend.ts';
export { createWasmBackend } from './wasm/wasm-backend.ts';
export type { KernelProfileEntry } from './profile.ts';
export { formatKernelProfile, kernelProfile, profileBackend, resetKernelProfile } from './profile.ts';
