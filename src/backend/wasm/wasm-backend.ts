import type { ActivationName, Backend, MatmulOptions } from '../backend.ts';
import { ValueError } from '../../errors.ts';
import {
  activationId,
  checkLabels,
  checkLength,
  checkMomentumBuffer,
  checkPreActivation,
  checkSizes,
  needsPreActivation,
} from '../kernel-checks.ts';
import { loadKernels, type KernelExports } from './load-kernels.ts';
import { ParallelKernels, type UpdateKernel } from './parallel-kernels.ts';
import { Staging } from './staging.ts';
import { createColumnKernels } from './wasm-columns.ts';
import { createConvKernels } from './wasm-conv.ts';
import { WasmMemory } from './wasm-memory.ts';

const INITIAL_PAGES = 256; // 16 MiB to start; grows on demand
const MAXIMUM_PAGES = 65536; // 4 GiB, as declared by scripts/build-wasm.mjs

const NO_OPTIONS: MatmulOptions = {};
/**
 * Arrays outside wasm memory are checked for non-finite values in chunks of this many floats (256 KiB):
 * each chunk is copied in and scanned while it is still in the core's cache. Measured on 37.6 M floats
 * (48,000 images): 50–90 ms for a JavaScript loop, ~30 ms copied in and scanned with SIMD (the copy dominates).
 */
const FINITE_CHECK_CHUNK = 65536;

/** The threads of each WASM backend, for the blas backend that wraps it (see wasmBackendThreads). */
const threadsOf = new WeakMap<Backend, ParallelKernels>();

/** The threads a WASM backend splits its calls over (undefined for any other backend). */
export function wasmBackendThreads(backend: Backend): ParallelKernels | undefined {
  return threadsOf.get(backend);
}

/**
 * The default backend: AssemblyScript SIMD kernels over one shared WebAssembly memory (no Keras counterpart;
 * like TensorFlow.js's 'wasm' backend). Buffers from allocFloat32 are used in place; other arrays are copied.
 */
