// The WASM kernels behind nabla's 'wasm' backend. Every pointer argument is a byte offset into the
// imported shared memory; the kernels allocate nothing.
export { gemm, matmulScratchBytes } from './matmul';
export { activationGrad, biasActivation } from './activation';
export { mul, softmaxCrossEntropy, sumRows } from './reductions';
export { adadeltaUpdate, adagradUpdate, adamaxUpdate, adamUpdate, lionUpdate, nadamUpdate, rmspropUpdate, sgdUpdate } from './optimizers';
export { firstNonFinite } from './finite';
export { col2im, im2col } from './conv';
export { avgPool, avgPoolGrad, maxPool, maxPoolGrad } from './pooling';
export { columnAffine, columnGradSums, columnMoments } from './batch-norm';

/** First byte after the module's static data: the JS-side allocator starts at or above it. */
export function heapBase(): usize {
  return __heap_base;
}
