import { existsSync, readFileSync } from 'node:fs';
import { NablaError } from '../../errors.ts';
import { defaultBuild } from './kernel-builds.mjs';
import { webAssembly, type WasmLinearMemory } from './webassembly-api.ts';

/** The functions the AssemblyScript module exports (assembly/index.ts); pointers are byte offsets. */
export interface KernelExports {
  heapBase(): number;
  matmulScratchBytes(m: number, k: number, n: number): number;
  gemm(
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    m: number,
    k: number,
    n: number,
    transA: number,
    transB: number,
    accumulate: number,
    scratch: number,
  ): void;
  biasActivation(x: number, bias: number, rows: number, cols: number, activation: number): void;
  activationGrad(y: number, dy: number, dx: number, rows: number, cols: number, activation: number, x: number): void;
  sumRows(x: number, out: number, rows: number, cols: number, accumulate: number): void;
  softmaxCrossEntropy(
    logits: number,
    labels: number,
    probs: number,
    dLogits: number,
    rows: number,
    cols: number,
    gradScale: number,
  ): number;
  mul(x: number, mask: number, out: number, n: number): void;
  sgdUpdate(
    params: number,
    grads: number,
    velocity: number,
    n: number,
    lr: number,
    momentum: number,
    nesterov: number,
  ): void;
  adamUpdate(
    params: number,
    grads: number,
    m: number,
    v: number,
    n: number,
    alpha: number,
    beta1: number,
    beta2: number,
    epsilon: number,
  ): void;
  rmspropUpdate(
    params: number,
    grads: number,
    v: number,
    mom: number,
    n: number,
    lr: number,
    rho: number,
    momentum: number,
    epsilon: number,
  ): void;
  adagradUpdate(params: number, grads: number, acc: number, n: number, lr: number, epsilon: number): void;
  adamaxUpdate(
    params: number,
    grads: number,
    m: number,
    u: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    correction: number,
  ): void;
  nadamUpdate(
    params: number,
    grads: number,
    m: number,
    v: number,
    n: number,
    lr: number,
    beta1: number,
    beta2: number,
    epsilon: number,
    momentumWeight: number,
    gradientWeight: number,
    velocityCorrection: number,
  ): void;
  adadeltaUpdate(
    params: number,
    grads: number,
    accGrad: number,
    accDelta: number,
    n: number,
    lr: number,
    rho: number,
    epsilon: number,
  ): void;
  lionUpdate(params: number, grads: number, m: number, n: number, lr: number, beta1: number, beta2: number): void;
  firstNonFinite(x: number, n: number): number;
  im2col(x: number, cols: number, images: number, geometry: number): void;
  col2im(cols: number, dx: number, images: number, geometry: number): void;
  maxPool(x: number, out: number, argmax: number, images: number, geometry: number): void;
  maxPoolGrad(
    dy: number,
    argmax: number,
    dx: number,
    images: number,
    outputsPerImage: number,
    inputsPerImage: number,
  ): void;
  avgPool(x: number, out: number, images: number, geometry: number): void;
  avgPoolGrad(dy: number, dx: number, images: number, geometry: number): void;
  columnMoments(x: number, rows: number, cols: number, mean: number, variance: number, scratch: number): void;
  columnGradSums(a: number, b: number, rows: number, cols: number, sumA: number, sumAB: number, scratch: number): void;
  columnAffine(
    x: number,
    scale: number,
    shift: number,
    y: number,
    yScale: number,
    out: number,
    rows: number,
    cols: number,
  ): void;
}

const EXPECTED_EXPORTS: readonly (keyof KernelExports)[] = [
  'heapBase',
  'matmulScratchBytes',
  'gemm',
  'biasActivation',
  'activationGrad',
  'sumRows',
  'softmaxCrossEntropy',
  'mul',
  'sgdUpdate',
  'adamUpdate',
  'rmspropUpdate',
  'adagradUpdate',
  'firstNonFinite',
  'adamaxUpdate',
  'nadamUpdate',
  'adadeltaUpdate',
  'lionUpdate',
  'im2col',
  'col2im',
  'maxPool',
  'maxPoolGrad',
  'avgPool',
  'avgPoolGrad',
  'columnMoments',
  'columnGradSums',
  'columnAffine',
];

/** The compiled kernels module and its instance over the given shared memory (helper threads instantiate the module too). */
export interface LoadedKernels {
  module: object;
  kernels: KernelExports;
}

/**
 * Compiles and instantiates the kernels synchronously over the given shared memory; by default the build
 * this runtime loads (kernel-builds.mjs: relaxed SIMD where it validates, unless NABLA_RELAXED_SIMD=0).
 */
export function loadKernels(memory: WasmLinearMemory, path: string = defaultBuild()): LoadedKernels {
  if (!existsSync(path)) {
    throw new NablaError(`the WASM kernels are missing (${path}): run npm install (builds the WASM kernels)`);
  }
  const module = new webAssembly.Module(readFileSync(path));
  const exports = new webAssembly.Instance(module, { env: { memory } }).exports as Record<string, unknown>;
  const missing = EXPECTED_EXPORTS.filter((name) => typeof exports[name] !== 'function');
  if (missing.length > 0) {
    throw new NablaError(
      `the WASM kernels at ${path} are out of date (missing ${missing.join(', ')}): run npm install (builds the WASM kernels)`,
    );
  }
  return { module, kernels: exports as unknown as KernelExports };
}
