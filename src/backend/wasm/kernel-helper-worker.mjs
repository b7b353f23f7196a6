// A helper thread of the WASM backend (see kernel-helper.ts): it instantiates the kernels on the backend's
// shared memory and runs, on request, one kernel call on a part of a product or an update while the main
// thread computes the rest. Plain JavaScript, so that the thread starts without a TypeScript loader.
//
// The hand-off is a small shared Int32Array: the main thread writes the kernel and its arguments, then sets
// STATE to POSTED (and notifies); this thread claims the call (POSTED → RUNNING), runs it and sets STATE to
// DONE (or FAILED). The main thread may take a call back that is still POSTED when it has finished its own
// part (the claim then fails here, and the call is not run twice). Between calls this thread spins for a
// short, bounded while (spinMicroseconds: a training step posts its next call within about that, and waking
// a sleeping thread costs tens of microseconds), then sleeps in Atomics.wait until the next post: an idle
// helper uses no CPU, and on a busy machine it does not keep a core from the other threads.
//
// One "kernel" is not WebAssembly: CBLAS_SGEMM, a part of a product through the system BLAS that the blas
// backend loaded. The main thread posts the library's name (a message) before the first such call; this
// thread binds the same library on that call.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { bindCblas, requireKoffi, sgemmAtOffsets } from '../blas/cblas-binding.mjs';
import {
  ARG_COUNT,
  CBLAS_SGEMM,
  DONE,
  FAILED,
  IDLE,
  KERNEL,
  POSTED,
  RUNNING,
  SLEEPING,
  STATE,
  viewControl,
} from './kernel-helper-protocol.mjs';

const { module, memory, control, kernelNames, spinMicroseconds } = workerData;
const { state, args, runTime } = viewControl(control);
const callArgs = [];

/** The kernels instantiated on the shared memory, or null (and STATE FAILED) when that fails. */
function instantiate() {
  try {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    return kernelNames.map((name) => (name === CBLAS_SGEMM ? cblasSgemm : exports[name]));
  } catch {
    Atomics.store(state, STATE, FAILED);
    Atomics.notify(state, STATE);
    return null;
  }
}

let sgemmHere = null;

/** A part of a product through the system BLAS (arguments as sgemmAtOffsets takes them). */
function cblasSgemm(...args) {
  sgemmHere ??= bindPostedLibrary();
  sgemmHere(...args);
}

/** sgemm over the shared memory from the library the main thread named; throws (the call FAILS) without one. */
function bindPostedLibrary() {
  let library = null;
  for (let received; (received = receiveMessageOnPort(parentPort)) !== undefined; ) {
    library = received.message.cblasLibrary ?? library;
  }
  if (library === null) throw new Error('no BLAS library was named to this thread');
  const koffi = requireKoffi();
  if (typeof koffi === 'string') throw new Error(koffi);
  return sgemmAtOffsets(bindCblas(koffi, library), memory);
}

/**
 * Returns once this thread has claimed a posted call: spins for spinMicroseconds, then sleeps until the state
 * changes (every post notifies), and spins again after each wake.
 */
function claimCall() {
  for (;;) {
    const deadline = performance.now() + spinMicroseconds / 1000;
    let spins = 0;
    let seen = Atomics.load(state, STATE);
    while (seen !== POSTED && ((++spins & 63) !== 0 || performance.now() < deadline)) seen = Atomics.load(state, STATE);
    if (seen === POSTED) {
      if (Atomics.compareExchange(state, STATE, POSTED, RUNNING) === POSTED) return;
      continue; // the main thread took it back
    }
    // The main thread reads SLEEPING when it posts: a part taken back from a sleeping helper tells of the
    // time a wake takes, not of a busy machine (see split-policy.ts).
    Atomics.store(state, SLEEPING, 1);
    Atomics.wait(state, STATE, seen);
    Atomics.store(state, SLEEPING, 0);
  }
}

function runCall() {
  const count = state[ARG_COUNT];
  callArgs.length = count;
  for (let i = 0; i < count; i++) callArgs[i] = args[i];
  try {
    const start = performance.now();
    kernels[state[KERNEL]].apply(null, callArgs);
    runTime[0] = performance.now() - start; // published by the store of DONE
    Atomics.store(state, STATE, DONE);
  } catch {
    Atomics.store(state, STATE, FAILED); // the main thread reruns the part itself and reports the error
  }
  Atomics.notify(state, STATE);
}

const kernels = instantiate();
if (kernels !== null) {
  Atomics.store(state, STATE, IDLE);
  Atomics.notify(state, STATE);
  for (;;) {
    claimCall();
    runCall();
  }
}
