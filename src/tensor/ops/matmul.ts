// Matrix product of two 2-D tensors: float32 through the selected backend's kernel, float64 in plain loops
// (kept for exact gradient checks).
import { getBackend } from '../../backend/index.ts';
import { ShapeError, formatShape } from '../../errors.ts';
import { Tensor } from '../tensor.ts';
import { recordOp } from './record.ts';

export interface MatmulTransposeOptions {
  /** Use aᵀ (a is stored k×m). */
  transposeA?: boolean;
  /** Use bᵀ (b is stored n×k). */
  transposeB?: boolean;
}

/** op(a) · op(b) for 2-D tensors (np.matmul / keras.ops.matmul; transposes as tf.matMul). */
export function matmul(a: Tensor, b: Tensor, options: MatmulTransposeOptions = {}): Tensor {
  const { transposeA = false, transposeB = false } = options;
  if (a.rank !== 2 || b.rank !== 2) {
    throw new ShapeError(
      `matmul: expected two 2-D tensors (m, k) and (k, n), got ${formatShape(a.shape)} and ${formatShape(b.shape)}`,
    );
  }
  const [m, k] = transposeA ? [a.shape[1], a.shape[0]] : [a.shape[0], a.shape[1]];
  const [k2, n] = transposeB ? [b.shape[1], b.shape[0]] : [b.shape[0], b.shape[1]];
  if (k !== k2) {
    const shown = `${formatShape(a.shape)}${transposeA ? 'ᵀ' : ''} and ${formatShape(b.shape)}${transposeB ? 'ᵀ' : ''}`;
    throw new ShapeError(`matmul: inner dimensions differ for ${shown}: ${k} vs ${k2}; expected (m, k) and (k, n)`);
  }
  const wide = a.dtype === 'float64' || b.dtype === 'float64';
  const out = wide
    ? matmul64(toFloat64(a), toFloat64(b), m, k, n, transposeA, transposeB)
    : matmul32(toFloat32(a), toFloat32(b), m, k, n, transposeA, transposeB);
  const result = new Tensor(out, [m, n]);
  recordOp('matmul', [a, b], result, { transposeA, transposeB });
  return result;
}

function matmul32(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): Float32Array {
  const out = new Float32Array(m * n);
  if (m * n > 0) getBackend().matmul(a, b, out, m, k, n, { transA, transB });
  return out;
}

/** The plain definition in float64, i-p-j order so that the inner loop runs along rows of b and out. */
function matmul64(
  a: Float64Array,
  b: Float64Array,
  m: number,
  k: number,
  n: number,
  transA: boolean,
  transB: boolean,
): Float64Array {
  const out = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const aip = transA ? a[p * m + i] : a[i * k + p];
      if (transB) for (let j = 0; j < n; j++) out[i * n + j] += aip * b[j * k + p];
      else for (let j = 0; j < n; j++) out[i * n + j] += aip * b[p * n + j];
    }
  }
  return out;
}

function toFloat32(t: Tensor): Float32Array {
  return t.data instanceof Float32Array ? t.data : Float32Array.from(t.data);
}

function toFloat64(t: Tensor): Float64Array {
  return t.data instanceof Float64Array ? t.data : Float64Array.from(t.data);
}
