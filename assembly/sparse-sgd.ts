// The sparse-row kernels of SGDClassifier (src/linear-model/sparse-kernels.ts loads them). A module of its own,
// built twice by scripts/build-wasm.mjs: over an unshared memory and over a shared one (worker threads), both
// imported from JS. Pointer arguments are byte addresses in that memory; the module keeps no data of its own
// (no data segments), so the caller owns every byte from address 0.
//
//   dot:  init + Σ over k in [start, end) of w[cols[k]] · vals[k]
//   axpy: w[cols[k]] += vals[k] · factor for k in [start, end)
//   dot4: four dots in lockstep, results stored at out (four float64)
//
// Each kernel comes in two layouts of the column numbers and values: wide (int32, float64) and compact (uint16,
// float32; a float32 widens to float64 exactly, so both give the same sums). The arithmetic is one IEEE multiply
// and add per term, in feature order, which src/linear-model/sparse-kernels-reference.ts repeats bit for bit.

/** w[cols[k]] · vals[k], the value widened to float64. */
@inline
function term<C, V>(w: usize, cols: usize, vals: usize, k: i32): f64 {
  const column = <usize>load<C>(cols + (<usize>k << alignof<C>()));
  return load<f64>(w + (column << 3)) * <f64>load<V>(vals + (<usize>k << alignof<V>()));
}

@inline
function dot<C, V>(w: usize, cols: usize, vals: usize, start: i32, end: i32, init: f64): f64 {
  // do-while loops (the test at the bottom): one branch a term.
  let sum = init;
  let k = start;
  if (k < end) {
    do {
      sum += term<C, V>(w, cols, vals, k);
    } while (++k < end);
  }
  return sum;
}

@inline
function axpy<C, V>(w: usize, cols: usize, vals: usize, start: i32, end: i32, factor: f64): void {
  let k = start;
  if (k < end) {
    do {
      const at = w + (<usize>load<C>(cols + (<usize>k << alignof<C>())) << 3);
      store<f64>(at, load<f64>(at) + <f64>load<V>(vals + (<usize>k << alignof<V>())) * factor);
    } while (++k < end);
  }
}

/**
 * Four independent sums in one loop over their common length, so that the processor is not idle while one
 * sum waits on its addition; each then finishes its own tail.
 */
@inline
function dot4<C, V>(
  w0: usize, w1: usize, w2: usize, w3: usize, cols: usize, vals: usize,
  s0: i32, e0: i32, s1: i32, e1: i32, s2: i32, e2: i32, s3: i32, e3: i32, out: usize,
): void {
  let common = e0 - s0;
  if (e1 - s1 < common) common = e1 - s1;
  if (e2 - s2 < common) common = e2 - s2;
  if (e3 - s3 < common) common = e3 - s3;
  let sum0: f64 = 0;
  let sum1: f64 = 0;
  let sum2: f64 = 0;
  let sum3: f64 = 0;
  if (common > 0) {
    do {
      sum0 += term<C, V>(w0, cols, vals, s0++);
      sum1 += term<C, V>(w1, cols, vals, s1++);
      sum2 += term<C, V>(w2, cols, vals, s2++);
      sum3 += term<C, V>(w3, cols, vals, s3++);
    } while (--common > 0);
  }
  store<f64>(out, dot<C, V>(w0, cols, vals, s0, e0, sum0));
  store<f64>(out, dot<C, V>(w1, cols, vals, s1, e1, sum1), 8);
  store<f64>(out, dot<C, V>(w2, cols, vals, s2, e2, sum2), 16);
  store<f64>(out, dot<C, V>(w3, cols, vals, s3, e3, sum3), 24);
}

export function dotWide(w: usize, cols: usize, vals: usize, start: i32, end: i32, init: f64): f64 {
  return dot<i32, f64>(w, cols, vals, start, end, init);
}

export function dotCompact(w: usize, cols: usize, vals: usize, start: i32, end: i32, init: f64): f64 {
  return dot<u16, f32>(w, cols, vals, start, end, init);
}

export function axpyWide(w: usize, cols: usize, vals: usize, start: i32, end: i32, factor: f64): void {
  axpy<i32, f64>(w, cols, vals, start, end, factor);
}

export function axpyCompact(w: usize, cols: usize, vals: usize, start: i32, end: i32, factor: f64): void {
  axpy<u16, f32>(w, cols, vals, start, end, factor);
}

export function dot4Wide(
  w0: usize, w1: usize, w2: usize, w3: usize, cols: usize, vals: usize,
  s0: i32, e0: i32, s1: i32, e1: i32, s2: i32, e2: i32, s3: i32, e3: i32, out: usize,
): void {
  dot4<i32, f64>(w0, w1, w2, w3, cols, vals, s0, e0, s1, e1, s2, e2, s3, e3, out);
}

export function dot4Compact(
  w0: usize, w1: usize, w2: usize, w3: usize, cols: usize, vals: usize,
  s0: i32, e0: i32, s1: i32, e1: i32, s2: i32, e2: i32, s3: i32, e3: i32, out: usize,
): void {
  dot4<u16, f32>(w0, w1, w2, w3, cols, vals, s0, e0, s1, e1, s2, e2, s3, e3, out);
}
