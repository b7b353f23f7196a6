import { ValueError } from '../errors.ts';
import { type TensorLike, tensor } from '../tensor/ops/creation.ts';
import { Tensor } from '../tensor/tensor.ts';

/**
 * One-hot float32 rows from integer class ids (keras.utils.to_categorical): shape [...y.shape, numClasses],
 * a trailing axis of size 1 dropped first; numClasses defaults to the largest id + 1.
 */
export function toCategorical(y: TensorLike, numClasses?: number): Tensor {
  const labels = tensor(y);
  const shape =
    labels.shape.length > 1 && labels.shape[labels.shape.length - 1] === 1
      ? labels.shape.slice(0, -1)
      : [...labels.shape];
  const values = Array.from(labels.data, Number);
  for (let i = 0; i < values.length; i++) {
    if (!Number.isInteger(values[i]) || values[i] < 0) {
      throw new ValueError(`toCategorical: y[${i}] = ${values[i]} is not a class id (a non-negative integer)`);
    }
  }
  const classes = numClasses ?? (values.length === 0 ? 0 : Math.max(...values) + 1);
  if (!Number.isInteger(classes) || classes < 1)
    throw new ValueError(`toCategorical: numClasses must be a positive integer, got ${String(numClasses)}`);
  const out = new Float32Array(values.length * classes);
  values.forEach((label, i) => {
    if (label >= classes)
      throw new ValueError(`toCategorical: y[${i}] = ${label} is outside [0, ${classes}): raise numClasses`);
    out[i * classes + label] = 1;
  });
  return new Tensor(out, [...shape, classes]);
}
