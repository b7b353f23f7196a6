// Fused bias + activation (forward) and the activation gradient from the output (backward), in place.
import { expV, maxLanes, sigmoidV, sumLanes, tanhV } from './vector-math';
import {
  clippedGradV, eluGradV, eluV, exponentialV, geluGradV, geluV, hardSigmoidV, hardSiluGradV, hardSiluV,
  leakyReluGradV, leakyReluV, mishGradV, mishV, relu6V, seluGradV, seluV, siluGradV, siluV, softplusGradV,
  softplusV, softsignGradV, softsignV,
} from './activation-functions';

// Activation ids, in the order of src/backend/wasm/activation-ids.ts.
const LINEAR = 0;
const RELU = 1;
const SIGMOID = 2;
const TANH = 3;
const SOFTMAX = 4;
const ELU = 5;
const SELU = 6;
const GELU = 7;
const SILU = 8;
const LEAKY_RELU = 9;
const RELU6 = 10;
const SOFTPLUS = 11;
const SOFTSIGN = 12;
const HARD_SIGMOID = 13;
const HARD_SILU = 14;
const EXPONENTIAL = 15;
const MISH = 16;
const LOG_SOFTMAX = 17;

@inline
function activate(v: v128, activation: i32): v128 {
  if (activation == RELU) return f32x4.pmax(v, f32x4.splat(0)); // one instruction; keeps NaN
  if (activation == SIGMOID) return sigmoidV(v);
  if (activation == TANH) return tanhV(v);
  if (activation == ELU) return eluV(v);
  if (activation == SELU) return seluV(v);
  if (activation == GELU) return geluV(v);
  if (activation == SILU) return siluV(v);
  if (activation == LEAKY_RELU) return leakyReluV(v);
  if (activation == RELU6) return relu6V(v);
  if (activation == SOFTPLUS) return softplusV(v);
  if (activation == SOFTSIGN) return softsignV(v);
  if (activation == HARD_SIGMOID) return hardSigmoidV(v);
  if (activation == HARD_SILU) return hardSiluV(v);
  if (activation == EXPONENTIAL) return exponentialV(v);
  if (activation == MISH) return mishV(v);
  return v;
}

/**
 * x[0..cols) = activation(x + bias) (bias 0: none). Inlined with constant `activation` and `bias == 0` tests
 * at each call site, so every (activation, bias) pair gets its own branch-free loop.
 */
@inline
function biasActivateRow(x: usize, bias: usize, cols: i32, activation: i32): void {
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const at = <usize>j * 4;
    let v = v128.load(x + at);
    if (bias != 0) v = f32x4.add(v, v128.load(bias + at));
    v128.store(x + at, activate(v, activation));
  }
  for (; j < cols; j++) {
    const at = <usize>j * 4;
    let s = load<f32>(x + at);
    if (bias != 0) s += load<f32>(bias + at);
    store<f32>(x + at, f32x4.extract_lane(activate(f32x4.splat(s), activation), 0));
  }
}

/** Every row of x (rows×cols) through one activation; without bias the rows are one contiguous run. */
@inline
function activateRows(x: usize, bias: usize, rows: i32, cols: i32, activation: i32): void {
  if (bias == 0) {
    biasActivateRow(x, 0, rows * cols, activation);
    return;
  }
  const rowBytes = <usize>cols * 4;
  for (let i = 0; i < rows; i++) biasActivateRow(x + <usize>i * rowBytes, bias, cols, activation);
}

/** The max of the row `softmaxRow` last worked on (the fused loss needs it for logsumexp). */
export let lastRowMax: f32 = 0;

/** Softmax of one row in place: exp(x − max) / Σ exp(x − max); returns the sum. */
export function softmaxRow(x: usize, cols: i32): f32 {
  let j = 0;
  let mv = f32x4.splat(-Infinity);
  for (; j + 4 <= cols; j += 4) mv = f32x4.pmax(mv, v128.load(x + <usize>j * 4));
  let rowMax = maxLanes(mv);
  for (; j < cols; j++) rowMax = max(rowMax, load<f32>(x + <usize>j * 4));
  const shift = f32x4.splat(rowMax);
  let sv = f32x4.splat(0);
  j = 0;
  for (; j + 4 <= cols; j += 4) {
    const at = x + <usize>j * 4;
    const e = expV(f32x4.sub(v128.load(at), shift));
    v128.store(at, e);
    sv = f32x4.add(sv, e);
  }
  const rest = cols - j;
  if (rest > 0) {
    // The last 1–3 values in one vector, padded with −∞ (exp gives 0), instead of one exp call each.
    const at = x + <usize>j * 4;
    let v = f32x4.replace_lane(f32x4.splat(-Infinity), 0, load<f32>(at));
    if (rest > 1) v = f32x4.replace_lane(v, 1, load<f32>(at, 4));
    if (rest > 2) v = f32x4.replace_lane(v, 2, load<f32>(at, 8));
    const e = expV(f32x4.sub(v, shift));
    sv = f32x4.add(sv, e);
    store<f32>(at, f32x4.extract_lane(e, 0));
    if (rest > 1) store<f32>(at, f32x4.extract_lane(e, 1), 4);
    if (rest > 2) store<f32>(at, f32x4.extract_lane(e, 2), 8);
  }
  const sum = sumLanes(sv);
  lastRowMax = rowMax;
  const scale = f32x4.splat(<f32>1 / sum);
  j = 0;
  for (; j + 4 <= cols; j += 4) {
    const at = x + <usize>j * 4;
    v128.store(at, f32x4.mul(v128.load(at), scale));
  }
  for (; j < cols; j++) {
    const at = x + <usize>j * 4;
    store<f32>(at, load<f32>(at) * f32x4.extract_lane(scale, 0));
  }
  return sum;
}

