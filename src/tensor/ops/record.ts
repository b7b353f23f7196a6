import type { Tensor } from '../tensor.ts';

/** Non-tensor arguments of an op that its gradient needs (an axis, keepDims, the input shape …). */
export type OpAttrs = Readonly<Record<string, number | boolean | string | readonly number[] | null | undefined>>;

/**
 * Receives every differentiable op as it runs. The tensor layer knows nothing of gradients: autograd installs
 * a recorder while it traces a function, and tensor ops report to it (the op / gradient split of TensorFlow.js).
 */
export type OpRecorder = (op: string, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs) => void;

let recorder: OpRecorder | null = null;

/** Installs `next` (or none) and returns the previous recorder so that callers can restore it. */
export function setOpRecorder(next: OpRecorder | null): OpRecorder | null {
  const previous = recorder;
  recorder = next;
  return previous;
}

/** True while a recorder listens (ops skip building record arguments otherwise). */
export function isRecording(): boolean {
  return recorder !== null;
}

/** Reports one op to the recorder, if any. */
export function recordOp(op: string, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs = {}): void {
  if (recorder !== null) recorder(op, inputs, output, attrs);
}
