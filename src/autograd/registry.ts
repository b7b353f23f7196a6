// Gradient rules by op name (the op names tensor ops report to the recorder).
import type { OpAttrs } from '../tensor/ops/record.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { arithmeticGradients } from './rules/arithmetic.ts';
import { matmulGradients } from './rules/matmul.ts';
import { reduceGradients } from './rules/reduce.ts';
import { shapeGradients } from './rules/shape.ts';
import { softmaxGradients } from './rules/softmax.ts';
import { activationGradients, unaryGradients } from './rules/unary.ts';

/**
 * Given the gradient `dy` of the op's output, returns the gradient for each input (null where none flows,
 * e.g. to indices or to a scalar operand). Each gradient has its input's shape. `needs[k]` says whether
 * input k wants a gradient at all, so that costly rules (matmul) can skip the rest.
 */
export type GradientRule = (
  dy: Tensor,
  inputs: readonly Tensor[],
  output: Tensor,
  attrs: OpAttrs,
  needs: readonly boolean[],
) => (Tensor | null)[];

const rules = new Map<string, GradientRule>(
  Object.entries({
    ...arithmeticGradients,
    ...unaryGradients,
    ...reduceGradients,
    ...shapeGradients,
    ...matmulGradients,
    ...softmaxGradients,
    ...activationGradients,
  }),
);

/** Registers the gradient of one op. */
export function registerGradient(op: string, rule: GradientRule): void {
  rules.set(op, rule);
}

/** The gradient rule of an op, if it is differentiable. */
export function gradientOf(op: string): GradientRule | undefined {
  return rules.get(op);
}

/** True when the op has a gradient rule. */
export function hasGradient(op: string): boolean {
  return rules.has(op);
}
