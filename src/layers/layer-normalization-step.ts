// LayerNormalization's kernels over any set of sample axes: each sample splits into groups (one per position of
// the axes not normalized), each group holds `features` values (one per position of the normalized axes, in
// ascending-axis row-major order, which is also the flat order of gamma and beta, as Keras reshapes them).

/** Where the values of each group of one sample lie. */
export interface GroupPlan {
  groups: number;
  features: number;
  /** offsets[g·features + f]: the position in the sample of feature f of group g. */
  offsets: Int32Array;
}

/** The groups of a sample of shape `shape` normalized over the sample axes `axes` (ascending, distinct). */
export function planGroups(shape: readonly number[], axes: readonly number[]): GroupPlan {
  const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
  const kept = shape.map((_, i) => i).filter((i) => !axes.includes(i));
  const features = axes.reduce((n, a) => n * shape[a], 1);
  const groups = kept.reduce((n, a) => n * shape[a], 1);
  const offsets = new Int32Array(groups * features);
  const base = positions(kept, shape, strides);
  const within = positions(axes, shape, strides);
  base.forEach((b, g) => within.forEach((w, f) => (offsets[g * features + f] = b + w)));
  return { groups, features, offsets };
}

/** The sample offsets of every index over `axes`, row-major in the order of `axes`. */
function positions(axes: readonly number[], shape: readonly number[], strides: readonly number[]): number[] {
  let out = [0];
  for (const a of axes) {
    const next: number[] = [];
    for (const o of out) for (let i = 0; i < shape[a]; i++) next.push(o + i * strides[a]);
    out = next;
  }
  return out;
}

/** What the forward pass keeps for the backward pass. */
export interface NormState {
  /** x̂ = (x − mean)·inv (standard), or x·inv (RMS scaling), at the input's positions. */
  normalized: Float32Array;
  /** inv = 1/sqrt(var + ε) per group of each row. */
  inverseStd: Float64Array;
  /** mean·inv per group (RMS scaling only, to recover x̂ from x·inv). */
  shift: Float64Array;
}

export interface NormParams {
  plan: GroupPlan;
  sampleSize: number;
  epsilon: number;
  rmsScaling: boolean;
  gamma: Float32Array | null;
  beta: Float32Array | null;
}

/**
 * y = (x − mean)·inv·γ + β per group; with RMS scaling y = x·inv·γ, the variance still taken about the mean
 * (Keras's rms_scaling).
 */
export function normalizeForward(
  p: NormParams,
  rows: number,
  x: Float32Array,
  y: Float32Array,
  state: NormState,
): void {
  const { groups, features, offsets } = p.plan;
  for (let r = 0; r < rows; r++) {
    const s = r * p.sampleSize;
    for (let g = 0; g < groups; g++) {
      const at = g * features;
      let mean = 0;
      for (let f = 0; f < features; f++) mean += x[s + offsets[at + f]];
      mean /= features;
      let variance = 0;
      for (let f = 0; f < features; f++) variance += (x[s + offsets[at + f]] - mean) ** 2;
      const inv = 1 / Math.sqrt(variance / features + p.epsilon);
      const k = r * groups + g;
      state.inverseStd[k] = inv;
      const center = p.rmsScaling ? 0 : mean;
      if (p.rmsScaling) state.shift[k] = mean * inv;
      for (let f = 0; f < features; f++) {
        const i = s + offsets[at + f];
        const n = (x[i] - center) * inv;
        state.normalized[i] = n;
        y[i] = n * (p.gamma === null ? 1 : p.gamma[f]) + (p.beta === null ? 0 : p.beta[f]);
      }
    }
  }
}

/**
 * Standard: dx = inv·(g − mean(g) − x̂·mean(g·x̂)) with g = dy·γ. RMS scaling (y = x·inv·γ, x̂ = (x − mean)·inv):
 * dx = inv·(g − x̂·mean(g·x·inv)). dγ = Σ dy·(normalized value), dβ = Σ dy, over rows and groups.
 */
export function normalizeBackward(
  p: NormParams,
  rows: number,
  state: NormState,
  dy: Float32Array,
  dx: Float32Array | null,
  dGamma: Float32Array | null,
  dBeta: Float32Array | null,
): void {
  const { groups, features, offsets } = p.plan;
  dGamma?.fill(0);
  dBeta?.fill(0);
  for (let r = 0; r < rows; r++) {
    const s = r * p.sampleSize;
    for (let g = 0; g < groups; g++) {
      const at = g * features;
      const k = r * groups + g;
      let meanG = 0;
      let meanGn = 0;
      for (let f = 0; f < features; f++) {
        const i = s + offsets[at + f];
        const grad = dy[i] * (p.gamma === null ? 1 : p.gamma[f]);
        meanG += grad;
        meanGn += grad * state.normalized[i];
        if (dGamma !== null) dGamma[f] += dy[i] * state.normalized[i];
        if (dBeta !== null) dBeta[f] += dy[i];
      }
      if (dx === null) continue;
      meanG = p.rmsScaling ? 0 : meanG / features;
      meanGn /= features;
      const inv = state.inverseStd[k];
      const shift = p.rmsScaling ? state.shift[k] : 0;
      for (let f = 0; f < features; f++) {
        const i = s + offsets[at + f];
        const grad = dy[i] * (p.gamma === null ? 1 : p.gamma[f]);
        dx[i] = inv * (grad - meanG - (state.normalized[i] - shift) * meanGn);
      }
    }
  }
}
