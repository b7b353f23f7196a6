// Per-channel kernels of batch normalization over rows × channels (channels-last data, every position of every
// sample a row): the batch statistics and the gradient sums, summed in f64 (a batch of 32 feature maps of
// 28×28 is 25,088 rows: f32 sums would lose four digits), and the per-channel affine map both passes apply.

/** Adds four f32 values (as f64) into the two f64x2 at acc. */
@inline function addWide(acc: usize, v: v128): void {
  v128.store(acc, f64x2.add(v128.load(acc), f64x2.promote_low_f32x4(v)));
  const high = v128.shuffle<f32>(v, v, 2, 3, 0, 1);
  v128.store(acc + 16, f64x2.add(v128.load(acc + 16), f64x2.promote_low_f32x4(high)));
}

/** acc[j] (f64) = Σ_i a[i, j]·b[i, j] (b = 0: Σ a) over rows × cols f32. */
function columnSums(a: usize, b: usize, rows: i32, cols: i32, acc: usize): void {
  memory.fill(acc, 0, <usize>cols << 3);
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const ra = a + <usize>i * rowBytes;
    const rb = b + <usize>i * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      let v = v128.load(ra + (<usize>j << 2));
      if (b != 0) v = f32x4.mul(v, v128.load(rb + (<usize>j << 2)));
      addWide(acc + (<usize>j << 3), v);
    }
    for (; j < cols; j++) {
      let v = <f64>load<f32>(ra + (<usize>j << 2));
      if (b != 0) v *= <f64>load<f32>(rb + (<usize>j << 2));
      store<f64>(acc + (<usize>j << 3), load<f64>(acc + (<usize>j << 3)) + v);
    }
  }
}

/**
 * mean and biased variance of each column of x (rows × cols), two passes (Σ(x − mean)² rather than
 * Σx² − mean²: no cancellation). `scratch` holds cols f64.
 */
export function columnMoments(x: usize, rows: i32, cols: i32, mean: usize, variance: usize, scratch: usize): void {
  columnSums(x, 0, rows, cols, scratch);
  const n = <f64>max(rows, 1);
  for (let j = 0; j < cols; j++) store<f32>(mean + (<usize>j << 2), <f32>(load<f64>(scratch + (<usize>j << 3)) / n));
  memory.fill(scratch, 0, <usize>cols << 3);
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const row = x + <usize>i * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const d = f32x4.sub(v128.load(row + (<usize>j << 2)), v128.load(mean + (<usize>j << 2)));
      addWide(scratch + (<usize>j << 3), f32x4.mul(d, d));
    }
    for (; j < cols; j++) {
      const d = <f64>load<f32>(row + (<usize>j << 2)) - <f64>load<f32>(mean + (<usize>j << 2));
      store<f64>(scratch + (<usize>j << 3), load<f64>(scratch + (<usize>j << 3)) + d * d);
    }
  }
  for (let j = 0; j < cols; j++) store<f32>(variance + (<usize>j << 2), <f32>(load<f64>(scratch + (<usize>j << 3)) / n));
}

/** sumA[j] = Σ_i a[i, j], sumAB[j] = Σ_i a[i, j]·b[i, j]: the sums of batch normalization's backward pass. */
export function columnGradSums(a: usize, b: usize, rows: i32, cols: i32, sumA: usize, sumAB: usize, scratch: usize): void {
  columnSums(a, 0, rows, cols, scratch);
  for (let j = 0; j < cols; j++) store<f32>(sumA + (<usize>j << 2), <f32>load<f64>(scratch + (<usize>j << 3)));
  columnSums(a, b, rows, cols, scratch);
  for (let j = 0; j < cols; j++) store<f32>(sumAB + (<usize>j << 2), <f32>load<f64>(scratch + (<usize>j << 3)));
}

/** out[i, j] = x[i, j]·scale[j] + shift[j] (+ y[i, j]·yScale[j] when y ≠ 0); out may alias x or y. */
export function columnAffine(x: usize, scale: usize, shift: usize, y: usize, yScale: usize, out: usize, rows: i32, cols: i32): void {
  const rowBytes = <usize>cols << 2;
  for (let i = 0; i < rows; i++) {
    const offset = <usize>i * rowBytes;
    let j = 0;
    for (; j + 4 <= cols; j += 4) {
      const at = <usize>j << 2;
      let v = f32x4.add(f32x4.mul(v128.load(x + offset + at), v128.load(scale + at)), v128.load(shift + at));
      if (y != 0) v = f32x4.add(v, f32x4.mul(v128.load(y + offset + at), v128.load(yScale + at)));
      v128.store(out + offset + at, v);
    }
    for (; j < cols; j++) {
      const at = <usize>j << 2;
      let v = load<f32>(x + offset + at) * load<f32>(scale + at) + load<f32>(shift + at);
      if (y != 0) v += load<f32>(y + offset + at) * load<f32>(yScale + at);
      store<f32>(out + offset + at, v);
    }
  }
}