/** log_softmax of one row in place: x − max − log Σ exp(x − max). */
function logSoftmaxRow(x: usize, cols: i32): void {
  let rowMax: f32 = -Infinity;
  for (let j = 0; j < cols; j++) rowMax = max(rowMax, load<f32>(x + <usize>j * 4));
  let sum: f32 = 0;
  for (let j = 0; j < cols; j++) sum += Mathf.exp(load<f32>(x + <usize>j * 4) - rowMax);
  // (x − max) − log Σ, in this order: max + log Σ rounded first would cost the small outputs their precision.
  const logSum = Mathf.log(sum);
  for (let j = 0; j < cols; j++) {
    const at = x + <usize>j * 4;
    store<f32>(at, (load<f32>(at) - rowMax) - logSum);
  }
}

/** x (rows×cols) = activation(x + bias) in place; bias 0 means no bias. */
export function biasActivation(x: usize, bias: usize, rows: i32, cols: i32, activation: i32): void {
  if (activation == SOFTMAX || activation == LOG_SOFTMAX) {
    const rowBytes = <usize>cols * 4;
    for (let i = 0; i < rows; i++) {
      const row = x + <usize>i * rowBytes;
      if (bias != 0) biasActivateRow(row, bias, cols, LINEAR);
      if (activation == SOFTMAX) softmaxRow(row, cols);
      else logSoftmaxRow(row, cols);
    }
  } else if (activation == RELU) {
    activateRows(x, bias, rows, cols, RELU);
  } else if (activation == SIGMOID) {
    activateRows(x, bias, rows, cols, SIGMOID);
  } else if (activation == TANH) {
    activateRows(x, bias, rows, cols, TANH);
  } else if (activation == ELU) {
    activateRows(x, bias, rows, cols, ELU);
  } else if (activation == SELU) {
    activateRows(x, bias, rows, cols, SELU);
  } else if (activation == GELU) {
    activateRows(x, bias, rows, cols, GELU);
  } else if (activation == SILU) {
    activateRows(x, bias, rows, cols, SILU);
  } else if (activation == LEAKY_RELU) {
    activateRows(x, bias, rows, cols, LEAKY_RELU);
  } else if (activation == RELU6) {
    activateRows(x, bias, rows, cols, RELU6);
  } else if (activation == SOFTPLUS) {
    activateRows(x, bias, rows, cols, SOFTPLUS);
  } else if (activation == SOFTSIGN) {
    activateRows(x, bias, rows, cols, SOFTSIGN);
  } else if (activation == HARD_SIGMOID) {
    activateRows(x, bias, rows, cols, HARD_SIGMOID);
  } else if (activation == HARD_SILU) {
    activateRows(x, bias, rows, cols, HARD_SILU);
  } else if (activation == EXPONENTIAL) {
    activateRows(x, bias, rows, cols, EXPONENTIAL);
  } else if (activation == MISH) {
    activateRows(x, bias, rows, cols, MISH);
  } else if (bias != 0) {
    activateRows(x, bias, rows, cols, LINEAR);
  }
}

/** g · activation'(…) from the output y, or from the pre-activation x for gelu, silu, hard_silu and mish. */
@inline
function derivative(x: v128, y: v128, g: v128, activation: i32): v128 {
  if (activation == RELU) return v128.and(g, f32x4.gt(y, f32x4.splat(0)));
  if (activation == SIGMOID) return f32x4.mul(f32x4.mul(g, y), f32x4.sub(f32x4.splat(1), y));
  if (activation == TANH) return f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
  if (activation == ELU) return eluGradV(y, g);
  if (activation == SELU) return seluGradV(y, g);
  if (activation == GELU) return geluGradV(x, g);
  if (activation == SILU) return siluGradV(x, g);
  if (activation == LEAKY_RELU) return leakyReluGradV(y, g);
  if (activation == RELU6) return clippedGradV(y, g, 6, 1);
  if (activation == SOFTPLUS) return softplusGradV(y, g);
  if (activation == SOFTSIGN) return softsignGradV(y, g);
  if (activation == HARD_SIGMOID) return clippedGradV(y, g, 1, <f32>1 / 6);
  if (activation == HARD_SILU) return hardSiluGradV(x, g);
  if (activation == EXPONENTIAL) return f32x4.mul(g, y);
  if (activation == MISH) return mishGradV(x, g);
  return g;
}

