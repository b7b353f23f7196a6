// The control block that a helper thread of the WASM backend and the main thread share (plain JavaScript,
// so that the helper, which runs without a TypeScript loader, imports the same numbers as kernel-helper.ts).
// Int32 slots: STATE (one of the states below), KERNEL (index of the kernel to run), ARG_COUNT, SLEEPING; then, from
// ARGS_BYTE_OFFSET, up to MAX_ARGS float64 arguments; then one float64: how long the helper's last call ran
// (milliseconds), written before STATE becomes DONE.

export const STATE = 0;
export const KERNEL = 1;
export const ARG_COUNT = 2;
/** 1 while the helper sleeps in Atomics.wait (set just before, cleared on waking), else 0. */
export const SLEEPING = 3;
export const ARGS_BYTE_OFFSET = 16;
/** The name, in a helper's kernel list, of a product through the system BLAS rather than a WASM kernel. */
export const CBLAS_SGEMM = 'cblasSgemm';
/** The most arguments a kernel call takes (gemm). */
export const MAX_ARGS = 16;

/** The helper is instantiating the kernels. */
export const STARTING = 0;
/** The helper waits for a call. */
export const IDLE = 1;
/** A call is written and waits for the helper (which claims it) or the main thread (which takes it back). */
export const POSTED = 2;
/** The helper claimed the call and runs it. */
export const RUNNING = 3;
/** The helper finished the call. */
export const DONE = 4;
/** The call (or starting) failed on the helper. */
export const FAILED = 5;

const RUN_TIME_BYTE_OFFSET = ARGS_BYTE_OFFSET + MAX_ARGS * 8;

/** A new control block and its views. */
export function createControl() {
  const buffer = new SharedArrayBuffer(RUN_TIME_BYTE_OFFSET + 8);
  return viewControl(buffer);
}

/** The state slots, the argument slots and the run-time slot of a control block. */
export function viewControl(buffer) {
  return {
    buffer,
    state: new Int32Array(buffer, 0, 4),
    args: new Float64Array(buffer, ARGS_BYTE_OFFSET, MAX_ARGS),
    runTime: new Float64Array(buffer, RUN_TIME_BYTE_OFFSET, 1),
  };
}
