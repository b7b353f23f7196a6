// The WASM activation, reduction and loss kernels against the reference, on odd shapes (lane tails) and
// values from the tails of exp (saturating sigmoid/tanh, softmax with huge spreads).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ACTIVATIONS } from '../../src/activations.ts';
import { ValueError } from '../../src/errors.ts';
import { Generator } from '../../src/random/generator.ts';
import { abs, assertWithin, place, randomValues, reference, wasm, type Placement } from './harness.ts';

const gen = new Generator(11);
const SHAPES: [number, number][] = [
  [1, 1],
  [1, 3],
  [3, 5],
  [2, 13],
  [5, 17],
  [32, 10],
  [32, 100],
  [7, 97],
];
// Exercises the exp range limits and the tanh polynomial/exp boundary at |x| = 0.625.
const EXTREMES = [
  0, -0, 1e-6, -3e-4, 0.6249, 0.6251, -0.625, 9, -9, 20, -20, 44, -44, 87, -87, 88.5, -88.5, 100, -100, 300,
];

function inputs(size: number, scale: number): Float32Array {
  const x = randomValues(gen, size, scale);
  for (let i = 0; i < size; i += 3) x[i] = EXTREMES[(i / 3) % EXTREMES.length];
  return x;
}

test('biasActivation matches the reference for every activation, with and without bias, in and out of wasm memory', () => {
  let c = 0;
  for (const activation of ACTIVATIONS) {
    for (const [rows, cols] of SHAPES) {
      for (const scale of [1, 10]) {
        const where: Placement = c++ % 2 === 0 ? 'wasm' : 'js';
        const x = inputs(rows * cols, scale);
        const bias = c % 3 === 0 ? null : randomValues(gen, cols);
        const expected = x.slice();
        reference.biasActivation(expected, bias, rows, cols, activation);
        const actual = place(x, where);
        wasm.biasActivation(actual, bias === null ? null : place(bias, where), rows, cols, activation);
        // atol covers outputs below float32's normal range (exp underflow returns 0); elu and selu near 0 are
        // eˣ − 1 in the kernels (absolute error ~1e-7) and expm1 in the reference.
        assertWithin(actual, expected, `${activation} ${rows}×${cols} scale ${scale} ${where}`, {
          rtol: 2e-6,
          atol: 3e-7,
        });
      }
    }
  }
});

test('sigmoid and tanh keep relative accuracy 1e-6 over a dense grid, near zero and in both tails', () => {
  const grid: number[] = [];
  for (let v = -30; v <= 30; v += 0.01) grid.push(v);
  for (let e = -12; e <= 0; e += 0.25) grid.push(10 ** e, -(10 ** e));
  const x = Float32Array.from(grid);
  for (const activation of ['sigmoid', 'tanh'] as const) {
    const actual = x.slice();
    wasm.biasActivation(actual, null, 1, x.length, activation);
    const exact = Array.from(x, (v) => (activation === 'tanh' ? Math.tanh(v) : 1 / (1 + Math.exp(-v))));
    assertWithin(actual, exact, activation, { rtol: 1e-6, atol: 1e-37 });
  }
});

test('activationGrad matches the reference from real activation outputs; dx may alias dy', () => {
  let c = 0;
  for (const activation of ACTIVATIONS) {
    for (const [rows, cols] of SHAPES) {
      const where: Placement = c++ % 2 === 0 ? 'wasm' : 'js';
      const x = randomValues(gen, rows * cols, 2);
      const y = x.slice();
      reference.biasActivation(y, null, rows, cols, activation);
      const dy = randomValues(gen, rows * cols);
      const expected = new Float32Array(rows * cols);
      reference.activationGrad(y, dy, expected, rows, cols, activation, x);
      const out = place(new Float32Array(rows * cols), where);
      wasm.activationGrad(place(y, where), place(dy, where), out, rows, cols, activation, place(x, where));
      assertWithin(out, expected, `${activation} ${rows}×${cols} ${where}`, { atol: 1e-6 });
      const aliased = place(dy, where);
      wasm.activationGrad(place(y, where), aliased, aliased, rows, cols, activation, place(x, where));
      assertWithin(aliased, expected, `${activation} ${rows}×${cols} ${where} aliased`, { atol: 1e-6 });
    }
  }
});

test('sumRows matches the reference, with and without accumulate', () => {
  let c = 0;
  for (const [rows, cols] of [...SHAPES, [784, 33] as [number, number]]) {
    for (const accumulate of [false, true]) {
      const where: Placement = c++ % 2 === 0 ? 'wasm' : 'js';
      const x = randomValues(gen, rows * cols);
      const start = randomValues(gen, cols);
      const expected = start.slice();
      reference.sumRows(x, expected, rows, cols, accumulate);
      const scale = new Float32Array(cols);
      reference.sumRows(abs(x), scale, rows, cols);
      const out = place(start, where);
      wasm.sumRows(place(x, where), out, rows, cols, accumulate);
      assertWithin(out, expected, `${rows}×${cols} accumulate ${accumulate} ${where}`, { scale });
    }
  }
});

