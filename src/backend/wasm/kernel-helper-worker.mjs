// A helper thread of the WASM backend (see kernel-helper.ts): it instantiates the kernels on the backend's
// shared memory and runs, on request, one kernel call on a part of a product or an update while the main
// thread computes the rest. Plain JavaScript, so that the thread starts without a TypeScript loader.
//
// The hand-off is a small shared Int32Array: the main thread writes the kernel and its arguments, then sets
// STATE to POSTED; this thread runs the call and sets STATE to DONE (or FAILED). Between calls it spins for
// a while, since a training step posts a call every few hundred microseconds and waking a sleeping thread
// costs more than that saving is worth; then it sleeps in Atomics.wait until the next call.
import { workerData } from 'node:worker_threads';

// The layout of the control block; kernel-helper.ts holds the same numbers.
const STATE = 0;
const KERNEL = 1;
const ARG_COUNT = 2;
const ARGS_BYTE_OFFSET = 16;
const IDLE = 1;
const POSTED = 2;
const DONE = 3;
const FAILED = 4;

const { module, memory, control, kernelNames, spinMilliseconds, maxArgs } = workerData;
const state = new Int32Array(control, 0, 4);
const args = new Float64Array(control, ARGS_BYTE_OFFSET, maxArgs);
const callArgs = [];

/** The kernels instantiated on the shared memory, or null (and STATE FAILED) when that fails. */
function instantiate() {
  try {
    const exports = new WebAssembly.Instance(module, { env: { memory } }).exports;
    return kernelNames.map((name) => exports[name]);
  } catch {
    Atomics.store(state, STATE, FAILED);
    Atomics.notify(state, STATE);
    return null;
  }
}

/** Returns once a call is posted: spins for spinMilliseconds, then sleeps until the state changes. */
function awaitCall() {
  const deadline = performance.now() + spinMilliseconds;
  let spins = 0;
  for (;;) {
    const seen = Atomics.load(state, STATE);
    if (seen === POSTED) return;
    if ((++spins & 1023) === 0 && performance.now() > deadline) Atomics.wait(state, STATE, seen);
  }
}

function runCall() {
  const count = state[ARG_COUNT];
  callArgs.length = count;
  for (let i = 0; i < count; i++) callArgs[i] = args[i];
  try {
    kernels[state[KERNEL]].apply(null, callArgs);
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
    awaitCall();
    runCall();
  }
}
