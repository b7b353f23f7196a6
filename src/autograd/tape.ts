// The tape: while a function is traced, every differentiable op whose inputs depend on the watched tensors
// is appended here, in execution order, so that the backward pass can walk it in reverse.
import { type OpAttrs, type OpRecorder, setOpRecorder } from '../tensor/ops/record.ts';
import { isFloat } from '../tensor/dtype.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { hasGradient } from './registry.ts';

/** One recorded op. */
export interface TapeEntry {
  readonly op: string;
  readonly inputs: readonly Tensor[];
  readonly output: Tensor;
  readonly attrs: OpAttrs;
}

/** The ops recorded while one function runs, and which tensors depend on its watched inputs. */
export class Tape {
  readonly entries: TapeEntry[] = [];
  private readonly tracked = new WeakSet<Tensor>();

  /** Marks a tensor as a variable to differentiate with respect to. */
  watch(t: Tensor): void {
    this.tracked.add(t);
  }

  /** True when `t` depends on a watched tensor through recorded ops. */
  isTracked(t: Tensor): boolean {
    return this.tracked.has(t);
  }

  /** Records the op when it continues a path from a watched tensor and has a gradient rule. */
  record(op: string, inputs: readonly Tensor[], output: Tensor, attrs: OpAttrs): void {
    if (!isFloat(output.dtype) || !hasGradient(op)) return; // the gradient stops here (argMax, equal, …)
    if (!inputs.some((t) => this.tracked.has(t))) return;
    this.entries.push({ op, inputs, output, attrs });
    this.tracked.add(output);
  }
}

const active: Tape[] = [];

/** Runs `body` with `tape` recording (on top of any tape already recording), and stops recording after. */
export function withTape<T>(tape: Tape, body: () => T): T {
  active.push(tape);
  const previous = setOpRecorder(recordOnActiveTapes);
  try {
    return body();
  } finally {
    active.pop();
    setOpRecorder(active.length > 0 ? recordOnActiveTapes : previous);
  }
}

/** Runs `body` with no recording at all (the backward pass: gradients of gradients are not taken). */
export function withoutRecording<T>(body: () => T): T {
  const previous = setOpRecorder(null);
  try {
    return body();
  } finally {
    setOpRecorder(previous);
  }
}

const recordOnActiveTapes: OpRecorder = (op, inputs, output, attrs) => {
  for (const tape of active) tape.record(op, inputs, output, attrs);
};
