// A loss written as a function of tensors, (yTrue, yPred) => Tensor, trained through the eager autograd: slower
// than the built-in losses (which compute value and gradient in one loop) but any differentiable expression works.
// See docs/losses-and-metrics.md.
import { valueAndGrad } from '../autograd/index.ts';
import { ValueError } from '../errors.ts';
import { mul } from '../tensor/ops/elementwise.ts';
import { reshape } from '../tensor/ops/shape-ops.ts';
import { sum } from '../tensor/ops/reduce.ts';
import { Tensor } from '../tensor/tensor.ts';
import { Loss, type LossRows } from './loss.ts';

/** A custom loss: per-sample values (or one value) from the targets and the model output. */
export type LossFunction = (yTrue: Tensor, yPred: Tensor) => Tensor;

/** Wraps a LossFunction (Keras's LossFunctionWrapper): reduced as Σ w·values / (number of values). */
export class FunctionLoss extends Loss {
  readonly name: string;

  constructor(readonly fn: LossFunction) {
    super();
    this.name = fn.name !== '' ? fn.name : 'custom_loss';
  }

  override batchLoss(b: LossRows): number {
    const { rows, cols } = b;
    const yTrue = new Tensor(Float32Array.from(b.targets.subarray(0, rows * cols)), [rows, cols]);
    const yPred = new Tensor(b.output.slice(0, rows * cols), [rows, cols]);
    const weights = b.weights === null ? null : b.weights.slice(0, rows);
    const reduced = (p: Tensor): Tensor => {
      const values = this.fn(yTrue, p);
      if (!(values instanceof Tensor)) {
        throw new ValueError(`the loss function ${this.name} must return a Tensor, got ${typeof values}`);
      }
      return sum(weighted(values, weights, rows)).div(Math.max(values.size, 1));
    };
    const { value, grads } = valueAndGrad(reduced)(yPred);
    if (b.grad !== null) b.grad.set(grads[0].data.subarray(0, rows * cols));
    return Number(value.data[0]) * rows;
  }

  protected rowLoss(): number {
    throw new Error('unreachable: FunctionLoss computes whole batches');
  }
}

/** values · w, the weights along the first axis (a scalar is scaled by the mean weight, as Keras broadcasts it). */
function weighted(values: Tensor, weights: Float32Array | null, rows: number): Tensor {
  if (weights === null) return values;
  const w = new Tensor(weights, [rows]);
  if (values.rank === 0) return mul(values, sum(w).div(rows));
  if (values.shape[0] !== rows) {
    throw new ValueError(
      `a loss function's values must have the batch size (${rows}) as first dimension to take sample weights, got shape [${values.shape.join(', ')}]`,
    );
  }
  return mul(values, reshape(w, [rows, ...values.shape.slice(1).map(() => 1)]));
}
