// Small conversions between what the library returns and what results.json stores.
import { formatShape } from '../../errors.ts';
import { Tensor } from '../../tensor/tensor.ts';

/** The numbers of a Tensor or a number array, as a plain array (for results.json). */
export function numbers(value: Tensor | readonly number[] | ArrayLike<number>): number[] {
  return Array.from(value instanceof Tensor ? value.data : value, Number);
}

/** `print(a.shape)` the way numpy prints it: (60000, 28, 28). */
export function shapeText(t: Tensor): string {
  return formatShape(t.shape);
}

/** The mean of some numbers (np.mean). */
export function mean(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** A History's per-epoch values as plain arrays, with the keys in Keras's order. */
export function historyRecord(history: {
  history: Readonly<Record<string, readonly number[]>>;
}): Record<string, number[]> {
  const record: Record<string, number[]> = {};
  for (const [key, values] of Object.entries(history.history)) record[key] = values.map(Number);
  return record;
}

/** `[loss, accuracy]` from evaluate(), checked to hold two numbers. */
export function lossAndAccuracy(evaluated: unknown): { loss: number; accuracy: number } {
  const values = Array.isArray(evaluated) ? evaluated.map(Number) : [];
  if (values.length < 2) throw new Error(`evaluate() should return [loss, accuracy], got ${JSON.stringify(evaluated)}`);
  return { loss: values[0]!, accuracy: values[1]! };
}

/** "1 epoch", "20 epochs". */
export function epochsText(n: number): string {
  return `${n} epoch${n === 1 ? '' : 's'}`;
}
