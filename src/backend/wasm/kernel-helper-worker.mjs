// A helper thread of the WASM backend (see kernel-helper.ts): it instantiates the kernels on the backend's
// shared memory and runs, on request, one kernel call on a part of a product or an update while the main
// thread computes the rest. Plain JavaScript, so that the thread starts without a TypeScript loader.
//
// The hand-off is a small shared Int32Array: the main thread writes the kernel and its arguments, then sets
// STATE to POSTED; this thread runs the call and sets STATE to DONE (or FAILED). Between calls it spins for
// a while, since a training step posts a call every few hundred microseconds and waking a sleeping thread
// costs more than that saving is worth; then it sleeps in Atomics.wait until the next call.
//
// One "kernel" is not WebAssembly: CBLAS_SGEMM, a part of a product through the system BLAS that the blas
// backend loaded. The main thread posts the library's name (a message) before the first such call; this
// thread binds the same library on that call.
import { parentPort, receiveMessageOnPort, workerData } from 'node:worker_threads';
import { bindCblas, requireKoffi, sgemmAtOffsets } from '../blas/cblas-binding.mjs';
import { ARG_COUNT, CBLAS_SGEMM, DONE, FAILED, IDLE, KERNEL, POSTED, STATE, viewControl } from './kernel-helper-protocol.mjs';

const { module, memory, control, kernelNames, spinMilliseconds } = workerData;
const { state, args } = viewControl(control);
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
  for (let received; (received = receiveMessageOnPort(parentPort)) !== undefined;) {
    library = received.message.cblasLibrary ?? library;
  }
  if (library === null) throw new Error('no BLAS library was named to this thread');
  const koffi = requireKoffi();
  if (typeof koffi === 'string') throw new Error(koffi);
  return sgemmAtOffsets(bindCblas(koffi, library), memory);
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
