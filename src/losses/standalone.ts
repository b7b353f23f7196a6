// Losses and metrics called on tensors outside fit, as Keras's loss(y_true, y_pred) and
// metric.update_state(y_true, y_pred) are.
import { ShapeError, formatShape } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';

/** A (rows, cols) view of a prediction tensor and the matching targets and weights. */
export interface StandaloneBatch {
  output: Float32Array;
  targets: Float32Array | Int32Array;
  rows: number;
  cols: number;
  weights: Float32Array | null;
}

/** Flattens yPred to (rows, cols) and checks yTrue (labels: one per row) and the sample weights against it. */
export function standaloneBatch(
  owner: string,
  yTrue: Tensor,
  yPred: Tensor,
  takesLabels: boolean,
  sampleWeight?: Tensor,
): StandaloneBatch {
  const rows = yPred.rank === 0 ? 1 : yPred.shape[0];
  const cols = rows === 0 ? 0 : yPred.size / rows;
  const wanted = takesLabels ? rows : yPred.size;
  if (yTrue.size !== wanted) {
    const expected = takesLabels ? `one label per row, (${rows},)` : `the shape of yPred, ${formatShape(yPred.shape)}`;
    throw new ShapeError(`${owner}: yTrue must hold ${expected}, got ${formatShape(yTrue.shape)}`);
  }
  if (sampleWeight !== undefined && sampleWeight.size !== rows) {
    throw new ShapeError(
      `${owner}: sampleWeight must hold one weight per row, (${rows},), got ${formatShape(sampleWeight.shape)}`,
    );
  }
  return {
    output: Float32Array.from(yPred.data as ArrayLike<number>),
    targets: takesLabels
      ? Int32Array.from(yTrue.data as ArrayLike<number>)
      : Float32Array.from(yTrue.data as ArrayLike<number>),
    rows,
    cols,
    weights: sampleWeight === undefined ? null : Float32Array.from(sampleWeight.data as ArrayLike<number>),
  };
}
