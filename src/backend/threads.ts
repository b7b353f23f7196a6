import { ValueError } from '../errors.ts';
import { physicalCores } from './cpu-cores.ts';

// How many threads the WASM kernels may use for one product or optimizer update (like PyTorch's
// torch.set_num_threads). By default one per physical core: two hyperthreads of one core share its
// execution units, so a second thread there only adds hand-off costs. NABLA_THREADS=n sets the default
// (NABLA_THREADS=1 keeps everything on the calling thread); setNumThreads overrides both. The blas backend
// gives OpenBLAS as many threads for its large products.

let requested: number | null = null;
let defaultCount: number | null = null;

/** Sets the number of threads the kernels may use (1: the calling thread only). */
export function setNumThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) {
    throw new ValueError(`setNumThreads: threads must be an integer ≥ 1, got ${threads}`);
  }
  requested = threads;
}

/** The number of threads the kernels may use. */
export function getNumThreads(): number {
  if (requested !== null) return requested;
  if (defaultCount === null) defaultCount = threadsFromEnvironment() ?? physicalCores();
  return defaultCount;
}

function threadsFromEnvironment(): number | null {
  const value = process.env.NABLA_THREADS;
  if (value === undefined || value === '') return null;
  const threads = Number(value);
  if (Number.isInteger(threads) && threads >= 1) return threads;
  process.emitWarning(`NABLA_THREADS=${value} is not an integer ≥ 1; ignored`, 'NablaWarning');
  return null;
}
