import { EXP_TABLE_WORDS } from './exp-table.ts';

// exp(x) exactly as glibc (2.28 and later) computes it on x86-64 machines with FMA, the C library function
// scikit-learn's log loss calls. Math.exp differs from it in the last bit for about one input in ten, and
// SGD with the 'optimal' learning rate (first steps of size 10) magnifies such differences until the
// coefficients differ in their second digit. With this port, log_loss fits match scikit-learn bit for bit.
//
// The algorithm: exp(x) = 2^(k/128) * exp(r), |r| <= ln2/256, 2^(k/128) from a table, exp(r) - 1 by a
// degree-5 polynomial. glibc's FMA build fuses a*b + c into one rounding in the places listed below; fma()
// reproduces that with exact products and sums (Dekker's product, Knuth's sum, and a round-to-odd step so
// that the final rounding is correct).

// glibc's constants (in its hexadecimal notation in the comments; these decimals are the same doubles).
const INV_LN2_N = 184.6649652337873; // 0x1.71547652b82fep0 * 128
const NEG_LN2_HI_N = -0.005415212348111709; // -0x1.62e42fefa0000p-8
const NEG_LN2_LO_N = -1.2864023111638346e-14; // -0x1.cf79abc9e3b3ap-47
const C2 = 0.49999999999996786; // 0x1.ffffffffffdbdp-2
const C3 = 0.16666666666665886; // 0x1.555555555543cp-3
const C4 = 0.0416666808410674; // 0x1.55555cf172b91p-5
const C5 = 0.008333335853059549; // 0x1.1111167a4d017p-7
const SHIFT = 6755399441055744; // 0x1.8p52
const TWO_POW_1009 = 2 ** 1009;
const TWO_POW_MINUS_1022 = 2 ** -1022;
const SPLITTER = 134217729; // 2^27 + 1, splits a double into two 26-bit halves

const scratch = new Float64Array(1);
const words = new Uint32Array(scratch.buffer);

function fromWords(low: number, high: number): number {
  words[0] = low;
  words[1] = high;
  return scratch[0];
}

/** a * b + c with a single rounding (IEEE fusedMultiplyAdd), for finite arguments that do not overflow. */
export function fma(a: number, b: number, c: number): number {
  const product = a * b;
  let t = SPLITTER * a;
  const aHigh = t - (t - a);
  const aLow = a - aHigh;
  t = SPLITTER * b;
  const bHigh = t - (t - b);
  const bLow = b - bHigh;
  const productError = aHigh * bHigh - product + aHigh * bLow + aLow * bHigh + aLow * bLow;
  const sum = product + c;
  const v = sum - product;
  const sumError = product - (sum - v) + (c - v);
  const rest = sumError + productError;
  const w = rest - sumError;
  const restError = sumError - (rest - w) + (productError - w);
  return sum + roundToOdd(rest, restError);
}

/** rest, moved one unit in the last place toward restError when it is inexact and its last bit is even. */
function roundToOdd(rest: number, restError: number): number {
  if (restError === 0) return rest;
  scratch[0] = rest;
  if ((words[0] & 1) === 1) return rest;
  const away = rest > 0 === restError > 0;
  let low = words[0];
  let high = words[1];
  if (away) {
    low = (low + 1) >>> 0;
    if (low === 0) high = (high + 1) >>> 0;
  } else {
    if (low === 0) high = (high - 1) >>> 0;
    low = (low - 1) >>> 0;
  }
  return fromWords(low, high);
}

/** glibc's exp(x), bit for bit. */
export function exp(x: number): number {
  scratch[0] = x;
  let absTop = (words[1] >>> 20) & 0x7ff;
  if (absTop - 0x3c9 >= 0x408 - 0x3c9 || absTop < 0x3c9) {
    if (absTop < 0x3c9) return 1.0 + x; // |x| < 2^-54
    if (absTop >= 0x409) {
      // |x| >= 1024: infinities, NaN, overflow, underflow
      if (x === -Infinity) return 0;
      if (absTop >= 0x7ff) return 1.0 + x;
      return x < 0 ? 0 : Infinity;
    }
    absTop = 0; // 512 <= |x| < 1024: the scale needs care below
  }
  const shifted = fma(INV_LN2_N, x, SHIFT);
  scratch[0] = shifted;
  const kLow = words[0];
  const kd = shifted - SHIFT;
  const r = fma(kd, NEG_LN2_LO_N, fma(kd, NEG_LN2_HI_N, x));
  const entry = 4 * (kLow & 127);
  const tail = fromWords(EXP_TABLE_WORDS[entry], EXP_TABLE_WORDS[entry + 1]);
  const scaleLow = EXP_TABLE_WORDS[entry + 2];
  const scaleHigh = (EXP_TABLE_WORDS[entry + 3] + (kLow << 13)) >>> 0;
  const r2 = r * r;
  const tmp = fma(r2 * r2, fma(r, C5, C4), fma(r2, fma(r, C3, C2), tail + r));
  if (absTop === 0) return largeCase(tmp, scaleLow, scaleHigh, kLow);
  const scale = fromWords(scaleLow, scaleHigh);
  return fma(scale, tmp, scale);
}

/** glibc's specialcase(): results near overflow, and underflow into subnormals with one rounding. */
function largeCase(tmp: number, scaleLow: number, scaleHigh: number, kLow: number): number {
  if ((kLow & 0x80000000) === 0) {
    const scale = fromWords(scaleLow, (scaleHigh - (1009 << 20)) >>> 0);
    return TWO_POW_1009 * fma(scale, tmp, scale);
  }
  const scale = fromWords(scaleLow, (scaleHigh + (1022 << 20)) >>> 0);
  let y = scale + scale * tmp;
  if (y < 1.0) {
    let low = scale - y + scale * tmp;
    const high = 1.0 + y;
    low = 1.0 - high + y + low;
    y = high + low - 1.0;
    if (y === 0) y = 0;
  }
  return TWO_POW_MINUS_1022 * y;
}
