import type { Backend } from './backend.ts';
import { ValueError } from '../errors.ts';
import { createReferenceBackend } from './reference/reference-backend.ts';
import { createWasmBackend, wasmBackendThreads } from './wasm/wasm-backend.ts';
import { RELAXED_BUILD, defaultBuild } from './wasm/kernel-builds.mjs';
import { DEFAULT_BLAS_POLICY, createBlasBackend } from './blas/blas-backend.ts';
import { loadCblas, type CblasLoad } from './blas/load-cblas.ts';
import { formatKernelProfile, profileBackend } from './profile.ts';

/** The backend names `setBackend` accepts. */
export type BackendName = 'reference' | 'wasm' | 'blas';

const BACKEND_NAMES: readonly BackendName[] = ['reference', 'wasm', 'blas'];

/** Whether a system BLAS was found, which library, or why not. */
export interface BlasInfo {
  available: boolean;
  /** The library loaded (e.g. 'libopenblas.so.0'), or null. */
  library: string | null;
  /** OpenBLAS's kernel set for this CPU ('Haswell', 'SkylakeX', …), null for other libraries or none. */
  coreName: string | null;
  /** Why no system BLAS is used, or null when one is. */
  reason: string | null;
}

/** Which build of the WASM kernels this runtime loads (see scripts/build-wasm.mjs). */
export interface WasmInfo {
  /** True for the relaxed-SIMD build, whose matrix product uses fused multiply-adds. */
  fusedMultiplyAdd: boolean;
  /** The module file. */
  path: string;
}

/** Which build of the WASM kernels the 'wasm' (and 'blas') backend uses here. */
export function wasmInfo(): WasmInfo {
  const path = defaultBuild();
  return { fusedMultiplyAdd: path === RELAXED_BUILD, path };
}

// Each backend is created once, on first use, so that importing nabla loads no WASM (and no BLAS) until needed.
// `plain` holds them unprofiled (the blas backend wraps the plain wasm one, sharing its memory); `created` holds
// what getBackend hands out (profiled under NABLA_PROFILE=1).
const plain = new Map<BackendName, Backend>();
const created = new Map<BackendName, Backend>();
let current: Backend | null = null;
let blasLoad: CblasLoad | null = null;

function cblasLoad(): CblasLoad {
  if (blasLoad === null) blasLoad = loadCblas();
  return blasLoad;
}

function createPlain(name: BackendName): Backend {
  let backend = plain.get(name);
  if (backend === undefined) {
    if (name === 'reference') backend = createReferenceBackend();
    else if (name === 'wasm') backend = createWasmBackend();
    else {
      const { cblas } = cblasLoad();
      // Without a system BLAS, 'blas' is the WASM backend itself, as documented.
      const wasm = createPlain('wasm');
      backend = cblas === null ? wasm : createBlasBackend(wasm, cblas, DEFAULT_BLAS_POLICY, wasmBackendThreads(wasm));
    }
    plain.set(name, backend);
  }
  return backend;
}

function create(name: BackendName): Backend {
  let backend = created.get(name);
  if (backend === undefined) {
    const inner = createPlain(name);
    // A 'blas' that fell back is the wasm backend: hand out the same (possibly profiled) object.
    if (name === 'blas' && inner === createPlain('wasm')) backend = create('wasm');
    else backend = profiling() ? profileBackend(inner) : inner;
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
    process.on('exit', () =>
      process.stderr.write(`\nnabla kernel profile (NABLA_PROFILE=1)\n${formatKernelProfile()}\n`),
    );
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

/**
 * Selects the compute backend by name, like `tf.setBackend`. 'blas' uses the system BLAS (OpenBLAS,
 * Accelerate) for matrix products when the optional `koffi` package and a library are found, and otherwise
 * falls back silently to 'wasm' (`blasInfo()` says which happened and why).
 */
export function setBackend(name: BackendName): void {
  if (!(BACKEND_NAMES as readonly string[]).includes(name)) {
    const valid = BACKEND_NAMES.map((n) => `'${n}'`).join(', ');
    throw new ValueError(`unknown backend '${String(name)}': expected one of ${valid}`);
  }
  current = create(name);
}

/** Whether setBackend('blas') gets a system BLAS on this machine (no TensorFlow.js counterpart). */
export function blasAvailable(): boolean {
  return cblasLoad().cblas !== null;
}

/** The system BLAS that setBackend('blas') uses, or why there is none (NABLA_BLAS_LIBRARY picks a library). */
export function blasInfo(): BlasInfo {
  const { cblas, reason } = cblasLoad();
  return { available: cblas !== null, library: cblas?.library ?? null, coreName: cblas?.coreName ?? null, reason };
}

/** The names of the backends that load on this machine, the default first ('blas' only with a system BLAS). */
export function listBackends(): BackendName[] {
  let names: BackendName[];
  try {
    create('wasm');
    names = ['wasm', 'reference'];
  } catch {
    return ['reference'];
  }
  return blasAvailable() ? [...names, 'blas'] : names;
}
