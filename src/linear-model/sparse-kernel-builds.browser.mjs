// The browser build's twin of sparse-kernel-builds.mjs (scripts/build-browser.mjs substitutes it): names only, as
// there are no files to find. The sparse SGD kernels are not part of the browser build.
export const SPARSE_UNSHARED_BUILD = 'sparse-sgd.wasm';
export const SPARSE_SHARED_BUILD = 'sparse-sgd-shared.wasm';
