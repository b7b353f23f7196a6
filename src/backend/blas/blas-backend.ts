import type { Backend, MatmulOptions } from '../backend.ts';
import { checkLength, checkSizes } from '../kernel-checks.ts';
import { getNumThreads } from '../threads.ts';
import type { Cblas } from './load-cblas.ts';

/** When a matrix product goes to the system BLAS, and on how many threads. */
export interface BlasPolicy {
  /** Products of fewer floating-point operations (2·m·k·n) stay on the WASM kernels. */
  minFlops: number;
  /** Products of at least this many operations use `maxThreads` OpenBLAS threads; smaller ones use one. */
  multiThreadFlops: number;
  /** The thread count for large products (OpenBLAS only); 'auto': nabla's own (nb.setNumThreads, physical cores). */
  maxThreads: number | 'auto';
}

/**
 * Measured by `npm run bench -- gemm` (OpenBLAS 0.3.21): through koffi a call costs ~0.2 µs, so cblas_sgemm
 * already beats the WASM kernel at 32×100×10 (see bench/README.md); only the tiniest products stay in WASM.
 * A second thread on a second core (AMD EPYC Zen 3): 1.34–1.8× at 256×784×100 (40 M operations, the product
 * of a block of evaluate/predict), 1.8–2× at 1024³. The training step's 5 M products gain 1.0–1.4× alone, but
 * a training epoch ran 2–3× slower with them on two threads: OpenBLAS's second thread and the helper thread that
 * runs the optimizer update fight over the two cores. On two hyperthreads of one core a second thread paid only
 * near 1024³, hence 'auto': the threads nabla itself uses, one per physical core.
 */
export const DEFAULT_BLAS_POLICY: BlasPolicy = { minFlops: 4096, multiThreadFlops: 3e7, maxThreads: 'auto' };

const NO_OPTIONS: MatmulOptions = {};

/**
 * The optional 'blas' backend (no Keras counterpart; like NumPy linked to OpenBLAS): matrix products through
 * the system's cblas_sgemm, every other kernel (and all memory) from the WASM backend it wraps.
 */
export function createBlasBackend(wasm: Backend, cblas: Cblas, policy: BlasPolicy = DEFAULT_BLAS_POLICY): Backend {
  // The count is the library's, shared by every backend on it; setThreads skips a count it already has.
  const useThreads = (wanted: number): void => cblas.setThreads?.(wanted);
  const matmul = (a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number, options = NO_OPTIONS): void => {
    const flops = 2 * m * k * n;
    if (!(flops > 0 && flops >= policy.minFlops)) {
      // Small or degenerate (k = 0, m = 0, n = 0) products, and bad sizes, which the WASM checks report.
      wasm.matmul(a, b, out, m, k, n, options);
      return;
    }
    checkSizes('matmul', 'm, k, n', m, k, n);
    // The library reads and writes through raw pointers: every length is checked before the call.
    checkLength('matmul', 'a', a, m * k);
    checkLength('matmul', 'b', b, k * n);
    checkLength('matmul', 'out', out, m * n);
    useThreads(flops >= policy.multiThreadFlops ? (policy.maxThreads === 'auto' ? getNumThreads() : policy.maxThreads) : 1);
    const transA = options.transA === true;
    const transB = options.transB === true;
    const beta = options.accumulate === true ? 1 : 0;
    cblas.sgemm(transA, transB, m, n, k, 1, a, transA ? m : k, b, transB ? k : n, beta, out, n);
  };
  return { ...wasm, name: 'blas', matmul };
}
