import { checkLabels } from '../kernel-checks.ts';

/** out (cols) = Σ over rows of x, or out += that. */
export function referenceSumRows(
  x: Float32Array,
  out: Float32Array,
  rows: number,
  cols: number,
  accumulate = false,
): void {
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += x[i * cols + j];
    out[j] = accumulate ? out[j] + sum : sum;
  }
}

/** Fused softmax + sparse categorical cross-entropy from logits; returns Σ of the per-row losses. */
export function referenceSoftmaxCrossEntropy(
  logits: Float32Array,
  labels: Int32Array,
  probs: Float32Array,
  dLogits: Float32Array | null,
  rows: number,
  cols: number,
  gradScale: number,
): number {
  checkLabels(labels, rows, cols);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    const offset = i * cols;
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, logits[offset + j]);
    let sum = 0;
    for (let j = 0; j < cols; j++) sum += Math.exp(logits[offset + j] - max);
    const label = labels[i];
    total += max + Math.log(sum) - logits[offset + label];
    for (let j = 0; j < cols; j++) {
      const p = Math.exp(logits[offset + j] - max) / sum;
      probs[offset + j] = p;
      if (dLogits !== null) dLogits[offset + j] = (p - (j === label ? 1 : 0)) * gradScale;
    }
  }
  return total;
}

/** Index of the first NaN or ±Infinity in x, or -1. */
export function referenceFirstNonFinite(x: Float32Array): number {
  for (let i = 0; i < x.length; i++) if (!Number.isFinite(x[i])) return i;
  return -1;
}

/** out = x ⊙ mask. */
export function referenceMul(x: Float32Array, mask: Float32Array, out: Float32Array, n: number): void {
  for (let i = 0; i < n; i++) out[i] = x[i] * mask[i];
}
