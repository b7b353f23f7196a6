// Reference per-column kernels (batch normalization's statistics and affine map), float64 sums.
import { checkLength, checkSizes } from '../kernel-checks.ts';

export function referenceColumnMoments(
  x: Float32Array,
  rows: number,
  cols: number,
  mean: Float32Array,
  variance: Float32Array,
): void {
  checkSizes('columnMoments', 'rows, cols', rows, cols);
  checkLength('columnMoments', 'x', x, rows * cols);
  checkLength('columnMoments', 'mean', mean, cols);
  checkLength('columnMoments', 'variance', variance, cols);
  const n = Math.max(rows, 1);
  for (let j = 0; j < cols; j++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) sum += x[i * cols + j];
    const m = Math.fround(sum / n);
    let squares = 0;
    for (let i = 0; i < rows; i++) squares += (x[i * cols + j] - m) ** 2;
    mean[j] = m;
    variance[j] = squares / n;
  }
}

export function referenceColumnGradSums(
  a: Float32Array,
  b: Float32Array,
  rows: number,
  cols: number,
  sumA: Float32Array,
  sumAB: Float32Array,
): void {
  checkSizes('columnGradSums', 'rows, cols', rows, cols);
  checkLength('columnGradSums', 'a', a, rows * cols);
  checkLength('columnGradSums', 'b', b, rows * cols);
  checkLength('columnGradSums', 'sumA', sumA, cols);
  checkLength('columnGradSums', 'sumAB', sumAB, cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    let sp = 0;
    for (let i = 0; i < rows; i++) {
      s += a[i * cols + j];
      sp += a[i * cols + j] * b[i * cols + j];
    }
    sumA[j] = s;
    sumAB[j] = sp;
  }
}

export function referenceColumnAffine(
  x: Float32Array,
  scale: Float32Array,
  shift: Float32Array,
  out: Float32Array,
  rows: number,
  cols: number,
  y: Float32Array | null = null,
  yScale: Float32Array | null = null,
): void {
  checkSizes('columnAffine', 'rows, cols', rows, cols);
  checkLength('columnAffine', 'x', x, rows * cols);
  checkLength('columnAffine', 'scale', scale, cols);
  checkLength('columnAffine', 'shift', shift, cols);
  checkLength('columnAffine', 'out', out, rows * cols);
  if (y !== null) {
    checkLength('columnAffine', 'y', y, rows * cols);
    checkLength('columnAffine', 'yScale', yScale ?? new Float32Array(0), cols);
  }
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const at = i * cols + j;
      out[at] = x[at] * scale[j] + shift[j] + (y === null ? 0 : y[at] * yScale![j]);
    }
  }
}
