// Gradient of C = op(A)·op(B), each case written as one more matrix product (no explicit transposes).
import { matmul } from '../../tensor/ops/matmul.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { GradientRule } from '../registry.ts';

export const matmulGradients: Record<string, GradientRule> = {
  matmul: (dc, [a, b], _, attrs, needs) => {
    const transA = attrs.transposeA === true;
    const transB = attrs.transposeB === true;
    const [da, db] = products(dc, a, b, transA, transB);
    return [needs[0] ? da() : null, needs[1] ? db() : null];
  },
};

/** dA and dB as deferred products, so that an input that needs no gradient costs nothing. */
function products(dc: Tensor, a: Tensor, b: Tensor, transA: boolean, transB: boolean): [() => Tensor, () => Tensor] {
  if (!transA && !transB) return [() => matmul(dc, b, { transposeB: true }), () => matmul(a, dc, { transposeA: true })];
  if (transA && !transB) return [() => matmul(b, dc, { transposeB: true }), () => matmul(a, dc)];
  if (!transA && transB) return [() => matmul(dc, b), () => matmul(dc, a, { transposeA: true })];
  return [
    () => matmul(b, dc, { transposeA: true, transposeB: true }),
    () => matmul(dc, a, { transposeA: true, transposeB: true }),
  ];
}
