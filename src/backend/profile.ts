import type { Backend, MatmulOptions } from './backend.ts';

/** Time spent in one kernel since the profile was last reset. */
export interface KernelProfileEntry {
  kernel: string;
  calls: number;
  seconds: number;
  /** Floating-point operations done (matmul only; 0 elsewhere). */
  flops: number;
}

const entries = new Map<string, KernelProfileEntry>();

function record(kernel: string, start: number, flops = 0): void {
  const seconds = (performance.now() - start) / 1000;
  let entry = entries.get(kernel);
  if (entry === undefined) {
    entry = { kernel, calls: 0, seconds: 0, flops: 0 };
    entries.set(kernel, entry);
  }
  entry.calls++;
  entry.seconds += seconds;
  entry.flops += flops;
}

/** The kernel time recorded by profiled backends, most expensive first (like TensorFlow.js's `tf.profile`). */
export function kernelProfile(): KernelProfileEntry[] {
  return [...entries.values()].sort((a, b) => b.seconds - a.seconds);
}

/** Forgets the recorded kernel time. */
export function resetKernelProfile(): void {
  entries.clear();
}

/** The kernel profile as a table: calls, time, share of the kernel total, matmul speed. */
export function formatKernelProfile(): string {
  const rows = kernelProfile();
  const total = rows.reduce((sum, e) => sum + e.seconds, 0);
  const lines = ['kernel                         calls      ms   share  GFLOP/s'];
  for (const e of rows) {
    const speed = e.flops > 0 ? (e.flops / e.seconds / 1e9).toFixed(1) : '';
    lines.push(
      `${e.kernel.padEnd(27)} ${String(e.calls).padStart(8)} ${(e.seconds * 1000).toFixed(1).padStart(7)} ` +
        `${((100 * e.seconds) / (total || 1)).toFixed(1).padStart(6)}%  ${speed.padStart(7)}`,
    );
  }
  lines.push(`total kernel time ${(total * 1000).toFixed(1)} ms`);
  return lines.join('\n');
}

/** A backend that forwards every kernel to `inner` and records the time each one takes. */
export function profileBackend(inner: Backend): Backend {
  const timed =
    <A extends unknown[], R>(kernel: string, fn: (...args: A) => R) =>
    (...args: A): R => {
      const start = performance.now();
      const result = fn(...args);
      record(kernel, start);
      return result;
    };
  return {
    name: inner.name,
    allocFloat32: (length) => inner.allocFloat32(length),
    allocInt32: (length) => inner.allocInt32(length),
    free: (buffer) => inner.free(buffer),
    matmul: (a, b, out, m, k, n, options?: MatmulOptions) => {
      const start = performance.now();
      inner.matmul(a, b, out, m, k, n, options);
      // By shape: a layer's products differ in speed (a 32×100×10 product is mostly call overhead).
      const kind = `matmul${options?.transA ? ' Aᵀ' : ''}${options?.transB ? ' Bᵀ' : ''} ${m}×${k}×${n}`;
      record(kind, start, 2 * m * k * n);
    },
    biasActivation: timed('biasActivation', inner.biasActivation.bind(inner)),
    activationGrad: timed('activationGrad', inner.activationGrad.bind(inner)),
    sumRows: timed('sumRows', inner.sumRows.bind(inner)),
    softmaxCrossEntropy: timed('softmaxCrossEntropy', inner.softmaxCrossEntropy.bind(inner)),
    mul: timed('mul', inner.mul.bind(inner)),
    firstNonFinite: timed('firstNonFinite', inner.firstNonFinite.bind(inner)),
    im2col: timed('im2col', inner.im2col.bind(inner)),
    col2im: timed('col2im', inner.col2im.bind(inner)),
    maxPool: timed('maxPool', inner.maxPool.bind(inner)),
    maxPoolGrad: timed('maxPoolGrad', inner.maxPoolGrad.bind(inner)),
    avgPool: timed('avgPool', inner.avgPool.bind(inner)),
    avgPoolGrad: timed('avgPoolGrad', inner.avgPoolGrad.bind(inner)),
    columnMoments: timed('columnMoments', inner.columnMoments.bind(inner)),
    columnGradSums: timed('columnGradSums', inner.columnGradSums.bind(inner)),
    columnAffine: timed('columnAffine', inner.columnAffine.bind(inner)),
    sgdUpdate: timed('sgdUpdate', inner.sgdUpdate.bind(inner)),
    adamUpdate: timed('adamUpdate', inner.adamUpdate.bind(inner)),
    rmspropUpdate: timed('rmspropUpdate', inner.rmspropUpdate.bind(inner)),
    adagradUpdate: timed('adagradUpdate', inner.adagradUpdate.bind(inner)),
    adamaxUpdate: timed('adamaxUpdate', inner.adamaxUpdate.bind(inner)),
    nadamUpdate: timed('nadamUpdate', inner.nadamUpdate.bind(inner)),
    adadeltaUpdate: timed('adadeltaUpdate', inner.adadeltaUpdate.bind(inner)),
    lionUpdate: timed('lionUpdate', inner.lionUpdate.bind(inner)),
  };
}
