// The browser build's twin of kernel-builds.mjs (scripts/build-browser.mjs substitutes it): both builds of the
// kernels are embedded in the bundle, and the page loads the relaxed-SIMD one where the browser validates it.
import plainBytes from '../../../build/kernels.wasm';
import relaxedBytes from '../../../build/kernels-relaxed.wasm';

/** Names, not paths: the bytes are embedded (kernelBytes). */
export const PLAIN_BUILD = 'kernels.wasm';
export const RELAXED_BUILD = 'kernels-relaxed.wasm';
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

let relaxedLoads = null;

export function relaxedBuildLoads() {
  relaxedLoads ??= WebAssembly.validate(relaxedBytes);
  return relaxedLoads;
}

export function relaxedBuildFlags() {
  return relaxedBuildLoads() ? [] : null;
}

export function defaultBuild() {
  return relaxedBuildLoads() ? RELAXED_BUILD : PLAIN_BUILD;
}

/** The embedded bytes of a build, by its name. */
export function kernelBytes(name) {
  return name === RELAXED_BUILD ? relaxedBytes : plainBytes;
}
