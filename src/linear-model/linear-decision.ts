import type { DenseRows } from '../model-selection/samples.ts';

// The prediction side of scikit-learn's LinearClassifierMixin and SGDClassifier.predict_proba, in float64.

/** X·coefᵀ + intercept for every sample: row-major (n, k) where k is the number of coefficient rows. */
export function decisionScores(data: DenseRows, coef: readonly Float64Array[], intercept: Float64Array): Float64Array {
  const n = data.nSamples;
  const d = data.nFeatures;
  const k = coef.length;
  const x = data.data;
  const out = new Float64Array(n * k);
  for (let i = 0; i < n; i++) {
    const base = data.rowOf(i) * d;
    for (let c = 0; c < k; c++) {
      const w = coef[c];
      let sum = 0;
      for (let j = 0; j < d; j++) sum += x[base + j] * w[j];
      out[i * k + c] = sum + intercept[c];
    }
  }
  return out;
}

function expit(z: number): number {
  return 1 / (1 + Math.exp(-z));
}

/** Probabilities (n, nClasses) from scores (n, width): width 1 means two classes. */
export function probabilities(scores: Float64Array, width: number, loss: 'log_loss' | 'modified_huber'): Float64Array {
  const squash = loss === 'log_loss' ? expit : (z: number) => (Math.min(1, Math.max(-1, z)) + 1) / 2;
  const n = scores.length / width;
  if (width === 1) {
    const out = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      const p = squash(scores[i]);
      out[2 * i] = 1 - p;
      out[2 * i + 1] = p;
    }
    return out;
  }
  const out = scores.map(squash);
  for (let i = 0; i < n; i++) {
    let sum = 0;
    for (let c = 0; c < width; c++) sum += out[i * width + c];
    // modified_huber can give all zeros: scikit-learn then returns uniform probabilities.
    if (sum === 0) out.fill(1 / width, i * width, (i + 1) * width);
    else for (let c = 0; c < width; c++) out[i * width + c] /= sum;
  }
  return out;
}
