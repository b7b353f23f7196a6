// Fused bias + activation (forward) and the activation gradient from the output (backward), in place.
import { expV, maxLanes, sigmoidV, sumLanes, tanhV } from './vector-math';

// Activation ids, in the order of src/backend/wasm/activation-ids.ts.
const LINEAR = 0;
const RELU = 1;
const SIGMOID = 2;
const TANH = 3;
const SOFTMAX = 4;

@inline
function activate(v: v128, activation: i32): v128 {
  if (activation == RELU) return f32x4.pmax(v, f32x4.splat(0)); // one instruction; keeps NaN
  if (activation == SIGMOID) return sigmoidV(v);
  if (activation == TANH) return tanhV(v);
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

/** x (rows×cols) = activation(x + bias) in place; bias 0 means no bias. */
export function biasActivation(x: usize, bias: usize, rows: i32, cols: i32, activation: i32): void {
  if (activation == SOFTMAX) {
    const rowBytes = <usize>cols * 4;
    for (let i = 0; i < rows; i++) {
      const row = x + <usize>i * rowBytes;
      if (bias != 0) biasActivateRow(row, bias, cols, LINEAR);
      softmaxRow(row, cols);
    }
  } else if (activation == RELU) {
    activateRows(x, bias, rows, cols, RELU);
  } else if (activation == SIGMOID) {
    activateRows(x, bias, rows, cols, SIGMOID);
  } else if (activation == TANH) {
    activateRows(x, bias, rows, cols, TANH);
  } else if (bias != 0) {
    activateRows(x, bias, rows, cols, LINEAR);
  }
}

@inline
function derivative(y: v128, g: v128, activation: i32): v128 {
  if (activation == RELU) return v128.and(g, f32x4.gt(y, f32x4.splat(0)));
  if (activation == SIGMOID) return f32x4.mul(f32x4.mul(g, y), f32x4.sub(f32x4.splat(1), y));
  if (activation == TANH) return f32x4.mul(g, f32x4.sub(f32x4.splat(1), f32x4.mul(y, y)));
  return g;
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

/** dx = dy ⊙ activation'(y) elementwise over n values; inlined per constant activation. */
@inline
function derivativeRun(y: usize, dy: usize, dx: usize, n: i32, activation: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>j * 4;
    v128.store(dx + at, derivative(v128.load(y + at), v128.load(dy + at), activation));
  }
  for (; j < n; j++) {
    const at = <usize>j * 4;
    const v = derivative(f32x4.splat(load<f32>(y + at)), f32x4.splat(load<f32>(dy + at)), activation);
    store<f32>(dx + at, f32x4.extract_lane(v, 0));
  }
}

/** dx = dy ⊙ activation'(…) from the output y (rows×cols); dx may alias dy. */
export function activationGrad(y: usize, dy: usize, dx: usize, rows: i32, cols: i32, activation: i32): void {
  const n = rows * cols;
  if (activation == SOFTMAX) {
    const rowBytes = <usize>cols * 4;
    for (let i = 0; i < rows; i++) {
      const at = <usize>i * rowBytes;
      softmaxGradRow(y + at, dy + at, dx + at, cols);
    }
  } else if (activation == RELU) {
    derivativeRun(y, dy, dx, n, RELU);
  } else if (activation == SIGMOID) {
    derivativeRun(y, dy, dx, n, SIGMOID);
  } else if (activation == TANH) {
    derivativeRun(y, dy, dx, n, TANH);
  } else if (dx != dy) {
    memory.copy(dx, dy, <usize>n * 4);
  }
}
