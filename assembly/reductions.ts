// Column sums (the bias gradient), fused softmax + cross-entropy, and the elementwise product.
import { lastRowMax, softmaxRow } from './activation';

/** out (cols) = Σ over rows of x (rows×cols), or out += that. */
export function sumRows(x: usize, out: usize, rows: i32, cols: i32, accumulate: bool): void {
  if (!accumulate) memory.fill(out, 0, <usize>cols * 4);
  const rowBytes = <usize>cols * 4;
  for (let i = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const at = <usize>j * 4;
      v128.store(out + at, f32x4.add(v128.load(out + at), v128.load(row + at)));
    }
    for (; j < cols; j++) {
      const at = <usize>j * 4;
      store<f32>(out + at, load<f32>(out + at) + load<f32>(row + at));
    }
  }
}

/**
 * probs = softmax(logits) row by row; returns Σ_i logsumexp(logits_i) − logits_i[label_i]. With dLogits ≠ 0,
 * dLogits = (probs − onehot(labels))·gradScale. Labels must lie in [0, cols) (checked by the caller).
 */
export function softmaxCrossEntropy(
  logits: usize, labels: usize, probs: usize, dLogits: usize, rows: i32, cols: i32, gradScale: f32,
): f64 {
  const rowBytes = <usize>cols * 4;
  let total: f64 = 0;
  for (let i = 0; i < rows; i++) {
    const inRow = logits + <usize>i * rowBytes;
    const pRow = probs + <usize>i * rowBytes;
    const label = load<i32>(labels + <usize>i * 4);
    if (pRow != inRow) memory.copy(pRow, inRow, rowBytes);
    const labelLogit = load<f32>(inRow + <usize>label * 4);
    const sum = softmaxRow(pRow, cols);
    total += <f64>lastRowMax + Math.log(<f64>sum) - <f64>labelLogit;
    if (dLogits != 0) scaleMinusOneHot(pRow, dLogits + <usize>i * rowBytes, cols, label, gradScale);
  }
  return total;
}

function scaleMinusOneHot(p: usize, d: usize, cols: i32, label: i32, scale: f32): void {
  const s = f32x4.splat(scale);
  let j = 0;
  for (; j + 4 <= cols; j += 4) {
    const at = <usize>j * 4;
    v128.store(d + at, f32x4.mul(v128.load(p + at), s));
  }
  for (; j < cols; j++) {
    const at = <usize>j * 4;
    store<f32>(d + at, load<f32>(p + at) * scale);
  }
  const at = d + <usize>label * 4;
  store<f32>(at, (load<f32>(p + <usize>label * 4) - 1) * scale);
}

/** out = x ⊙ mask over n elements. */
export function mul(x: usize, mask: usize, out: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>j * 4;
    v128.store(out + at, f32x4.mul(v128.load(x + at), v128.load(mask + at)));
  }
  for (; j < n; j++) {
    const at = <usize>j * 4;
    store<f32>(out + at, load<f32>(x + at) * load<f32>(mask + at));
  }
}
