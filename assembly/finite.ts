// The input check of fit, evaluate and predict: where the first NaN or ±Infinity sits in a float32 array.
// A float is not finite exactly when its exponent bits are all ones; four lanes are compared at a time.

const EXPONENT: i32 = 0x7f800000;

/** Index of the first NaN or ±Infinity among x[0..n), or -1 when all are finite. */
export function firstNonFinite(x: usize, n: i32): i32 {
  const mask = i32x4.splat(EXPONENT);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const exponents = v128.and(v128.load(x + (<usize>i << 2)), mask);
    if (v128.any_true(i32x4.eq(exponents, mask))) break;
  }
  for (; i < n; i++) {
    if ((load<i32>(x + (<usize>i << 2)) & EXPONENT) == EXPONENT) return i;
  }
  return -1;
}
