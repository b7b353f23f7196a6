import type { MatmulOptions } from '../backend.ts';

/** out (m×n) = op(A)·op(B) (or +=), plain loops with a float64 accumulator: the readable definition. */
export function referenceMatmul(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  options: MatmulOptions = {},
): void {
  const { transA = false, transB = false, accumulate = false } = options;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < k; p++) {
        const aip = transA ? a[p * m + i] : a[i * k + p];
        const bpj = transB ? b[j * k + p] : b[p * n + j];
        sum += aip * bpj;
      }
      out[i * n + j] = accumulate ? out[i * n + j] + sum : sum;
    }
  }
}
