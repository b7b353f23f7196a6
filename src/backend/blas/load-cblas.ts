// Finds a system BLAS at run time through the optional `koffi` FFI package. Nothing here is required: when
// koffi or every candidate library is missing, `loadCblas` says why and the caller keeps the WASM kernels.
import { bindCblas, requireKoffi, type Cblas } from './cblas-binding.mjs';

export type { Cblas } from './cblas-binding.mjs';

/** Either the loaded library or the reason none could be loaded. */
export type CblasLoad = { cblas: Cblas; reason: null } | { cblas: null; reason: string };

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

/** Loads the first candidate library that exports cblas_sgemm. */
export function loadCblas(candidates: readonly string[] = cblasCandidates()): CblasLoad {
  const koffi = requireKoffi();
  if (typeof koffi === 'string') return { cblas: null, reason: koffi };
  const failures: string[] = [];
  for (const library of candidates) {
    try {
      return { cblas: bindCblas(koffi, library), reason: null };
    } catch (error) {
      failures.push(`${library}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { cblas: null, reason: `no system BLAS with cblas_sgemm found (${failures.join('; ')})` };
}
