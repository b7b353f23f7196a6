// The optimizer updates over one flat parameter buffer (formulas: docs/keras-facts.md §4, Keras 3).
// Each loop runs four lanes at a time and finishes the last n % 4 elements one by one.
//
// State that decays geometrically while its gradient is zero (a pixel that is rarely lit, a unit that stopped
// firing) ends up subnormal, and arithmetic on subnormal floats is many times slower on x86: after three epochs
// of the 784-100-10 model ~5,000 of Adam's first moments were subnormal, and Adam's update took 146–173 µs
// per step on one thread by the third epoch instead of 74–86. TensorFlow runs its CPU kernels with subnormals flushed to zero
// (FTZ/DAZ), which WebAssembly cannot switch on, so these kernels store such state as zero themselves:
// Adam's first moment (β1 = 0.9), RMSprop's mean square (ρ = 0.9) and the momentum buffers. Adam's second
// moment (β2 = 0.999) needs ~60,000 steps of zero gradient to get there, and flushing it too cost a sixth of
// the update's time, so it is stored as computed. The reference backend stores the same zeros.

import { EXPONENT_BITS } from './float-bits';

const SMALLEST_NORMAL: f32 = 1.17549435e-38; // 2⁻¹²⁶

/**
 * x with its subnormal lanes (exponent bits all zero) set to zero; `exponentBits`: EXPONENT_BITS in each lane.
 * Integer operations: with one group of four per loop step, Adam's update of 79,510 parameters on one thread
 * took 68 µs this way and 73 comparing |x| with the smallest normal float (58 without flushing).
 */
@inline
function flushSubnormal(x: v128, exponentBits: v128): v128 {
  return v128.andnot(x, i32x4.eq(v128.and(x, exponentBits), v128.xor(exponentBits, exponentBits)));
}

@inline
function flushSubnormalScalar(x: f32): f32 {
  return Mathf.abs(x) < SMALLEST_NORMAL ? 0 : x;
}

/** SGD: w −= lr·g; momentum: m = μm − lr·g, w += m (Nesterov: w += μm − lr·g). velocity 0: no momentum. */
export function sgdUpdate(params: usize, grads: usize, velocity: usize, n: i32, lr: f32, momentum: f32, nesterov: bool): void {
  const useMomentum = momentum > 0 && velocity != 0;
  const lrV = f32x4.splat(lr);
  const muV = f32x4.splat(momentum);
  const exponentBits = i32x4.splat(EXPONENT_BITS);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i * 4;
    const step = f32x4.mul(lrV, v128.load(grads + at));
    let w = v128.load(params + at);
    if (useMomentum) {
      const m = flushSubnormal(f32x4.sub(f32x4.mul(muV, v128.load(velocity + at)), step), exponentBits);
      v128.store(velocity + at, m);
      w = nesterov ? f32x4.add(w, f32x4.sub(f32x4.mul(muV, m), step)) : f32x4.add(w, m);
    } else {
      w = f32x4.sub(w, step);
    }
    v128.store(params + at, w);
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const step = lr * load<f32>(grads + at);
    let w = load<f32>(params + at);
    if (useMomentum) {
      const m = flushSubnormalScalar(momentum * load<f32>(velocity + at) - step);
      store<f32>(velocity + at, m);
      w = nesterov ? w + (momentum * m - step) : w + m;
    } else {
      w -= step;
    }
    store<f32>(params + at, w);
  }
}

/** Adam on the four parameters at p (gradients at gp, moments at mp and vp); constants as in adamUpdate. */
@inline
function adamLanes(p: usize, gp: usize, mp: usize, vp: usize, a: v128, c1: v128, c2: v128, eps: v128, exponentBits: v128): void {
  const g = v128.load(gp);
  const m0 = v128.load(mp);
  const v0 = v128.load(vp);
  const m1 = flushSubnormal(f32x4.add(m0, f32x4.mul(f32x4.sub(g, m0), c1)), exponentBits);
  const v1 = f32x4.add(v0, f32x4.mul(f32x4.sub(f32x4.mul(g, g), v0), c2));
  v128.store(mp, m1);
  v128.store(vp, v1);
  v128.store(p, f32x4.sub(v128.load(p), f32x4.div(f32x4.mul(a, m1), f32x4.add(f32x4.sqrt(v1), eps))));
}

