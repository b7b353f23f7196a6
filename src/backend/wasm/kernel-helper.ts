import { Worker } from 'node:worker_threads';
import type { WasmLinearMemory } from './webassembly-api.ts';
import {
  ARG_COUNT,
  DONE,
  IDLE,
  KERNEL,
  MAX_ARGS,
  POSTED,
  RUNNING,
  SLEEPING,
  STARTING,
  STATE,
  createControl,
} from './kernel-helper-protocol.mjs';

// One helper thread of the WASM backend, seen from the main thread: it runs single kernel calls on the
// shared memory (kernel-helper-worker.mjs, which describes the hand-off). Its state lives in a shared
// Int32Array (kernel-helper-protocol.mjs), so posting a call and seeing it done cost well under a microsecond
// while the helper spins. Both sides spin only briefly, then sleep in Atomics.wait.

/**
 * How long the helper spins for the next call before it sleeps. A training step posts its calls a few tens
 * of microseconds apart (the small kernels between two products); a wake from Atomics.wait costs ~10–50 µs.
 */
const HELPER_SPIN_MICROSECONDS = 200;
/** How long the main thread spins for a running call to finish before it sleeps (until the helper notifies). */
const JOIN_SPIN_MICROSECONDS = 50;
/** How long one sleep of the main thread lasts at most before it looks again (a guard, not a poll: DONE notifies). */
const JOIN_SLEEP_MILLISECONDS = 20;

/** How a posted call ended, seen from the main thread. */
export type HandOff =
  /** The helper ran it. */
  | 'done'
  /** The helper had not claimed it when the main thread came to join it: the main thread runs it. */
  | 'taken-back'
  /** It failed on the helper: the main thread runs it (and so reports the error). */
  | 'failed';

const WORKER_URL = new URL('./kernel-helper-worker.mjs', import.meta.url);

export class KernelHelper {
  private readonly state: Int32Array;
  private readonly args: Float64Array;
  private readonly runTime: Float64Array;
  private readonly worker: Worker;
  private dead = false;
  /** How long the last join waited for the helper to finish (0 when it had finished or was not started). */
  lastWaitMilliseconds = 0;
  /** Whether the helper slept (rather than spun) when the last call was posted. */
  asleepAtPost = false;

  /** Whether the helper sleeps now, waiting for a post (it spins for a while after each call first). */
  get asleep(): boolean {
    return Atomics.load(this.state, SLEEPING) === 1;
  }

  /** Starts the thread; it is ready once it has instantiated the kernels (see awaitStart). */
  constructor(
    module: object,
    memory: WasmLinearMemory,
    kernelNames: readonly string[],
    spinMicroseconds = HELPER_SPIN_MICROSECONDS,
  ) {
    const control = createControl();
    this.state = control.state;
    this.args = control.args;
    this.runTime = control.runTime;
    // No execArgv: the worker is plain JavaScript, and loaders the process was started with (tsx) would only
    // slow its start (150 → 45 ms).
    const worker = (this.worker = new Worker(WORKER_URL, {
      execArgv: [],
      workerData: { module, memory, control: control.buffer, kernelNames, spinMicroseconds },
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
    if (args.length > MAX_ARGS)
      throw new RangeError(`a helper call takes at most ${MAX_ARGS} arguments, got ${args.length}`);
    for (let i = 0; i < args.length; i++) this.args[i] = args[i];
    this.state[KERNEL] = kernel;
    this.state[ARG_COUNT] = args.length;
    this.asleepAtPost = this.asleep;
    Atomics.store(this.state, STATE, POSTED);
    Atomics.notify(this.state, STATE, 1);
  }

  /** How long the helper ran the last call it finished ('done'), by its own clock. */
  get lastRunMilliseconds(): number {
    return this.runTime[0];
  }

  /**
   * Ends the posted call: takes it back when the helper has not claimed it yet (the caller then runs it
   * itself: the helper was asleep or descheduled, and waiting for it would cost more), else waits for it.
   */
  join(): HandOff {
    this.lastWaitMilliseconds = 0;
    if (Atomics.compareExchange(this.state, STATE, POSTED, IDLE) === POSTED) return 'taken-back';
    let state = Atomics.load(this.state, STATE);
    if (state === RUNNING) {
      const start = performance.now();
      state = this.awaitFinish();
      this.lastWaitMilliseconds = performance.now() - start;
    }
    Atomics.store(this.state, STATE, IDLE);
    return state === DONE ? 'done' : 'failed';
  }

  /** Waits while the call runs: spins briefly, then sleeps until the helper's notify; returns the new state. */
  private awaitFinish(): number {
    const spinUntil = performance.now() + JOIN_SPIN_MICROSECONDS / 1000;
    let spins = 0;
    let state = Atomics.load(this.state, STATE);
    while (state === RUNNING) {
      if ((++spins & 63) === 0 && performance.now() > spinUntil)
        Atomics.wait(this.state, STATE, RUNNING, JOIN_SLEEP_MILLISECONDS);
      state = Atomics.load(this.state, STATE);
    }
    return state;
  }
}
