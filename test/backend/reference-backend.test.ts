// The reference backend against small cases worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReferenceBackend } from '../../src/backend/reference/reference-backend.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { ValueError } from '../../src/errors.ts';

const ref = createReferenceBackend();
const f32 = (values: number[]): Float32Array => Float32Array.from(values);

test('matmul: a 2×3 · 3×2 product in every transpose form, and accumulate', () => {
  const a = f32([1, 2, 3, 4, 5, 6]);
  const aT = f32([1, 4, 2, 5, 3, 6]);
  const b = f32([7, 8, 9, 10, 11, 12]);
  const bT = f32([7, 9, 11, 8, 10, 12]);
  const expected = [58, 64, 139, 154];
  for (const [x, y, transA, transB] of [
    [a, b, false, false],
    [aT, b, true, false],
    [a, bT, false, true],
    [aT, bT, true, true],
  ] as const) {
    const out = new Float32Array(4);
    ref.matmul(x, y, out, 2, 3, 2, { transA, transB });
    assert.deepEqual([...out], expected, `transA ${transA} transB ${transB}`);
  }
  const out = f32([1, 1, 1, 1]);
  ref.matmul(a, b, out, 2, 3, 2, { accumulate: true });
  assert.deepEqual([...out], [59, 65, 140, 155]);
});

test('biasActivation: softmax of [1, 2, 3], relu, sigmoid, tanh with a bias', () => {
  const x = f32([0, 1, 2]);
  ref.biasActivation(x, f32([1, 1, 1]), 1, 3, 'softmax');
  assertAllClose(x, [0.09003057, 0.24472847, 0.66524096], { rtol: 1e-6 });
  const y = f32([-1, 0.5, 2, -3]);
  ref.biasActivation(y, f32([0.5, 0.5]), 2, 2, 'relu');
  assert.deepEqual([...y], [0, 1, 2.5, 0]);
  const s = f32([0, Math.log(3)]);
  ref.biasActivation(s, null, 1, 2, 'sigmoid');
  assertAllClose(s, [0.5, 0.75], { rtol: 1e-6 });
  const t = f32([Math.log(2)]);
  ref.biasActivation(t, null, 1, 1, 'tanh');
  assertAllClose(t, [0.6], { rtol: 1e-6 }); // tanh(ln 2) = (2 − 1/2)/(2 + 1/2)
  assert.throws(() => ref.biasActivation(t, null, 1, 1, 'swish' as 'relu'), ValueError);
});

test('activationGrad from the output, softmax with dx aliasing dy', () => {
  const dy = f32([1, 2, 3, 4]);
  ref.activationGrad(f32([0, 1, 0.5, -2]), dy, dy, 2, 2, 'relu');
  assert.deepEqual([...dy], [0, 2, 3, 0]);
  const dx = new Float32Array(2);
  ref.activationGrad(f32([0.5, 0.25]), f32([2, 4]), dx, 1, 2, 'sigmoid');
  assert.deepEqual([...dx], [0.5, 0.75]);
  ref.activationGrad(f32([0.5, -0.5]), f32([2, 4]), dx, 1, 2, 'tanh');
  assert.deepEqual([...dx], [1.5, 3]);
  // y = [0.25, 0.75], dy = [1, 0]: Σ dy⊙y = 0.25; dx = y ⊙ (dy − 0.25) = [0.1875, −0.1875].
  const g = f32([1, 0]);
  ref.activationGrad(f32([0.25, 0.75]), g, g, 1, 2, 'softmax');
  assert.deepEqual([...g], [0.1875, -0.1875]);
});

test('sumRows sums columns and accumulates', () => {
  const out = f32([10, 20]);
  ref.sumRows(f32([1, 2, 3, 4, 5, 6]), out, 3, 2, true);
  assert.deepEqual([...out], [19, 32]);
  ref.sumRows(f32([1, 2, 3, 4, 5, 6]), out, 3, 2);
  assert.deepEqual([...out], [9, 12]);
});

