import type { Backend, MatmulOptions } from '../backend.ts';
import { checkLength, checkSizes } from '../kernel-checks.ts';
import { getNumThreads } from '../threads.ts';
import type { Cblas } from './load-cblas.ts';

/** The WASM backend's threads, as the blas backend splits its products over them (ParallelKernels). */
export interface BlasThreads {
  /** Whether every thread can reach the view (it lies in the WASM backend's shared memory). */
  owns(view: ArrayBufferView): boolean;
  useCblas(cblas: Cblas): void;
  /** Whether cblasGemm would split this product now (else a plain library call is cheaper). */
  splitsCblas(m: number, k: number, n: number): boolean;
  /** The product, pointers as byte offsets, split over the threads when that pays; each part on one BLAS thread. */
  cblasGemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): boolean;
}

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
 * near 1024³, hence 'auto': the threads nabla itself uses, one per physical core. These counts apply to
 * products of arrays outside the WASM memory; the others are split over nabla's own threads (createBlasBackend).
 */
export const DEFAULT_BLAS_POLICY: BlasPolicy = { minFlops: 4096, multiThreadFlops: 3e7, maxThreads: 'auto' };

const NO_OPTIONS: MatmulOptions = {};

/**
 * The optional 'blas' backend (no Keras counterpart; like NumPy linked to OpenBLAS): matrix products through
 * the system's cblas_sgemm, every other kernel (and all memory) from the WASM backend it wraps. With the WASM
 * backend's `threads`, a product whose arrays all lie in its memory (those of a training step do) is split
 * over those threads, each calling the library on one thread of its own: OpenBLAS's own threads would spin
 * against the helper thread that runs the optimizer update (see DEFAULT_BLAS_POLICY). Products of other
 * arrays keep `policy`'s thread counts.
 */
export function createBlasBackend(
  wasm: Backend,
  cblas: Cblas,
  policy: BlasPolicy = DEFAULT_BLAS_POLICY,
  threads?: BlasThreads,
): Backend {
  // The count is the library's, shared by every backend on it; setThreads skips a count it already has.
  const useThreads = (wanted: number): void => cblas.setThreads?.(wanted);
  threads?.useCblas(cblas);
  const matmul = (
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    m: number,
    k: number,
    n: number,
    options = NO_OPTIONS,
  ): void => {
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
    const transA = options.transA === true;
    const transB = options.transB === true;
    const beta = options.accumulate === true ? 1 : 0;
    // Row lengths as stored: A is m×k (k×m when transposed), B k×n (n×k).
    const lda = transA ? m : k;
    const ldb = transB ? k : n;
    if (threads?.owns(a) && threads.owns(b) && threads.owns(out) && threads.splitsCblas(m, k, n)) {
      useThreads(1);
      threads.cblasGemm(transA, transB, m, n, k, a.byteOffset, lda, b.byteOffset, ldb, beta, out.byteOffset, n);
      return;
    }
    // Products nabla's threads do not split (other arrays, small sizes, one thread allowed) keep `policy`'s counts.
    useThreads(
      flops >= policy.multiThreadFlops ? (policy.maxThreads === 'auto' ? getNumThreads() : policy.maxThreads) : 1,
    );
    cblas.sgemm(transA, transB, m, n, k, 1, a, lda, b, ldb, beta, out, n);
  };
  return { ...wasm, name: 'blas', matmul };
}
