// The user-facing entry points: trace a function once on a tape, then walk the tape backwards.
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { sameShape } from '../tensor/broadcast.ts';
import { isFloat } from '../tensor/dtype.ts';
import { astype } from '../tensor/ops/convert.ts';
import { ones, zeros } from '../tensor/ops/creation.ts';
import { add } from '../tensor/ops/elementwise.ts';
import { Tensor } from '../tensor/tensor.ts';
import { gradientOf } from './registry.ts';
import { Tape, withTape, withoutRecording } from './tape.ts';

/** What a function built by valueAndGrad returns: f's result and one gradient per argument. */
export interface ValueAndGrad {
  value: Tensor;
  grads: Tensor[];
}

/**
 * Wraps f so that calling it returns f's value and the gradient of that value with respect to every
 * argument (jax.value_and_grad, tf.GradientTape). A non-scalar value is differentiated as its sum. The
 * arguments must be float tensors; gradients have their shapes and dtypes. First-order only.
 *
 *   const { value, grads: [dw, db] } = nb.valueAndGrad((w, b) => nb.mean(nb.relu(x.matmul(w).add(b))))(w, b);
 */
export function valueAndGrad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => ValueAndGrad {
  return (...args: Args): ValueAndGrad => {
    const inputs = args.map((arg, i) => watchable(arg, i)) as Args;
    const tape = new Tape();
    inputs.forEach((t) => tape.watch(t));
    const value = withTape(tape, () => f(...inputs));
    if (!(value instanceof Tensor)) {
      throw new ValueError(`valueAndGrad: the function must return a Tensor, got ${typeof value}`);
    }
    const grads = withoutRecording(() => backward(tape, value, inputs));
    return { value, grads };
  };
}

/** Wraps f so that calling it returns the gradient with respect to every argument (jax.grad, tf.grads). */
export function grad<Args extends Tensor[]>(f: (...args: Args) => Tensor): (...args: Args) => Tensor[] {
  const both = valueAndGrad(f);
  return (...args: Args) => both(...args).grads;
}

/** A fresh handle on the argument's storage, so that the same tensor passed twice gets two gradients. */
function watchable(arg: Tensor, position: number): Tensor {
  if (!(arg instanceof Tensor)) {
    throw new ValueError(`valueAndGrad: argument ${position} must be a Tensor, got ${typeof arg}`);
  }
  if (!isFloat(arg.dtype)) {
    throw new ValueError(
      `valueAndGrad: argument ${position} is ${arg.dtype}; gradients need a float tensor (use .astype('float32'))`,
    );
  }
  return new Tensor(arg.data, arg.shape);
}

/** Reverse accumulation over the tape: each op turns its output gradient into its inputs' gradients. */
function backward(tape: Tape, value: Tensor, inputs: readonly Tensor[]): Tensor[] {
  const grads = new Map<Tensor, Tensor>();
  grads.set(value, ones(value.shape, value.dtype));
  for (let i = tape.entries.length - 1; i >= 0; i--) {
    const entry = tape.entries[i];
    const dy = grads.get(entry.output);
    if (dy === undefined) continue;
    grads.delete(entry.output); // consumed: lets intermediate gradients be collected early
    const rule = gradientOf(entry.op)!;
    const needs = entry.inputs.map((t) => tape.isTracked(t));
    const inputGrads = rule(dy, entry.inputs, entry.output, entry.attrs, needs);
    entry.inputs.forEach((input, k) => {
      const g = inputGrads[k];
      if (g === null || g === undefined || !needs[k]) return;
      accumulate(grads, input, conform(g, input, entry.op));
    });
  }
  return inputs.map((t) => grads.get(t) ?? zeros(t.shape, t.dtype));
}

function accumulate(grads: Map<Tensor, Tensor>, t: Tensor, g: Tensor): void {
  const previous = grads.get(t);
  grads.set(t, previous === undefined ? g : add(previous, g));
}

/** The gradient in its input's dtype; a shape mismatch is a bug in a gradient rule, reported as such. */
function conform(g: Tensor, input: Tensor, op: string): Tensor {
  if (!sameShape(g.shape, input.shape)) {
    throw new ShapeError(
      `gradient of '${op}' has shape ${formatShape(g.shape)}, its input has ${formatShape(input.shape)}`,
    );
  }
  return g.dtype === input.dtype ? g : astype(g, input.dtype);
}
