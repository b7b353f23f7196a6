// Finds a system BLAS at run time through the optional `koffi` FFI package. Nothing here is required: when
// koffi or every candidate library is missing, `loadCblas` says why and the caller keeps the WASM kernels.
import { createRequire } from 'node:module';

/** The few CBLAS entry points the blas backend calls. */
export interface Cblas {
  /** The file name or path the library was loaded from. */
  readonly library: string;
  /** Row-major single-precision GEMM: C = alpha·op(A)·op(B) + beta·C (CBLAS argument order). */
  sgemm(
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number,
  ): void;
  /**
   * OpenBLAS's thread count setter; null for libraries without one (Accelerate, reference BLAS). The count is
   * the library's, for the whole process: every backend on the library shares it.
   */
  readonly setThreads: ((threads: number) => void) | null;
}

/** Either the loaded library or the reason none could be loaded. */
export type CblasLoad = { cblas: Cblas; reason: null } | { cblas: null; reason: string };

// CBLAS enum values (cblas.h).
const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

const CANDIDATES: Readonly<Record<string, readonly string[]>> = {
  linux: ['libopenblas.so.0', 'libopenblas.so', 'libblas.so.3', 'libcblas.so.3', 'libcblas.so'],
  darwin: [
    '/System/Library/Frameworks/Accelerate.framework/Accelerate',
    '/opt/homebrew/opt/openblas/lib/libopenblas.dylib',
    '/usr/local/opt/openblas/lib/libopenblas.dylib',
  ],
  win32: ['libopenblas.dll', 'openblas.dll'],
  freebsd: ['libopenblas.so', 'libcblas.so'],
};

/** The library names to try: NABLA_BLAS_LIBRARY when set (one path), else the usual names for this platform. */
export function cblasCandidates(): readonly string[] {
  const chosen = process.env.NABLA_BLAS_LIBRARY;
  if (chosen !== undefined && chosen !== '') return [chosen];
  return CANDIDATES[process.platform] ?? CANDIDATES.linux;
}

type Koffi = typeof import('koffi');

function requireKoffi(): Koffi | string {
  try {
    // koffi is an optionalDependency: a synchronous require keeps setBackend synchronous and lets it be absent.
    return createRequire(import.meta.url)('koffi') as Koffi;
  } catch (error) {
    return `the optional package 'koffi' is not installed or does not load (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Loads the first candidate library that exports cblas_sgemm. */
export function loadCblas(candidates: readonly string[] = cblasCandidates()): CblasLoad {
  const koffi = requireKoffi();
  if (typeof koffi === 'string') return { cblas: null, reason: koffi };
  const failures: string[] = [];
  for (const library of candidates) {
    try {
      return { cblas: bind(koffi, library), reason: null };
    } catch (error) {
      failures.push(`${library}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { cblas: null, reason: `no system BLAS with cblas_sgemm found (${failures.join('; ')})` };
}

function bind(koffi: Koffi, library: string): Cblas {
  const lib = koffi.load(library);
  // Typed arrays are passed as pointers to their own bytes (no copy), views into shared WASM memory included.
  const sgemm = lib.func(
    'void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, ' +
      'const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc)',
  );
  let setThreads: ((threads: number) => void) | null = null;
  try {
    const set = lib.func('void openblas_set_num_threads(int threads)');
    const get = lib.func('int openblas_get_num_threads()');
    // Read back every time (a fraction of a microsecond): the setting is the library's, whoever changed it last.
    setThreads = (threads) => {
      if (get() !== threads) set(threads);
    };
  } catch {
    // Not OpenBLAS: the library manages its own threads.
  }
  return {
    library,
    sgemm: (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
      sgemm(ROW_MAJOR, transA ? TRANS : NO_TRANS, transB ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc),
    setThreads,
  };
}
