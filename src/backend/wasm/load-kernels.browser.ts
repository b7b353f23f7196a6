import type { KernelExports, LoadedKernels } from './load-kernels.ts';
import { defaultBuild, kernelBytes } from './kernel-builds.browser.mjs';
import { webAssembly, type WasmLinearMemory } from './webassembly-api.ts';

// The browser build's twin of load-kernels.ts (scripts/build-browser.mjs substitutes it): the kernels' bytes are
// embedded in the bundle, built with it, so they cannot be missing or out of date.

export type { KernelExports, LoadedKernels };

const compiled = new Map<string, object>();

/** Compiles (once per build) and instantiates the embedded kernels over the given shared memory. */
export function loadKernels(memory: WasmLinearMemory, build: string = defaultBuild()): LoadedKernels {
  let module = compiled.get(build);
  if (module === undefined) {
    module = new webAssembly.Module(kernelBytes(build));
    compiled.set(build, module);
  }
  const exports = new webAssembly.Instance(module, { env: { memory } }).exports;
  return { module, kernels: exports as unknown as KernelExports };
}
