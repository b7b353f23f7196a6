import { ValueError } from '../errors.ts';
import { physicalCores } from './cpu-cores.ts';

// How many threads the WASM kernels may use for one product or optimizer update (like PyTorch's
// torch.set_num_threads). By default one per physical core: two hyperthreads of one core share its
// execution units, so a second thread there only adds hand-off costs. NABLA_THREADS=n sets the default
// (NABLA_THREADS=1 keeps everything on the calling thread); setNumThreads overrides both. The blas backend
// gives OpenBLAS as many threads for its large products.
// The default count is a ceiling: where the second thread is found not to pay (another process keeps a core
// busy), the WASM backend stops splitting for a while (see wasm/split-policy.ts). A count the user chose,
// through NABLA_THREADS or setNumThreads, is used as given.

let requested: number | null = null;
let defaultCount: number | null = null;
let environmentChose = false;

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
  if (defaultCount === null) {
    const fromEnvironment = threadsFromEnvironment();
    environmentChose = fromEnvironment !== null;
    defaultCount = fromEnvironment ?? physicalCores();
  }
  return defaultCount;
}

/** True when the count is the default one (neither setNumThreads nor NABLA_THREADS chose it). */
export function isDefaultNumThreads(): boolean {
  getNumThreads();
  return requested === null && !environmentChose;
}

function threadsFromEnvironment(): number | null {
  const value = process.env.NABLA_THREADS;
  if (value === undefined || value === '') return null;
  const threads = Number(value);
  if (Number.isInteger(threads) && threads >= 1) return threads;
  process.emitWarning(`NABLA_THREADS=${value} is not an integer ≥ 1; ignored`, 'NablaWarning');
  return null;
}
