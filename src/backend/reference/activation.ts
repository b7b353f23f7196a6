import type { ActivationName } from '../backend.ts';
import { activationId, checkPreActivation } from '../kernel-checks.ts';
import { activateScalar, derivativeScalar } from './activation-functions.ts';

/** Softmax of one row in place: exp(x − max) / Σ exp(x − max); log_softmax: x − max − log Σ exp(x − max). */
function softmaxRow(x: Float32Array, offset: number, cols: number, log: boolean): void {
  let max = -Infinity;
  for (let j = 0; j < cols; j++) max = Math.max(max, x[offset + j]);
  let sum = 0;
  for (let j = 0; j < cols; j++) sum += Math.exp(x[offset + j] - max);
  const logSum = Math.log(sum);
  for (let j = 0; j < cols; j++) {
    const shifted = x[offset + j] - max;
    x[offset + j] = log ? shifted - logSum : Math.exp(shifted) / sum;
  }
}

const isRowwise = (activation: ActivationName): boolean => activation === 'softmax' || activation === 'log_softmax';

/** x = activation(x + bias) in place, row by row. */
export function referenceBiasActivation(
  x: Float32Array,
  bias: Float32Array | null,
  rows: number,
  cols: number,
  activation: ActivationName,
): void {
  activationId(activation); // throws on an unknown name
  const rowwise = isRowwise(activation);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      // Rounded to float32 as the kernels hold it, so steep functions (exp) see the same input.
      const v = Math.fround(x[offset + j] + (bias === null ? 0 : bias[j]));
      x[offset + j] = rowwise ? v : activateScalar(v, activation);
    }
    if (rowwise) softmaxRow(x, offset, cols, activation === 'log_softmax');
  }
}

/** dx = dy · activation'(…) written from the activation's output y (and pre-activation x where needed); dx may alias dy. */
export function referenceActivationGrad(
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  rows: number,
  cols: number,
  activation: ActivationName,
  x: Float32Array | null = null,
): void {
  activationId(activation); // throws on an unknown name
  checkPreActivation('activationGrad', activation, x, rows * cols);
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    if (activation === 'softmax' || activation === 'log_softmax') {
      rowGrad(y, dy, dx, offset, cols, activation === 'log_softmax');
      continue;
    }
    for (let j = 0; j < cols; j++) {
      const k = offset + j;
      const g = dy[k];
      dx[k] = activation === 'linear' ? g : g * derivativeScalar(x === null ? 0 : x[k], y[k], activation);
    }
  }
}

/** softmax: dx = y ⊙ (dy − Σ dy⊙y); log_softmax: dx = dy − exp(y)·Σ dy. */
function rowGrad(
  y: Float32Array,
  dy: Float32Array,
  dx: Float32Array,
  offset: number,
  cols: number,
  log: boolean,
): void {
  let dot = 0;
  for (let j = 0; j < cols; j++) dot += log ? dy[offset + j] : dy[offset + j] * y[offset + j];
  for (let j = 0; j < cols; j++) {
    const k = offset + j;
    dx[k] = log ? dy[k] - Math.exp(y[k]) * dot : y[k] * (dy[k] - dot);
  }
}
