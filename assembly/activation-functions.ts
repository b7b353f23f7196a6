// The activations beyond relu/sigmoid/tanh as f32x4 functions (forward) and derivatives (backward), the
// WASM twins of src/backend/reference/activation-functions.ts. All are SIMD but exponential, which goes lane by
// lane through the scalar library (vector-math's exp clamps its input at 88, where eˣ must overflow to ∞).
import { expV, sigmoidV, tanhV } from './vector-math';

const SELU_ALPHA: f32 = 1.6732632423543772848170429916717;
const SELU_SCALE: f32 = 1.0507009873554804934193349852946;
const LEAKY_SLOPE: f32 = 0.2;
const INV_SQRT_2PI: f32 = 0.3989422804014327;

@inline
function splat(v: f32): v128 {
  return f32x4.splat(v);
}

/** x > 0 ? x : eˣ − 1 (alpha 1). */
@inline
export function eluV(v: v128): v128 {
  const negative = f32x4.sub(expV(f32x4.pmin(v, splat(0))), splat(1));
  return v128.bitselect(v, negative, f32x4.gt(v, splat(0)));
}

@inline
export function seluV(v: v128): v128 {
  const negative = f32x4.mul(f32x4.sub(expV(f32x4.pmin(v, splat(0))), splat(1)), splat(SELU_ALPHA));
  return f32x4.mul(v128.bitselect(v, negative, f32x4.gt(v, splat(0))), splat(SELU_SCALE));
}

/** erfc(z) for z ≥ 0, fractional error below 1.2e-7 (the Chebyshev fit the reference uses). */
@inline
function erfcPositiveV(z: v128): v128 {
  const t = f32x4.div(splat(1), f32x4.add(splat(1), f32x4.mul(splat(0.5), z)));
  let p = splat(0.17087277);
  p = f32x4.add(f32x4.mul(p, t), splat(-0.82215223));
  p = f32x4.add(f32x4.mul(p, t), splat(1.48851587));
  p = f32x4.add(f32x4.mul(p, t), splat(-1.13520398));
  p = f32x4.add(f32x4.mul(p, t), splat(0.27886807));
  p = f32x4.add(f32x4.mul(p, t), splat(-0.18628806));
  p = f32x4.add(f32x4.mul(p, t), splat(0.09678418));
  p = f32x4.add(f32x4.mul(p, t), splat(0.37409196));
  p = f32x4.add(f32x4.mul(p, t), splat(1.00002368));
  p = f32x4.add(f32x4.mul(p, t), splat(-1.26551223));
  return f32x4.mul(t, expV(f32x4.sub(p, f32x4.mul(z, z))));
}

/** Φ(x) = 0.5·erfc(−x/√2), computed from |x| so both tails keep their precision. */
@inline
function normalCdfV(v: v128): v128 {
  const q = f32x4.mul(splat(0.5), erfcPositiveV(f32x4.mul(f32x4.abs(v), splat(0.70710678118654752))));
  return v128.bitselect(f32x4.sub(splat(1), q), q, f32x4.ge(v, splat(0)));
}

/** x·Φ(x), the exact (erf) form: Keras 3's gelu default is approximate=False. */
@inline
export function geluV(v: v128): v128 {
  return f32x4.mul(v, normalCdfV(v));
}

@inline
export function siluV(v: v128): v128 {
  return f32x4.mul(v, sigmoidV(v));
}

@inline
export function leakyReluV(v: v128): v128 {
  return v128.bitselect(f32x4.mul(v, splat(LEAKY_SLOPE)), v, f32x4.lt(v, splat(0)));
}

@inline
export function relu6V(v: v128): v128 {
  return f32x4.pmin(f32x4.pmax(v, splat(0)), splat(6));
}

@inline
export function softsignV(v: v128): v128 {
  return f32x4.div(v, f32x4.add(f32x4.abs(v), splat(1)));
}

/** relu6(x + 3) / 6 (Keras 3's hard_sigmoid). */
@inline
export function hardSigmoidV(v: v128): v128 {
  return f32x4.pmin(f32x4.pmax(f32x4.add(f32x4.mul(v, splat(<f32>1 / 6)), splat(0.5)), splat(0)), splat(1));
}

@inline
export function hardSiluV(v: v128): v128 {
  return f32x4.mul(v, hardSigmoidV(v));
}

