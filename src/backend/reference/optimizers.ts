// The optimizer updates of docs/optimizers.md, one element at a time. Adam's first moment, RMSprop's mean square
// and the momentum buffers are stored as zero where their float32 value would be subnormal, as the WASM
// kernels store them (assembly/optimizers.ts says why).

const SMALLEST_NORMAL_FLOAT32 = 2 ** -126;

/** The value as float32, with a subnormal result stored as zero (as TensorFlow's flush-to-zero CPU kernels do). */
function flushSubnormalFloat32(x: number): number {
  const rounded = Math.fround(x);
  return Math.abs(rounded) < SMALLEST_NORMAL_FLOAT32 ? 0 : rounded;
}

/** SGD: w −= lr·g; with momentum m = μm − lr·g, then w += m (or w += μm − lr·g with Nesterov). */
export function referenceSgdUpdate(
  params: Float32Array,
  grads: Float32Array,
  velocity: Float32Array | null,
  n: number,
  lr: number,
  momentum: number,
  nesterov: boolean,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    if (momentum > 0 && velocity !== null) {
      const m = flushSubnormalFloat32(momentum * velocity[i] - lr * g);
      velocity[i] = m;
      params[i] += nesterov ? momentum * m - lr * g : m;
    } else {
      params[i] -= lr * g;
    }
  }
}

/** Adam, efficient form: m += (g−m)(1−β1); v += (g²−v)(1−β2); w −= α·m/(sqrt(v)+ε). */
export function referenceAdamUpdate(
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  v: Float32Array,
  n: number,
  alpha: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  adamElements(params, grads, m, v, null, n, alpha, beta1, beta2, epsilon);
}

/** Adam's AMSGrad variant: as Adam, with v̂ = max(v̂, v) in the denominator. */
export function referenceAmsgradUpdate(
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vHat: Float32Array,
  n: number,
  alpha: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  adamElements(params, grads, m, v, vHat, n, alpha, beta1, beta2, epsilon);
}

/** Adam over n elements; with vHat (AMSGrad) the denominator is the running maximum of v. */
function adamElements(
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  v: Float32Array,
  vHat: Float32Array | null,
  n: number,
  alpha: number,
  beta1: number,
  beta2: number,
  epsilon: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    m[i] = flushSubnormalFloat32(m[i] + (g - m[i]) * (1 - beta1));
    v[i] += (g * g - v[i]) * (1 - beta2);
    let denominator = v[i];
    if (vHat !== null) denominator = vHat[i] = Math.max(vHat[i], v[i]);
    params[i] -= (alpha * m[i]) / (Math.sqrt(denominator) + epsilon);
  }
}

/** RMSprop (Keras 3): v = ρv + (1−ρ)g²; inc = lr·g/sqrt(v+ε); with momentum mom = μ·mom + inc, w −= mom. */
export function referenceRmspropUpdate(
  params: Float32Array,
  grads: Float32Array,
  v: Float32Array,
  mom: Float32Array | null,
  n: number,
  lr: number,
  rho: number,
  momentum: number,
  epsilon: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    v[i] = flushSubnormalFloat32(rho * v[i] + (1 - rho) * g * g);
    const inc = (lr * g) / Math.sqrt(v[i] + epsilon);
    if (momentum > 0 && mom !== null) {
      mom[i] = flushSubnormalFloat32(momentum * mom[i] + inc);
      params[i] -= mom[i];
    } else {
      params[i] -= inc;
    }
  }
}

/** Adagrad (Keras 3): acc += g²; w −= lr·g/sqrt(acc+ε). */
export function referenceAdagradUpdate(
  params: Float32Array,
  grads: Float32Array,
  acc: Float32Array,
  n: number,
  lr: number,
  epsilon: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    acc[i] += g * g;
    params[i] -= (lr * g) / Math.sqrt(acc[i] + epsilon);
  }
}

// Adamax, Nadam, Adadelta and Lion: the twins of their WASM kernels, flushing the same state (assembly/optimizers.ts).