test('softmaxCrossEntropy matches the reference: loss, probabilities and scaled gradient', () => {
  let c = 0;
  for (const [rows, cols] of SHAPES) {
    for (const scale of [1, 30]) {
      const where: Placement = c++ % 2 === 0 ? 'wasm' : 'js';
      const logits = randomValues(gen, rows * cols, scale);
      const labels = Int32Array.from({ length: rows }, () => gen.integer(cols));
      const probs = new Float32Array(rows * cols);
      const grad = new Float32Array(rows * cols);
      const loss = reference.softmaxCrossEntropy(logits, labels, probs, grad, rows, cols, 1 / rows);
      const wasmLabels = where === 'wasm' ? wasm.allocInt32(rows) : new Int32Array(rows);
      wasmLabels.set(labels);
      const p = place(new Float32Array(rows * cols), where);
      const g = place(new Float32Array(rows * cols), where);
      const wasmLoss = wasm.softmaxCrossEntropy(place(logits, where), wasmLabels, p, g, rows, cols, 1 / rows);
      const label = `${rows}×${cols} scale ${scale} ${where}`;
      assertWithin([wasmLoss], [loss], `${label} loss`, { atol: 1e-6 * rows });
      assertWithin(p, probs, `${label} probs`, { atol: 1e-37 });
      assertWithin(g, grad, `${label} dLogits`, { atol: 1e-7 });
      const evalLoss = wasm.softmaxCrossEntropy(logits, labels, new Float32Array(rows * cols), null, rows, cols, 1);
      assertWithin([evalLoss], [loss], `${label} loss without gradient`, { atol: 1e-6 * rows });
    }
  }
});

test('softmaxCrossEntropy rejects labels outside [0, cols)', () => {
  const probs = new Float32Array(3);
  assert.throws(
    () => wasm.softmaxCrossEntropy(new Float32Array(3), Int32Array.from([3]), probs, null, 1, 3, 1),
    ValueError,
  );
  assert.throws(
    () => wasm.softmaxCrossEntropy(new Float32Array(3), Int32Array.from([-1]), probs, null, 1, 3, 1),
    ValueError,
  );
});

test('mul matches the reference', () => {
  for (const n of [1, 3, 5, 13, 17, 100, 1001]) {
    const x = randomValues(gen, n);
    const mask = randomValues(gen, n);
    const expected = new Float32Array(n);
    reference.mul(x, mask, expected, n);
    const out = place(new Float32Array(n), n % 2 ? 'wasm' : 'js');
    wasm.mul(place(x, 'wasm'), place(mask, 'js'), out, n);
    assertWithin(out, expected, `mul ${n}`);
  }
});

test('NaN in the input comes out as NaN (so that TerminateOnNaN can see it)', () => {
  for (const backend of [wasm, reference]) {
    for (const activation of ACTIVATIONS) {
      const x = Float32Array.from([0.5, NaN, -1, 2, 3]);
      backend.biasActivation(x, null, 1, 5, activation);
      assert.ok(Number.isNaN(x[1]), `${backend.name} ${activation} keeps NaN`);
    }
  }
  const logits = Float32Array.from([1, NaN, 3, 0, 1, 2]);
  const probs = new Float32Array(6);
  const loss = wasm.softmaxCrossEntropy(logits, Int32Array.from([0, 1]), probs, new Float32Array(6), 2, 3, 0.5);
  assert.ok(Number.isNaN(loss));
  assert.ok(Number.isNaN(probs[0]) && !Number.isNaN(probs[3]), 'only the row holding the NaN is NaN');
});

test('firstNonFinite finds the first NaN or ±Infinity like the reference: lanes, 16-float blocks, tails, chunk edges, in and out of wasm memory', () => {
  const length = 65536 * 2 + 7;
  for (const where of ['wasm', 'js'] as Placement[]) {
    for (const bad of [NaN, Infinity, -Infinity]) {
      for (const at of [0, 3, 4, 15, 16, 17, 31, 65535, 65536, 65539, length - 9, length - 1]) {
        const x = randomValues(gen, length, 1e30);
        x[at] = bad;
        if (at < length - 1) x[length - 1] = bad; // a later one must not win
        const placed = place(x, where);
        assert.equal(wasm.firstNonFinite(placed), reference.firstNonFinite(x), `${bad} at ${at} ${where}`);
        assert.equal(wasm.firstNonFinite(placed), at, `${bad} at ${at} ${where}`);
      }
    }
    const finite = place(Float32Array.from([3.4e38, -3.4e38, 1e-45, -0, 0]), where);
    assert.equal(wasm.firstNonFinite(finite), -1, `the extremes of float32 are finite ${where}`);
  }
  assert.equal(wasm.firstNonFinite(new Float32Array(0)), -1);
});