export function createWasmBackend(kernelsPath?: string): Backend {
  const memory = new WasmMemory(INITIAL_PAGES, MAXIMUM_PAGES);
  const { module, kernels } = loadKernels(memory.memory, kernelsPath);
  memory.startHeap(kernels.heapBase());
  const staging = new Staging(memory);
  const parallel = new ParallelKernels(kernels, module, memory);
  // The staged buffer pointers and the constants of the update being run, in arrays reused by every call:
  // the training step makes an update per step, and allocates nothing for it.
  const pointers: number[] = [];
  const scalars: number[] = [];
  /** Runs the staged update (over several threads when it is big enough) and finishes the call. */
  const update = (kernel: UpdateKernel, n: number): void => {
    parallel.update(kernel, pointers, n, scalars);
    staging.finish();
  };
  const backend: Backend = {
    name: 'wasm',
    allocFloat32: (length) => allocate(memory, length, Float32Array),
    allocInt32: (length) => allocate(memory, length, Int32Array),
    availableBytes: () => memory.availableBytes(),
    free: (buffer) => {
      if (!memory.owns(buffer)) throw new ValueError('free: this buffer was not allocated by the wasm backend');
      memory.release(buffer.byteOffset);
    },
    matmul: (a, b, out, m, k, n, options = NO_OPTIONS) => matmul(parallel, staging, a, b, out, m, k, n, options),
    biasActivation: (x, bias, rows, cols, activation) =>
      biasActivation(kernels, staging, x, bias, rows, cols, activation),
    activationGrad: (y, dy, dx, rows, cols, activation, x = null) => {
      const id = activationId(activation);
      checkSizes('activationGrad', 'rows, cols', rows, cols);
      const size = rows * cols;
      checkLength('activationGrad', 'y', y, size);
      checkLength('activationGrad', 'dy', dy, size);
      checkLength('activationGrad', 'dx', dx, size);
      checkPreActivation('activationGrad', activation, x, size);
      staging.begin();
      const py = staging.input(y, size);
      const pdy = staging.input(dy, size);
      const px = x !== null && needsPreActivation(activation) ? staging.input(x, size) : 0;
      const pdx = dx === dy && memory.owns(dx) ? pdy : staging.output(dx, size, false);
      kernels.activationGrad(py, pdy, pdx, rows, cols, id, px);
      staging.finish();
    },
    sumRows: (x, out, rows, cols, accumulate = false) => {
      checkSizes('sumRows', 'rows, cols', rows, cols);
      checkLength('sumRows', 'x', x, rows * cols);
      checkLength('sumRows', 'out', out, cols);
      staging.begin();
      const px = staging.input(x, rows * cols);
      kernels.sumRows(px, staging.output(out, cols, accumulate), rows, cols, accumulate ? 1 : 0);
      staging.finish();
    },
    softmaxCrossEntropy: (logits, labels, probs, dLogits, rows, cols, gradScale) => {
      checkSizes('softmaxCrossEntropy', 'rows, cols', rows, cols);
      const size = rows * cols;
      checkLength('softmaxCrossEntropy', 'logits', logits, size);
      checkLength('softmaxCrossEntropy', 'labels', labels, rows);
      checkLength('softmaxCrossEntropy', 'probs', probs, size);
      if (dLogits !== null) checkLength('softmaxCrossEntropy', 'dLogits', dLogits, size);
      checkLabels(labels, rows, cols);
      staging.begin();
      const pl = staging.input(logits, size);
      const plab = staging.input(labels, rows);
      const pp = staging.output(probs, size, false);
      const pd = dLogits === null ? 0 : staging.output(dLogits, size, false);
      const loss = kernels.softmaxCrossEntropy(pl, plab, pp, pd, rows, cols, gradScale);
      staging.finish();
      return loss;
    },
    mul: (x, mask, out, n) => {
      checkSizes('mul', 'n', n);
      checkLength('mul', 'x', x, n);
      checkLength('mul', 'mask', mask, n);
      checkLength('mul', 'out', out, n);
      staging.begin();
      const px = staging.input(x, n);
      const pm = staging.input(mask, n);
      kernels.mul(px, pm, staging.output(out, n, false), n);
      staging.finish();
    },
    firstNonFinite: (x) => firstNonFinite(kernels, staging, x),
    ...createConvKernels(parallel, staging, memory),
    ...createColumnKernels(kernels, staging, memory),
    sgdUpdate: (params, grads, velocity, n, lr, momentum, nesterov) => {
      checkMomentumBuffer('sgdUpdate', momentum, velocity);
      stageUpdate(staging, 'sgdUpdate', n, pointers, params, grads, momentum > 0 ? velocity : null);
      scalars.length = 0;
      scalars.push(lr, momentum, nesterov ? 1 : 0);
      update('sgdUpdate', n);
    },
    adamUpdate: (params, grads, m, v, n, alpha, beta1, beta2, epsilon) => {
      stageUpdate(staging, 'adamUpdate', n, pointers, params, grads, m, v);
      scalars.length = 0;
      scalars.push(alpha, beta1, beta2, epsilon);
      update('adamUpdate', n);
    },
    rmspropUpdate: (params, grads, v, mom, n, lr, rho, momentum, epsilon) => {
      checkMomentumBuffer('rmspropUpdate', momentum, mom);
      stageUpdate(staging, 'rmspropUpdate', n, pointers, params, grads, v, momentum > 0 ? mom : null);
      scalars.length = 0;
      scalars.push(lr, rho, momentum, epsilon);
      update('rmspropUpdate', n);
    },
    adagradUpdate: (params, grads, acc, n, lr, epsilon) => {
      stageUpdate(staging, 'adagradUpdate', n, pointers, params, grads, acc);
      scalars.length = 0;
      scalars.push(lr, epsilon);
      update('adagradUpdate', n);
    },
    adamaxUpdate: (params, grads, m, u, n, lr, beta1, beta2, epsilon, correction) => {
      stageUpdate(staging, 'adamaxUpdate', n, pointers, params, grads, m, u);
      scalars.length = 0;
      scalars.push(lr, beta1, beta2, epsilon, correction);
      update('adamaxUpdate', n);
    },
    nadamUpdate: (
      params,
      grads,
      m,
      v,
      n,
      lr,
      beta1,
      beta2,
      epsilon,
      momentumWeight,
      gradientWeight,
      velocityCorrection,
    ) => {
      stageUpdate(staging, 'nadamUpdate', n, pointers, params, grads, m, v);
      scalars.length = 0;
      scalars.push(lr, beta1, beta2, epsilon, momentumWeight, gradientWeight, velocityCorrection);
      update('nadamUpdate', n);
    },
    adadeltaUpdate: (params, grads, accGrad, accDelta, n, lr, rho, epsilon) => {
      stageUpdate(staging, 'adadeltaUpdate', n, pointers, params, grads, accGrad, accDelta);
      scalars.length = 0;
      scalars.push(lr, rho, epsilon);
      update('adadeltaUpdate', n);
    },
    lionUpdate: (params, grads, m, n, lr, beta1, beta2) => {
      stageUpdate(staging, 'lionUpdate', n, pointers, params, grads, m);
      scalars.length = 0;
      scalars.push(lr, beta1, beta2);
      update('lionUpdate', n);
    },
  };
  threadsOf.set(backend, parallel);
  return backend;
}