/** usesX: whether the derivative reads the pre-activation (must match needsPreActivation in kernel-checks.ts). */
@inline
function usesX(activation: i32): bool {
  return activation == GELU || activation == SILU || activation == HARD_SILU || activation == MISH;
}

/** Softmax backward for one row: dx = y ⊙ (dy − Σ dy⊙y). dx may alias dy (the sum is taken first). */
function softmaxGradRow(y: usize, dy: usize, dx: usize, cols: i32): void {
  let j = 0;
  let dv = f32x4.splat(0);
  for (; j + 4 <= cols; j += 4) {
    const at = <usize>j * 4;
    dv = f32x4.add(dv, f32x4.mul(v128.load(dy + at), v128.load(y + at)));
  }
  let dot = sumLanes(dv);
  for (; j < cols; j++) dot += load<f32>(dy + <usize>j * 4) * load<f32>(y + <usize>j * 4);
  const d = f32x4.splat(dot);
  j = 0;
  for (; j + 4 <= cols; j += 4) {
    const at = <usize>j * 4;
    v128.store(dx + at, f32x4.mul(v128.load(y + at), f32x4.sub(v128.load(dy + at), d)));
  }
  for (; j < cols; j++) {
    const at = <usize>j * 4;
    store<f32>(dx + at, load<f32>(y + at) * (load<f32>(dy + at) - dot));
  }
}

/** dx = dy ⊙ activation'(…) elementwise over n values; inlined per constant activation. */
@inline
function derivativeRun(x: usize, y: usize, dy: usize, dx: usize, n: i32, activation: i32): void {
  const zero = f32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>j * 4;
    const xv = usesX(activation) ? v128.load(x + at) : zero;
    v128.store(dx + at, derivative(xv, v128.load(y + at), v128.load(dy + at), activation));
  }
  for (; j < n; j++) {
    const at = <usize>j * 4;
    const xv = usesX(activation) ? f32x4.splat(load<f32>(x + at)) : zero;
    const v = derivative(xv, f32x4.splat(load<f32>(y + at)), f32x4.splat(load<f32>(dy + at)), activation);
    store<f32>(dx + at, f32x4.extract_lane(v, 0));
  }
}

/** log_softmax backward for one row: dx = dy − exp(y)·Σ dy. dx may alias dy (the sum is taken first). */
function logSoftmaxGradRow(y: usize, dy: usize, dx: usize, cols: i32): void {
  let total: f32 = 0;
  for (let j = 0; j < cols; j++) total += load<f32>(dy + <usize>j * 4);
  for (let j = 0; j < cols; j++) {
    const at = <usize>j * 4;
    store<f32>(dx + at, load<f32>(dy + at) - Mathf.exp(load<f32>(y + at)) * total);
  }
}

/** dx = dy ⊙ activation'(…) from the output y (rows×cols), and the pre-activation x where needed (else 0); dx may alias dy. */
export function activationGrad(y: usize, dy: usize, dx: usize, rows: i32, cols: i32, activation: i32, x: usize): void {
  const n = rows * cols;
  if (activation == SOFTMAX || activation == LOG_SOFTMAX) {
    const rowBytes = <usize>cols * 4;
    for (let i = 0; i < rows; i++) {
      const at = <usize>i * rowBytes;
      if (activation == SOFTMAX) softmaxGradRow(y + at, dy + at, dx + at, cols);
      else logSoftmaxGradRow(y + at, dy + at, dx + at, cols);
    }
  } else if (activation == RELU) {
    derivativeRun(x, y, dy, dx, n, RELU);
  } else if (activation == SIGMOID) {
    derivativeRun(x, y, dy, dx, n, SIGMOID);
  } else if (activation == TANH) {
    derivativeRun(x, y, dy, dx, n, TANH);
  } else if (activation == ELU) {
    derivativeRun(x, y, dy, dx, n, ELU);
  } else if (activation == SELU) {
    derivativeRun(x, y, dy, dx, n, SELU);
  } else if (activation == GELU) {
    derivativeRun(x, y, dy, dx, n, GELU);
  } else if (activation == SILU) {
    derivativeRun(x, y, dy, dx, n, SILU);
  } else if (activation == LEAKY_RELU) {
    derivativeRun(x, y, dy, dx, n, LEAKY_RELU);
  } else if (activation == RELU6) {
    derivativeRun(x, y, dy, dx, n, RELU6);
  } else if (activation == SOFTPLUS) {
    derivativeRun(x, y, dy, dx, n, SOFTPLUS);
  } else if (activation == SOFTSIGN) {
    derivativeRun(x, y, dy, dx, n, SOFTSIGN);
  } else if (activation == HARD_SIGMOID) {
    derivativeRun(x, y, dy, dx, n, HARD_SIGMOID);
  } else if (activation == HARD_SILU) {
    derivativeRun(x, y, dy, dx, n, HARD_SILU);
  } else if (activation == EXPONENTIAL) {
    derivativeRun(x, y, dy, dx, n, EXPONENTIAL);
  } else if (activation == MISH) {
    derivativeRun(x, y, dy, dx, n, MISH);
  } else if (dx != dy) {
    memory.copy(dx, dy, <usize>n * 4);
  }
}
