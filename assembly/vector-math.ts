// f32x4 transcendental functions for the activation kernels (Cephes single-precision algorithms:
// range reduction plus a polynomial, relative error about 1e-7).

// The constants live in a table in memory and are loaded where used: a v128.const inside a loop is rebuilt
// from immediates on every trip by V8 (several instructions each), a load is one instruction.
const TABLE: usize = memory.data<f32>([
  88.0, 88.0, 88.0, 88.0, // EXP_HI,
  -87.33654, -87.33654, -87.33654, -87.33654, // EXP_LO,
  1.44269504088896341, 1.44269504088896341, 1.44269504088896341, 1.44269504088896341, // LOG2E,
  0.693359375, 0.693359375, 0.693359375, 0.693359375, // LN2_HI,
  -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, -2.12194440e-4, // LN2_LO,
  1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, 1.9875691500e-4, // P0,
  1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, 1.3981999507e-3, // P1,
  8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, 8.3334519073e-3, // P2,
  4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, 4.1665795894e-2, // P3,
  1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, 1.6666665459e-1, // P4,
  5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, 5.0000001201e-1, // P5,
  1.0, 1.0, 1.0, 1.0, // ONE,
  -5.70498872745e-3, -5.70498872745e-3, -5.70498872745e-3, -5.70498872745e-3, // T0,
  2.06390887954e-2, 2.06390887954e-2, 2.06390887954e-2, 2.06390887954e-2, // T1,
  -5.37397155531e-2, -5.37397155531e-2, -5.37397155531e-2, -5.37397155531e-2, // T2,
  1.33314422036e-1, 1.33314422036e-1, 1.33314422036e-1, 1.33314422036e-1, // T3,
  -3.33332819422e-1, -3.33332819422e-1, -3.33332819422e-1, -3.33332819422e-1, // T4,
  0.625, 0.625, 0.625, 0.625, // TANH_SMALL,
  2.0, 2.0, 2.0, 2.0, // TWO,
  8388735.0, 8388735.0, 8388735.0, 8388735.0, // EXPONENT_MAGIC = 2^23 + 127
], 16);

const EXP_HI = 0;
const EXP_LO = 1;
const LOG2E = 2;
const LN2_HI = 3;
const LN2_LO = 4;
const P0 = 5;
const P1 = 6;
const P2 = 7;
const P3 = 8;
const P4 = 9;
const P5 = 10;
const ONE = 11;
const T0 = 12;
const T1 = 13;
const T2 = 14;
const T3 = 15;
const T4 = 16;
const TANH_SMALL = 17;
const TWO = 18;
const EXPONENT_MAGIC = 19;

/** Constant number `index` of the table, in all four lanes. */
@inline
function k(index: i32): v128 {
  return v128.load(TABLE + <usize>(index << 4));
}

/** exp(x) lane-wise: x = n·ln2 + r, exp(r) by a degree-6 polynomial, times 2^n built in the exponent bits. */
@inline
export function expV(x: v128): v128 {
  const underflow = f32x4.lt(x, k(EXP_LO)); // below the smallest normal float: return 0
  // pmin/pmax are single instructions (min/max expand to ~7 on x64); with x first they keep a NaN.
  x = f32x4.pmin(f32x4.pmax(x, k(EXP_LO)), k(EXP_HI));
  const fx = f32x4.nearest(f32x4.mul(x, k(LOG2E)));
  x = f32x4.sub(x, f32x4.mul(fx, k(LN2_HI)));
  x = f32x4.sub(x, f32x4.mul(fx, k(LN2_LO)));
  const z = f32x4.mul(x, x);
  let y = k(P0);
  y = f32x4.add(f32x4.mul(y, x), k(P1));
  y = f32x4.add(f32x4.mul(y, x), k(P2));
  y = f32x4.add(f32x4.mul(y, x), k(P3));
  y = f32x4.add(f32x4.mul(y, x), k(P4));
  y = f32x4.add(f32x4.mul(y, x), k(P5));
  y = f32x4.add(f32x4.add(f32x4.mul(y, z), x), k(ONE));
  // 2^fx: fx + 2^23 + 127 holds the biased exponent fx + 127 in its low mantissa bits; shift it into place
  // (cheaper than V8's saturating float-to-int conversion).
  const pow2 = i32x4.shl(f32x4.add(fx, k(EXPONENT_MAGIC)), 23);
  return v128.andnot(f32x4.mul(y, pow2), underflow);
}

/** 1/(1 + exp(−x)), written as e/(1 + e) with e = exp(x) for x < 0 so that both tails keep their precision. */
@inline
export function sigmoidV(x: v128): v128 {
  const e = expV(f32x4.neg(f32x4.abs(x)));
  const s = f32x4.div(k(ONE), f32x4.add(k(ONE), e));
  return v128.bitselect(s, f32x4.mul(e, s), f32x4.ge(x, f32x4.splat(0)));
}

/** tanh(x): an odd polynomial below |x| = 0.625 (no cancellation near 0), 1 − 2/(exp(2|x|) + 1) above. */
@inline
export function tanhV(x: v128): v128 {
  const ax = f32x4.abs(x);
  const z = f32x4.mul(x, x);
  let p = k(T0);
  p = f32x4.add(f32x4.mul(p, z), k(T1));
  p = f32x4.add(f32x4.mul(p, z), k(T2));
  p = f32x4.add(f32x4.mul(p, z), k(T3));
  p = f32x4.add(f32x4.mul(p, z), k(T4));
  const small = f32x4.add(x, f32x4.mul(f32x4.mul(x, z), p));
  const e = expV(f32x4.add(ax, ax));
  const large = f32x4.sub(k(ONE), f32x4.div(k(TWO), f32x4.add(e, k(ONE))));
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, k(TANH_SMALL)));
}

/** The largest lane. */
@inline
export function maxLanes(v: v128): f32 {
  return max(max(f32x4.extract_lane(v, 0), f32x4.extract_lane(v, 1)), max(f32x4.extract_lane(v, 2), f32x4.extract_lane(v, 3)));
}

/** The sum of the lanes. */
@inline
export function sumLanes(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}
