import { Worker } from 'node:worker_threads';
import type { WasmLinearMemory } from './webassembly-api.ts';
import { ARG_COUNT, DONE, IDLE, KERNEL, MAX_ARGS, POSTED, STARTING, STATE, createControl } from './kernel-helper-protocol.mjs';

// One helper thread of the WASM backend, seen from the main thread: it runs single kernel calls on the
// shared memory (kernel-helper-worker.mjs, which describes the hand-off). Its state lives in a shared
// Int32Array (kernel-helper-protocol.mjs), so posting a call and seeing it done cost well under a microsecond
// while the helper spins.

/** How long the helper spins for the next call before it sleeps (a training step posts one every ~0.2 ms). */
const HELPER_SPIN_MILLISECONDS = 5;
/** How long the main thread spins for the helper to finish before it sleeps (its part is as long as ours). */
const JOIN_SPIN_MILLISECONDS = 1;

const WORKER_URL = new URL('./kernel-helper-worker.mjs', import.meta.url);

export class KernelHelper {
  private readonly state: Int32Array;
  private readonly args: Float64Array;
  private readonly worker: Worker;
  private dead = false;

  /** Starts the thread; it is ready once it has instantiated the kernels (see awaitStart). */
  constructor(module: object, memory: WasmLinearMemory, kernelNames: readonly string[]) {
    const control = createControl();
    this.state = control.state;
    this.args = control.args;
    // No execArgv: the worker is plain JavaScript, and loaders the process was started with (tsx) would only
    // slow its start (150 → 45 ms).
    const worker = (this.worker = new Worker(WORKER_URL, {
      execArgv: [],
      workerData: { module, memory, control: control.buffer, kernelNames, spinMilliseconds: HELPER_SPIN_MILLISECONDS },
    }));
    // The helper must never keep the process alive, and a thread that fails to start is simply not used.
    worker.unref();
    worker.on('error', () => (this.dead = true));
    worker.on('exit', () => (this.dead = true));
  }

  /** Waits up to `milliseconds` for the thread to start; true when it is ready. */
  awaitStart(milliseconds: number): boolean {
    const deadline = performance.now() + milliseconds;
    while (!this.dead && Atomics.load(this.state, STATE) === STARTING) {
      const left = deadline - performance.now();
      if (left <= 0) break;
      Atomics.wait(this.state, STATE, STARTING, Math.min(left, 10));
    }
    return this.ready;
  }

  /** True when the thread is started and waiting for a call. */
  get ready(): boolean {
    return !this.dead && Atomics.load(this.state, STATE) === IDLE;
  }

  /** Names the system BLAS library whose sgemm the thread's CBLAS_SGEMM calls use (bound on the first one). */
  nameCblasLibrary(library: string): void {
    this.worker.postMessage({ cblasLibrary: library });
  }

  /** Hands the call kernels[kernel](...args) to the thread; `ready` must be true. */
  post(kernel: number, args: ArrayLike<number>): void {
    if (args.length > MAX_ARGS) throw new RangeError(`a helper call takes at most ${MAX_ARGS} arguments, got ${args.length}`);
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    this.state[KERNEL] = kernel;
    this.state[ARG_COUNT] = args.length;
    Atomics.store(this.state, STATE, POSTED);
    Atomics.notify(this.state, STATE, 1);
  }

  /** Waits for the posted call; false when it failed there (the caller then runs it itself). */
  join(): boolean {
    const deadline = performance.now() + JOIN_SPIN_MILLISECONDS;
    let spins = 0;
    let state = Atomics.load(this.state, STATE);
    while (state === POSTED) {
      if ((++spins & 255) === 0 && performance.now() > deadline) Atomics.wait(this.state, STATE, POSTED, 1);
      state = Atomics.load(this.state, STATE);
    }
    Atomics.store(this.state, STATE, IDLE);
    return state === DONE;
  }
}
