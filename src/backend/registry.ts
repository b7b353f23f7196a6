import type { Backend } from './backend.ts';
import { ValueError } from '../errors.ts';
import { createReferenceBackend } from './reference/reference-backend.ts';
import { createWasmBackend } from './wasm/wasm-backend.ts';
import { formatKernelProfile, profileBackend } from './profile.ts';

/** The backend names `setBackend` accepts. */
export type BackendName = 'reference' | 'wasm' | 'blas';

const BACKEND_NAMES: readonly BackendName[] = ['reference', 'wasm', 'blas'];

// Each backend is created once, on first use, so that importing nabla loads no WASM until needed.
const created = new Map<BackendName, Backend>();
let current: Backend | null = null;

function create(name: BackendName): Backend {
  let backend = created.get(name);
  if (backend === undefined) {
    // No system BLAS binding exists yet: 'blas' falls back to the WASM kernels, as documented.
    backend = name === 'reference' ? createReferenceBackend() : name === 'wasm' ? createWasmBackend() : create('wasm');
    if (name !== 'blas' && profiling()) backend = profileBackend(backend);
    created.set(name, backend);
  }
  return backend;
}

let profileReportArmed = false;

/** NABLA_PROFILE=1: every backend records its kernel time, and the table is printed to stderr at exit. */
function profiling(): boolean {
  if (process.env.NABLA_PROFILE !== '1') return false;
  if (!profileReportArmed) {
    profileReportArmed = true;
    process.on('exit', () => process.stderr.write(`\nnabla kernel profile (NABLA_PROFILE=1)\n${formatKernelProfile()}\n`));
  }
  return true;
}

/** The WASM kernels when they load, else the reference (with one warning saying how to get the fast path). */
function createDefault(): Backend {
  try {
    return create('wasm');
  } catch (error) {
    process.emitWarning(`${(error as Error).message}; using the slower reference backend`, 'NablaWarning');
    return create('reference');
  }
}

/** The backend every kernel call goes through (like `tf.getBackend()`, but returns the backend itself). */
export function getBackend(): Backend {
  if (current === null) current = createDefault();
  return current;
}

/** Selects the compute backend by name, like `tf.setBackend`; 'blas' falls back to 'wasm' without a system BLAS. */
export function setBackend(name: BackendName): void {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    const valid = BACKEND_NAMES.map((n) => `'${n}'`).join(', ');
    throw new ValueError(`unknown backend '${String(name)}': expected one of ${valid}`);
  }
  current = create(name);
}

/** The names of the backends that load on this machine, the default first ('blas' only with a system BLAS). */
export function listBackends(): BackendName[] {
  try {
    create('wasm');
    return ['wasm', 'reference'];
  } catch {
    return ['reference'];
  }
}