/** log(u) for u in (0.5, 2] lane-wise (Cephes logf: u = m·2ᵉ with m in [√½, √2), a degree-8 polynomial in m − 1). */
@inline
function logNearOneV(u: v128): v128 {
  const bits = i32x4.sub(u, i32x4.splat(0x3f3504f3)); // u / √½ in the exponent: e = floor(log2(u / √½))
  const e = f32x4.convert_i32x4_s(i32x4.shr_s(bits, 23));
  const m = f32x4.sub(v128.or(v128.and(u, i32x4.splat(0x007fffff)), i32x4.splat(0x3f800000)), splat(1));
  // m·2^(mantissa bits of u) restored to [√½, √2) − 1: rescale where the mantissa was at or above √2.
  const high = i32x4.ge_s(v128.and(u, i32x4.splat(0x007fffff)), i32x4.splat(0x003504f3));
  const r = v128.bitselect(f32x4.sub(f32x4.mul(f32x4.add(m, splat(1)), splat(0.5)), splat(1)), m, high);
  const z = f32x4.mul(r, r);
  let p = splat(7.0376836292e-2);
  p = f32x4.add(f32x4.mul(p, r), splat(-1.1514610310e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(1.1676998740e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(-1.2420140846e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(1.4249322787e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(-1.6668057665e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(2.0000714765e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(-2.4999993993e-1));
  p = f32x4.add(f32x4.mul(p, r), splat(3.3333331174e-1));
  let y = f32x4.mul(f32x4.mul(p, r), z);
  y = f32x4.add(y, f32x4.mul(e, splat(-2.12194440e-4)));
  y = f32x4.sub(y, f32x4.mul(z, splat(0.5)));
  return f32x4.add(f32x4.add(r, y), f32x4.mul(e, splat(0.693359375)));
}

/** log(1 + t) for t in [0, 1], with log(u)·t/(u − 1), u = 1 + t, which keeps the relative precision of small t. */
@inline
function log1pUnitV(t: v128): v128 {
  const u = f32x4.add(t, splat(1));
  const d = f32x4.sub(u, splat(1));
  const corrected = f32x4.mul(logNearOneV(u), f32x4.div(t, d));
  return v128.bitselect(t, corrected, f32x4.eq(d, splat(0)));
}

/** log(1 + eˣ) = max(x, 0) + log1p(e^(−|x|)). */
@inline
export function softplusV(v: v128): v128 {
  return f32x4.add(f32x4.pmax(v, splat(0)), log1pUnitV(expV(f32x4.neg(f32x4.abs(v)))));
}

/** x · tanh(softplus(x)). */
@inline
export function mishV(v: v128): v128 {
  return f32x4.mul(v, tanhV(softplusV(v)));
}

@inline
export function exponentialV(v: v128): v128 {
  let out = f32x4.splat(Mathf.exp(f32x4.extract_lane(v, 0)));
  out = f32x4.replace_lane(out, 1, Mathf.exp(f32x4.extract_lane(v, 1)));
  out = f32x4.replace_lane(out, 2, Mathf.exp(f32x4.extract_lane(v, 2)));
  return f32x4.replace_lane(out, 3, Mathf.exp(f32x4.extract_lane(v, 3)));
}

// Derivatives: g · f'(x), from the output y where f' is a function of it, else from the pre-activation x.

@inline
export function eluGradV(y: v128, g: v128): v128 {
  return f32x4.mul(g, v128.bitselect(splat(1), f32x4.add(y, splat(1)), f32x4.gt(y, splat(0))));
}

@inline
export function seluGradV(y: v128, g: v128): v128 {
  const negative = f32x4.add(y, splat(SELU_SCALE * SELU_ALPHA));
  return f32x4.mul(g, v128.bitselect(splat(SELU_SCALE), negative, f32x4.gt(y, splat(0))));
}

/** Φ(x) + x·φ(x). */
@inline
export function geluGradV(x: v128, g: v128): v128 {
  const density = f32x4.mul(expV(f32x4.mul(f32x4.mul(x, x), splat(-0.5))), splat(INV_SQRT_2PI));
  return f32x4.mul(g, f32x4.add(normalCdfV(x), f32x4.mul(x, density)));
}

/** σ(x)·(1 + x·(1 − σ(x))). */
@inline
export function siluGradV(x: v128, g: v128): v128 {
  const s = sigmoidV(x);
  return f32x4.mul(g, f32x4.mul(s, f32x4.add(splat(1), f32x4.mul(x, f32x4.sub(splat(1), s)))));
}

@inline
export function leakyReluGradV(y: v128, g: v128): v128 {
  return v128.bitselect(g, f32x4.mul(g, splat(LEAKY_SLOPE)), f32x4.gt(y, splat(0)));
}

/** g where 0 < y < upper, else 0 (relu6: upper 6, times 1; hard_sigmoid: upper 1, times 1/6). */
@inline
export function clippedGradV(y: v128, g: v128, upper: f32, slope: f32): v128 {
  const inside = v128.and(f32x4.gt(y, splat(0)), f32x4.lt(y, splat(upper)));
  return v128.and(f32x4.mul(g, splat(slope)), inside);
}

/** σ(x) = 1 − e^(−y) from y = softplus(x); below y = 0.01 the series y − y²/2 + y³/6 (no cancellation). */
@inline
export function softplusGradV(y: v128, g: v128): v128 {
  const series = f32x4.mul(y, f32x4.add(splat(1), f32x4.mul(y, f32x4.add(splat(-0.5), f32x4.mul(y, splat(<f32>1 / 6))))));
  const direct = f32x4.sub(splat(1), expV(f32x4.neg(y)));
  return f32x4.mul(g, v128.bitselect(series, direct, f32x4.lt(y, splat(0.01))));
}

/** (1 − |y|)² = 1/(1 + |x|)². */
@inline
export function softsignGradV(y: v128, g: v128): v128 {
  const d = f32x4.sub(splat(1), f32x4.abs(y));
  return f32x4.mul(g, f32x4.mul(d, d));
}

/** 0 below −3, 1 above 3, (2x + 3)/6 between. */
@inline
export function hardSiluGradV(x: v128, g: v128): v128 {
  const middle = f32x4.add(f32x4.mul(x, splat(<f32>1 / 3)), splat(0.5));
  const d = v128.bitselect(splat(1), middle, f32x4.gt(x, splat(3)));
  return f32x4.mul(g, v128.and(d, f32x4.ge(x, splat(-3))));
}

/** t + x·(1 − t²)·σ(x) with t = tanh(softplus(x)). */
@inline
export function mishGradV(x: v128, g: v128): v128 {
  const t = tanhV(softplusV(x));
  const d = f32x4.add(t, f32x4.mul(f32x4.mul(x, f32x4.sub(splat(1), f32x4.mul(t, t))), sigmoidV(x)));
  return f32x4.mul(g, d);
}
