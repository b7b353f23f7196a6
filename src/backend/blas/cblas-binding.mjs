// The CBLAS entry points through the optional `koffi` FFI package, in plain JavaScript, so that both the main
// thread (load-cblas.ts) and the WASM backend's helper threads, which run without a TypeScript loader, bind
// the library the same way.
import { createRequire } from 'node:module';

// CBLAS enum values (cblas.h).
const ROW_MAJOR = 101;
const NO_TRANS = 111;
const TRANS = 112;

/** The koffi module, or a sentence saying why it does not load. */
export function requireKoffi() {
  try {
    // koffi is an optionalDependency: a synchronous require keeps setBackend synchronous and lets it be absent.
    return createRequire(import.meta.url)('koffi');
  } catch (error) {
    return `the optional package 'koffi' is not installed or does not load (${error.message.split('\n')[0]})`;
  }
}

/** Binds cblas_sgemm (and OpenBLAS's thread count, when the library has one) of `library`; throws if it cannot. */
export function bindCblas(koffi, library) {
  const lib = koffi.load(library);
  // Typed arrays are passed as pointers to their own bytes (no copy), views into shared WASM memory included.
  const sgemm = lib.func(
    'void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, ' +
      'const float *a, int lda, const float *b, int ldb, float beta, float *c, int ldc)',
  );
  let setThreads = null;
  let coreName = null;
  try {
    coreName = lib.func('const char *openblas_get_corename()')();
  } catch {
    // Not OpenBLAS.
  }
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
    coreName,
    sgemm: (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) =>
      sgemm(
        ROW_MAJOR,
        transA ? TRANS : NO_TRANS,
        transB ? TRANS : NO_TRANS,
        m,
        n,
        k,
        alpha,
        a,
        lda,
        b,
        ldb,
        beta,
        c,
        ldc,
      ),
    setThreads,
  };
}

/**
 * C = op(A)·op(B) (+ C when beta is 1) with A, B and C given as byte offsets into a WebAssembly memory: the
 * form in which a thread that shares the memory, but not the caller's arrays, receives its part of a product.
 */
export function sgemmAtOffsets(cblas, memory) {
  return (transA, transB, m, n, k, a, lda, b, ldb, beta, c, ldc) => {
    const buffer = memory.buffer; // read per call: the memory may have grown
    cblas.sgemm(
      transA !== 0,
      transB !== 0,
      m,
      n,
      k,
      1,
      new Float32Array(buffer, a),
      lda,
      new Float32Array(buffer, b),
      ldb,
      beta,
      new Float32Array(buffer, c),
      ldc,
    );
  };
}