test('softmaxCrossEntropy: loss −log softmax([1,2,3])[2], gradient probs − onehot, scaled', () => {
  const probs = new Float32Array(6);
  const d = new Float32Array(6);
  const loss = ref.softmaxCrossEntropy(f32([1, 2, 3, 0, 0, 0]), Int32Array.from([2, 0]), probs, d, 2, 3, 0.5);
  assertAllClose(loss, 0.40760596 + Math.log(3), { rtol: 1e-6 });
  assertAllClose(probs, [0.09003057, 0.24472847, 0.66524096, 1 / 3, 1 / 3, 1 / 3], { rtol: 1e-6 });
  assertAllClose(d, [0.04501529, 0.12236424, -0.16737952, -1 / 3, 1 / 6, 1 / 6], { rtol: 1e-6 });
  assert.throws(
    () => ref.softmaxCrossEntropy(f32([1, 2]), Int32Array.from([2]), probs, null, 1, 2, 1),
    /outside \[0, 2\)/,
  );
});

test('mul is elementwise', () => {
  const out = new Float32Array(3);
  ref.mul(f32([1, 2, 3]), f32([0, 2, 0.5]), out, 3);
  assert.deepEqual([...out], [0, 4, 1.5]);
});

test('one Adam step worked by hand (t = 1)', () => {
  const w = f32([1]);
  const m = f32([0]);
  const v = f32([0]);
  const alpha = (0.001 * Math.sqrt(1 - 0.999)) / (1 - 0.9);
  ref.adamUpdate(w, f32([0.5]), m, v, 1, alpha, 0.9, 0.999, 1e-7);
  assertAllClose(m, [0.05], { rtol: 1e-6 });
  assertAllClose(v, [0.00025], { rtol: 1e-6 });
  // α·m/(sqrt v + ε) = 0.001·0.0158114/(0.0158114 + 1e-7) = 0.00099999368
  assertAllClose(w, [1 - 0.00099999368], { rtol: 1e-7 });
});

test('SGD plain, momentum and Nesterov steps', () => {
  const w = f32([1]);
  ref.sgdUpdate(w, f32([2]), null, 1, 0.1, 0, false);
  assertAllClose(w, [0.8]);
  const w2 = f32([1]);
  const vel = f32([0.5]);
  ref.sgdUpdate(w2, f32([2]), vel, 1, 0.1, 0.9, false); // m = 0.45 − 0.2 = 0.25; w = 1.25
  assertAllClose(vel, [0.25]);
  assertAllClose(w2, [1.25]);
  const w3 = f32([1]);
  ref.sgdUpdate(w3, f32([2]), f32([0.5]), 1, 0.1, 0.9, true); // w = 1 + 0.9·0.25 − 0.2 = 1.025
  assertAllClose(w3, [1.025]);
});

test('RMSprop and Adagrad steps', () => {
  const w = f32([1]);
  const v = f32([0]);
  ref.rmspropUpdate(w, f32([2]), v, null, 1, 0.01, 0.9, 0, 0); // v = 0.4; w = 1 − 0.02/sqrt(0.4)
  assertAllClose(v, [0.4]);
  assertAllClose(w, [1 - 0.02 / Math.sqrt(0.4)]);
  const w2 = f32([1]);
  const mom = f32([1]);
  ref.rmspropUpdate(w2, f32([2]), f32([0]), mom, 1, 0.01, 0.9, 0.5, 0); // mom = 0.5 + 0.0316228
  assertAllClose(mom, [0.5 + 0.02 / Math.sqrt(0.4)]);
  assertAllClose(w2, [1 - 0.5 - 0.02 / Math.sqrt(0.4)]);
  const w3 = f32([1]);
  const acc = f32([0.1]);
  ref.adagradUpdate(w3, f32([3]), acc, 1, 0.1, 0); // acc = 9.1; w = 1 − 0.3/sqrt(9.1)
  assertAllClose(acc, [9.1]);
  assertAllClose(w3, [1 - 0.3 / Math.sqrt(9.1)]);
});

test('momentum without a momentum buffer is a ValueError', () => {
  const w = new Float32Array(2);
  assert.throws(() => ref.sgdUpdate(w, w, null, 2, 0.1, 0.9, false), ValueError);
  assert.throws(() => ref.rmspropUpdate(w, w, new Float32Array(2), null, 2, 0.1, 0.9, 0.5, 1e-7), ValueError);
});
