import type { ActivationName } from '../backend.ts';
import { activationId } from '../kernel-checks.ts';

/** Softmax of one row in place: exp(x − max) / Σ exp(x − max). */
function softmaxRow(x: Float32Array, offset: number, cols: number): void {
  let max = -Infinity;
  for (let j = 0; j < cols; j++) max = Math.max(max, x[offset + j]);
  let sum = 0;
  for (let j = 0; j < cols; j++) {
    const e = Math.exp(x[offset + j] - max);
    x[offset + j] = e;
    sum += e;
  }
  for (let j = 0; j < cols; j++) x[offset + j] /= sum;
}

function applyScalar(v: number, activation: ActivationName): number {
  switch (activation) {
    case 'relu': return v < 0 ? 0 : v; // NaN stays NaN
    case 'sigmoid': return 1 / (1 + Math.exp(-v));
    case 'tanh': return Math.tanh(v);
    default: return v;
  }
}

/** x = activation(x + bias) in place, row by row. */
export function referenceBiasActivation(
  x: Float32Array, bias: Float32Array | null, rows: number, cols: number, activation: ActivationName,
): void {
  activationId(activation); // throws on an unknown name
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    for (let j = 0; j < cols; j++) {
      const v = x[offset + j] + (bias === null ? 0 : bias[j]);
      x[offset + j] = activation === 'softmax' ? v : applyScalar(v, activation);
    }
    if (activation === 'softmax') softmaxRow(x, offset, cols);
  }
}

/** dx = dy · activation'(…) written from the activation's output y; dx may alias dy. */
export function referenceActivationGrad(
  y: Float32Array, dy: Float32Array, dx: Float32Array, rows: number, cols: number, activation: ActivationName,
): void {
  activationId(activation); // throws on an unknown name
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    let dot = 0;
    if (activation === 'softmax') {
      for (let j = 0; j < cols; j++) dot += dy[offset + j] * y[offset + j];
    }
    for (let j = 0; j < cols; j++) {
      const yv = y[offset + j];
      const g = dy[offset + j];
      switch (activation) {
        case 'linear': dx[offset + j] = g; break;
        case 'relu': dx[offset + j] = yv > 0 ? g : 0; break;
        case 'sigmoid': dx[offset + j] = g * yv * (1 - yv); break;
        case 'tanh': dx[offset + j] = g * (1 - yv * yv); break;
        case 'softmax': dx[offset + j] = yv * (g - dot); break;
      }
    }
  }
}
