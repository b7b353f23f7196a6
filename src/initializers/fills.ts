// The distributions the initializers draw from, filling a flat float32 buffer with a seeded generator.
import { ValueError } from '../errors.ts';
import type { Generator } from '../random/generator.ts';

/** The stddev of a unit normal truncated to [−2, 2]: VarianceScaling divides by it to keep the asked variance. */
export const TRUNCATED_STDDEV = 0.87962566103423978;

export function fillUniform(out: Float32Array, rng: Generator, low: number, high: number): void {
  for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * rng.uniform();
}

export function fillNormal(out: Float32Array, rng: Generator, mean: number, stddev: number): void {
  for (let i = 0; i < out.length; i++) out[i] = mean + stddev * rng.normal();
}

/** Normal values within two standard deviations of the mean, redrawn otherwise (tf.random.truncated_normal). */
export function fillTruncatedNormal(out: Float32Array, rng: Generator, mean: number, stddev: number): void {
  for (let i = 0; i < out.length; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    out[i] = mean + z * stddev;
  }
}

/**
 * gain · an orthogonal matrix (keras.initializers.Orthogonal): the Q of a QR decomposition of a normal matrix
 * of shape (max(rows, cols), min(rows, cols)) with R's diagonal made positive, transposed when rows < cols;
 * rows = product of all but the last dimension, cols = the last dimension.
 */
export function fillOrthogonal(out: Float32Array, shape: readonly number[], rng: Generator, gain: number): void {
  if (shape.length < 2) {
    throw new ValueError(`Orthogonal initializer needs a shape of at least 2 dimensions, got [${shape.join(', ')}]`);
  }
  const cols = shape[shape.length - 1];
  const rows = out.length / Math.max(cols, 1);
  const tall = Math.max(rows, cols);
  const narrow = Math.min(rows, cols);
  // Column-major: column j of the tall × narrow matrix is q[j·tall .. (j+1)·tall).
  const q = new Float64Array(tall * narrow);
  for (let i = 0; i < q.length; i++) q[i] = rng.normal();
  gramSchmidt(q, tall, narrow);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      // out[r][c] = Q[r][c] when rows ≥ cols, Qᵀ[r][c] = Q[c][r] otherwise.
      const value = rows >= cols ? q[c * tall + r] : q[r * tall + c];
      out[r * cols + c] = gain * value;
    }
  }
}

/**
 * Orthonormalises the columns in place by modified Gram–Schmidt, each projection done twice for accuracy.
 * The result is the Q of the QR decomposition whose R has a positive diagonal (what Keras's sign fix gives).
 */
function gramSchmidt(q: Float64Array, length: number, count: number): void {
  for (let j = 0; j < count; j++) {
    const cj = j * length;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const ci = i * length;
        let dot = 0;
        for (let k = 0; k < length; k++) dot += q[ci + k] * q[cj + k];
        for (let k = 0; k < length; k++) q[cj + k] -= dot * q[ci + k];
      }
    }
    let norm = 0;
    for (let k = 0; k < length; k++) norm += q[cj + k] * q[cj + k];
    norm = Math.sqrt(norm);
    for (let k = 0; k < length; k++) q[cj + k] /= norm;
  }
}

/** gain · the identity matrix (keras.initializers.Identity): 2-D shapes only, rectangular allowed. */
export function fillIdentity(out: Float32Array, shape: readonly number[], gain: number): void {
  if (shape.length !== 2) {
    throw new ValueError(`Identity initializer is for 2-D shapes only, got [${shape.join(', ')}]`);
  }
  out.fill(0);
  const [rows, cols] = shape;
  for (let i = 0; i < Math.min(rows, cols); i++) out[i * cols + i] = gain;
}