/** Adam (efficient form): m += (g − m)(1 − β1); v += (g² − v)(1 − β2); w −= α·m/(√v + ε). */
export function adamUpdate(params: usize, grads: usize, m: usize, v: usize, n: i32,
  alpha: f32, beta1: f32, beta2: f32, epsilon: f32): void {
  const a = f32x4.splat(alpha);
  const c1 = f32x4.splat(1 - beta1);
  const c2 = f32x4.splat(1 - beta2);
  const eps = f32x4.splat(epsilon);
  const exponentBits = i32x4.splat(EXPONENT_BITS);
  let i = 0;
  // Two groups of four per iteration: 58 µs per update of 79,510 parameters on one thread, as fast as before
  // the flush of m; one group per iteration with the flush took 68.
  for (; i + 8 <= n; i += 8) {
    const at = <usize>i * 4;
    adamLanes(params + at, grads + at, m + at, v + at, a, c1, c2, eps, exponentBits);
    adamLanes(params + at + 16, grads + at + 16, m + at + 16, v + at + 16, a, c1, c2, eps, exponentBits);
  }
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i * 4;
    adamLanes(params + at, grads + at, m + at, v + at, a, c1, c2, eps, exponentBits);
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const g = load<f32>(grads + at);
    let ms = load<f32>(m + at);
    let vs = load<f32>(v + at);
    ms = flushSubnormalScalar(ms + (g - ms) * (1 - beta1));
    vs += (g * g - vs) * (1 - beta2);
    store<f32>(m + at, ms);
    store<f32>(v + at, vs);
    store<f32>(params + at, load<f32>(params + at) - (alpha * ms) / (Mathf.sqrt(vs) + epsilon));
  }
}

/** RMSprop (Keras 3): v = ρv + (1 − ρ)g²; inc = lr·g/√(v + ε); momentum: mom = μ·mom + inc, w −= mom. */
export function rmspropUpdate(params: usize, grads: usize, v: usize, mom: usize, n: i32,
  lr: f32, rho: f32, momentum: f32, epsilon: f32): void {
  const useMomentum = momentum > 0 && mom != 0;
  const lrV = f32x4.splat(lr);
  const rhoV = f32x4.splat(rho);
  const oneMinusRho = f32x4.splat(1 - rho);
  const muV = f32x4.splat(momentum);
  const eps = f32x4.splat(epsilon);
  const exponentBits = i32x4.splat(EXPONENT_BITS);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i * 4;
    const g = v128.load(grads + at);
    const vv = flushSubnormal(f32x4.add(f32x4.mul(rhoV, v128.load(v + at)), f32x4.mul(oneMinusRho, f32x4.mul(g, g))), exponentBits);
    v128.store(v + at, vv);
    let inc = f32x4.div(f32x4.mul(lrV, g), f32x4.sqrt(f32x4.add(vv, eps)));
    if (useMomentum) {
      inc = flushSubnormal(f32x4.add(f32x4.mul(muV, v128.load(mom + at)), inc), exponentBits);
      v128.store(mom + at, inc);
    }
    v128.store(params + at, f32x4.sub(v128.load(params + at), inc));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const g = load<f32>(grads + at);
    const vs = flushSubnormalScalar(rho * load<f32>(v + at) + (1 - rho) * g * g);
    store<f32>(v + at, vs);
    let inc = (lr * g) / Mathf.sqrt(vs + epsilon);
    if (useMomentum) {
      inc = flushSubnormalScalar(momentum * load<f32>(mom + at) + inc);
      store<f32>(mom + at, inc);
    }
    store<f32>(params + at, load<f32>(params + at) - inc);
  }
}

/** Adagrad (Keras 3): acc += g²; w −= lr·g/√(acc + ε). */
export function adagradUpdate(params: usize, grads: usize, acc: usize, n: i32, lr: f32, epsilon: f32): void {
  const lrV = f32x4.splat(lr);
  const eps = f32x4.splat(epsilon);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = <usize>i * 4;
    const g = v128.load(grads + at);
    const a = f32x4.add(v128.load(acc + at), f32x4.mul(g, g));
    v128.store(acc + at, a);
    const step = f32x4.div(f32x4.mul(lrV, g), f32x4.sqrt(f32x4.add(a, eps)));
    v128.store(params + at, f32x4.sub(v128.load(params + at), step));
  }
  for (; i < n; i++) {
    const at = <usize>i * 4;
    const g = load<f32>(grads + at);
    const a = load<f32>(acc + at) + g * g;
    store<f32>(acc + at, a);
    store<f32>(params + at, load<f32>(params + at) - (lr * g) / Mathf.sqrt(a + epsilon));
  }
}
