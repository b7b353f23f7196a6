// The input check of fit, evaluate and predict: where the first NaN or ±Infinity sits in a float32 array.
// A float is not finite exactly when its exponent bits are all ones; four lanes are compared at a time.

import { EXPONENT_BITS } from './float-bits';

/** Index of the first NaN or ±Infinity among x[0..n), or -1 when all are finite. */
export function firstNonFinite(x: usize, n: i32): i32 {
  const mask = i32x4.splat(EXPONENT_BITS);
  let i = 0;
  // Sixteen floats per test: the four comparisons are merged before the one branch, since a branch per
  // vector, not the loads, bounded the scan. A block that holds a bad value is searched one float at a time.
  for (; i + 16 <= n; i += 16) {
    const p = x + (<usize>i << 2);
    const bad0 = i32x4.eq(v128.and(v128.load(p), mask), mask);
    const bad1 = i32x4.eq(v128.and(v128.load(p, 16), mask), mask);
    const bad2 = i32x4.eq(v128.and(v128.load(p, 32), mask), mask);
    const bad3 = i32x4.eq(v128.and(v128.load(p, 48), mask), mask);
    if (v128.any_true(v128.or(v128.or(bad0, bad1), v128.or(bad2, bad3)))) break;
  }
  for (; i < n; i++) {
    if ((load<i32>(x + (<usize>i << 2)) & EXPONENT_BITS) == EXPONENT_BITS) return i;
  }
  return -1;
}
