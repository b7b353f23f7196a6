// Gradients of add, sub, mul, div (with broadcasting) and neg.
import { div, mul } from '../../tensor/ops/elementwise.ts';
import { neg } from '../../tensor/ops/unary.ts';
import type { GradientRule } from '../registry.ts';
import { sumToShape } from '../unbroadcast.ts';

export const arithmeticGradients: Record<string, GradientRule> = {
  add: (dy, [a, b]) => [sumToShape(dy, a.shape), sumToShape(dy, b.shape)],
  sub: (dy, [a, b]) => [sumToShape(dy, a.shape), sumToShape(neg(dy), b.shape)],
  mul: (dy, [a, b], _, __, needs) => [
    needs[0] ? sumToShape(mul(dy, b), a.shape) : null,
    needs[1] ? sumToShape(mul(dy, a), b.shape) : null,
  ],
  // d(a/b)/db = −a/b² = −(a/b)/b, reusing the forward output.
  div: (dy, [a, b], out, __, needs) => [
    needs[0] ? sumToShape(div(dy, b), a.shape) : null,
    needs[1] ? sumToShape(neg(div(mul(dy, out), b)), b.shape) : null,
  ],
  neg: (dy) => [neg(dy)],
};
