// Types of cblas-binding.mjs.
import type { WasmLinearMemory } from '../wasm/webassembly-api.ts';

/** The few CBLAS entry points the blas backend calls. */
export interface Cblas {
  /** The file name or path the library was loaded from. */
  readonly library: string;
  /** OpenBLAS's kernel set ('Haswell', 'SkylakeX', …: openblas_get_corename), null for other libraries. */
  readonly coreName: string | null;
  /** Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C (CBLAS argument order). */
  sgemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    alpha: number,
    a: Float32Array,
    lda: number,
    b: Float32Array,
    ldb: number,
    beta: number,
    c: Float32Array,
    ldc: number,
  ): void;
  /**
   * OpenBLAS's thread count setter; null for libraries without one (Accelerate, reference BLAS). The count is
   * the library's, for the whole process: every backend and thread on the library shares it.
   */
  readonly setThreads: ((threads: number) => void) | null;
}

/** sgemm over byte offsets into a memory: (transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc), flags 0/1. */
export type SgemmAtOffsets = (
  transA: number,
  transB: number,
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
) => void;

export declare function requireKoffi(): typeof import('koffi') | string;
export declare function bindCblas(koffi: typeof import('koffi'), library: string): Cblas;
export declare function sgemmAtOffsets(cblas: Cblas, memory: WasmLinearMemory): SgemmAtOffsets;
