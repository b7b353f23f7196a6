import { ValueError } from './errors.ts';
import type { ActivationName } from './backend/backend.ts';

/** The activation ids nabla implements (keras.activations). */
export const ACTIVATIONS: readonly ActivationName[] = ['linear', 'relu', 'sigmoid', 'softmax', 'tanh'];

export type { ActivationName };

/** Resolves an activation id (keras.activations.get): null/undefined → 'linear'; unknown ids list the valid ones. */
export function getActivation(id: string | null | undefined): ActivationName {
  if (id === null || id === undefined) return 'linear';
  if ((ACTIVATIONS as readonly string[]).includes(id)) return id as ActivationName;
  throw new ValueError(`unknown activation '${id}': expected one of ${ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`);
}

/** Applies an activation in place to rows×cols values (plain TypeScript; the planned path uses the backend). */
export function applyActivation(x: Float32Array, rows: number, cols: number, activation: ActivationName): void {
  const n = rows * cols;
  switch (activation) {
    case 'linear':
      return;
    case 'relu':
      for (let i = 0; i < n; i++) if (!(x[i] > 0)) x[i] = 0;
      return;
    case 'sigmoid':
      for (let i = 0; i < n; i++) x[i] = 1 / (1 + Math.exp(-x[i]));
      return;
    case 'tanh':
      for (let i = 0; i < n; i++) x[i] = Math.tanh(x[i]);
      return;
    case 'softmax':
      for (let r = 0; r < rows; r++) softmaxRow(x, r * cols, cols);
  }
}

/** Softmax of one row in place, max-subtracted for stability. */
export function softmaxRow(x: Float32Array, offset: number, cols: number): void {
  let max = -Infinity;
  for (let j = 0; j < cols; j++) if (x[offset + j] > max) max = x[offset + j];
  let sum = 0;
  for (let j = 0; j < cols; j++) {
    const e = Math.exp(x[offset + j] - max);
    x[offset + j] = e;
    sum += e;
  }
  for (let j = 0; j < cols; j++) x[offset + j] /= sum;
}