/** Adamax (Keras 3): m += (g−m)(1−β1); u = max(β2·u, |g|); w −= lr·m / (correction·(u+ε)), correction = 1−β1^t. */
export function referenceAdamaxUpdate(
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  u: Float32Array,
  n: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  correction: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    m[i] = flushSubnormalFloat32(m[i] + (g - m[i]) * (1 - beta1));
    u[i] = Math.max(beta2 * u[i], Math.abs(g));
    params[i] -= (lr * m[i]) / (correction * (u[i] + epsilon));
  }
}

/** Nadam (Keras 3): m̂ = momentumWeight·m + gradientWeight·g; w −= lr·m̂/(sqrt(v/velocityCorrection)+ε). */
export function referenceNadamUpdate(
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  v: Float32Array,
  n: number,
  lr: number,
  beta1: number,
  beta2: number,
  epsilon: number,
  momentumWeight: number,
  gradientWeight: number,
  velocityCorrection: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    m[i] = flushSubnormalFloat32(m[i] + (g - m[i]) * (1 - beta1));
    v[i] += (g * g - v[i]) * (1 - beta2);
    const mHat = momentumWeight * m[i] + gradientWeight * g;
    params[i] -= (mHat * lr) / (Math.sqrt(v[i] / velocityCorrection) + epsilon);
  }
}

/** Adadelta (Keras 3): a = ρa + (1−ρ)g²; Δ = −√(d+ε)·g/√(a+ε); d = ρd + (1−ρ)Δ²; w += lr·Δ. */
export function referenceAdadeltaUpdate(
  params: Float32Array,
  grads: Float32Array,
  accGrad: Float32Array,
  accDelta: Float32Array,
  n: number,
  lr: number,
  rho: number,
  epsilon: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    accGrad[i] = flushSubnormalFloat32(rho * accGrad[i] + (1 - rho) * g * g);
    const delta = -(Math.sqrt(accDelta[i] + epsilon) * g) / Math.sqrt(accGrad[i] + epsilon);
    accDelta[i] = flushSubnormalFloat32(rho * accDelta[i] + (1 - rho) * delta * delta);
    params[i] += lr * delta;
  }
}

/** Lion (Keras 3): w −= lr·sign(β1·m + (1−β1)g); then m = β2·m + (1−β2)g. */
export function referenceLionUpdate(
  params: Float32Array,
  grads: Float32Array,
  m: Float32Array,
  n: number,
  lr: number,
  beta1: number,
  beta2: number,
): void {
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    params[i] -= lr * Math.sign(m[i] * beta1 + g * (1 - beta1));
    m[i] = flushSubnormalFloat32(m[i] * beta2 + g * (1 - beta2));
  }
}

// Ftrl has no WASM kernel (its powers of the accumulator are not a SIMD instruction): this loop serves every backend.

/** Ftrl's hyper-parameters as its update uses them. */
export interface FtrlSettings {
  learningRatePower: number;
  l1: number;
  /** l2RegularizationStrength + beta / (2·lr). */
  l2: number;
  l2Shrinkage: number;
}

/**
 * FTRL-proximal (Keras 3): n' = n + g²; z += g + 2·λs·w − (n'^−p − n^−p)/lr · w;
 * w = (clip(z, −λ1, λ1) − z) / (n'^−p/lr + 2λ2); n = n'.
 */
export function referenceFtrlUpdate(
  params: Float32Array,
  grads: Float32Array,
  accumulator: Float32Array,
  linear: Float32Array,
  n: number,
  lr: number,
  settings: FtrlSettings,
): void {
  const { learningRatePower: p, l1, l2, l2Shrinkage } = settings;
  for (let i = 0; i < n; i++) {
    const g = grads[i];
    const w = params[i];
    const accum = accumulator[i];
    const newAccum = accum + g * g;
    const newPower = newAccum ** -p;
    linear[i] += g + 2 * l2Shrinkage * w - ((newPower - accum ** -p) / lr) * w;
    const quadratic = newPower / lr + 2 * l2;
    const clipped = Math.min(Math.max(linear[i], -l1), l1);
    params[i] = (clipped - linear[i]) / quadratic;
    accumulator[i] = newAccum;
  }
}
