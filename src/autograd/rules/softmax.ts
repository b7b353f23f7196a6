// Gradient of softmax along one axis: dx = y ⊙ (dy − Σ(dy ⊙ y)) over that axis.
import { mul, sub } from '../../tensor/ops/elementwise.ts';
import { sum } from '../../tensor/ops/reduce.ts';
import type { GradientRule } from '../registry.ts';

export const softmaxGradients: Record<string, GradientRule> = {
  softmax: (dy, _, y, attrs) => [mul(y, sub(dy, sum(mul(dy, y), attrs.axis as number, true)))],
};