function allocate<T extends Float32Array | Int32Array>(
  memory: WasmMemory,
  length: number,
  type: { new (buffer: ArrayBufferLike, offset: number, length: number): T },
): T {
  checkSizes('alloc', 'length', length);
  const offset = memory.allocate(length * 4);
  const view = new type(memory.buffer, offset, length);
  view.fill(0);
  return view;
}

function matmul(
  parallel: ParallelKernels,
  staging: Staging,
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  options: MatmulOptions,
): void {
  checkSizes('matmul', 'm, k, n', m, k, n);
  checkLength('matmul', 'a', a, m * k);
  checkLength('matmul', 'b', b, k * n);
  checkLength('matmul', 'out', out, m * n);
  const accumulate = options.accumulate === true;
  if (m === 0 || n === 0) return;
  if (k === 0) {
    if (!accumulate) out.fill(0, 0, m * n);
    return;
  }
  staging.begin();
  const pa = staging.input(a, m * k);
  const pb = staging.input(b, k * n);
  const pc = staging.output(out, m * n, accumulate);
  const transA = options.transA === true;
  const transB = options.transB === true;
  // Row lengths as stored: A is m×k (k×m when transposed), B k×n (n×k), C m×n.
  const lda = transA ? m : k;
  const ldb = transB ? k : n;
  parallel.gemm(pa, lda, pb, ldb, pc, n, m, k, n, transA, transB, accumulate);
  staging.finish();
}

function biasActivation(
  kernels: KernelExports,
  staging: Staging,
  x: Float32Array,
  bias: Float32Array | null,
  rows: number,
  cols: number,
  activation: ActivationName,
): void {
  const id = activationId(activation);
  checkSizes('biasActivation', 'rows, cols', rows, cols);
  checkLength('biasActivation', 'x', x, rows * cols);
  if (bias !== null) checkLength('biasActivation', 'bias', bias, cols);
  staging.begin();
  const pb = bias === null ? 0 : staging.input(bias, cols);
  kernels.biasActivation(staging.output(x, rows * cols, true), pb, rows, cols, id);
  staging.finish();
}

function firstNonFinite(kernels: KernelExports, staging: Staging, x: Float32Array): number {
  for (let start = 0; start < x.length; start += FINITE_CHECK_CHUNK) {
    const chunk = x.subarray(start, Math.min(start + FINITE_CHECK_CHUNK, x.length));
    staging.begin();
    const found = kernels.firstNonFinite(staging.input(chunk, chunk.length), chunk.length);
    staging.finish();
    if (found >= 0) return start + found;
  }
  return -1;
}

/**
 * Checks and stages the buffers of an optimizer update into `pointers`: params (in/out), grads (in), then the
 * kernel's one or two state buffers (in/out; null: unused, pointer 0). Fixed parameters, no rest array: this
 * runs every training step.
 */
function stageUpdate(
  staging: Staging,
  kernel: string,
  n: number,
  pointers: number[],
  params: Float32Array,
  grads: Float32Array,
  state1: Float32Array | null,
  state2?: Float32Array | null,
): void {
  checkSizes(kernel, 'n', n);
  checkLength(kernel, 'params', params, n);
  checkLength(kernel, 'grads', grads, n);
  if (state1 !== null) checkLength(kernel, 'state buffer 1', state1, n);
  if (state2 != null) checkLength(kernel, 'state buffer 2', state2, n);
  staging.begin();
  pointers.length = 0;
  pointers.push(staging.output(params, n, true), staging.input(grads, n), stagedState(staging, state1, n));
  if (state2 !== undefined) pointers.push(stagedState(staging, state2, n));
}

function stagedState(staging: Staging, buffer: Float32Array | null, n: number): number {
  return buffer === null ? 0 : staging.output(buffer, n, true);
}
