import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkGradient, numericGradient } from '../helpers/gradient-check.ts';

// f(p) = Σ p_i² · sin(p_i), gradient 2p·sin(p) + p²·cos(p).
const f = (p: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] * p[i] * Math.sin(p[i]);
  return s;
};
const df = (p: ArrayLike<number>): number[] => Array.from(p, (x) => 2 * x * Math.sin(x) + x * x * Math.cos(x));

test('numericGradient matches a known derivative and restores the params', () => {
  const p = Float64Array.from([0.3, -1.2, 2.5]);
  const numeric = numericGradient(f, p);
  assert.deepEqual(Array.from(p), [0.3, -1.2, 2.5]);
  df(p).forEach((g, i) => assert.ok(Math.abs(numeric[i] - g) < 1e-8, `component ${i}`));
});

test('checkGradient passes a correct gradient in float64 and float32', () => {
  checkGradient(f, Float64Array.from([0.3, -1.2, 2.5]), df([0.3, -1.2, 2.5]));
  const p32 = Float32Array.from([0.3, -1.2, 2.5]);
  checkGradient(f, p32, df(p32));
});

test('checkGradient names the first wrong component', () => {
  const p = Float64Array.from([0.3, -1.2, 2.5]);
  const wrong = df(p);
  wrong[1] += 1e-3;
  assert.throws(() => checkGradient(f, p, wrong, { label: 'toy' }), /toy: gradient mismatch at parameter 1/);
});

test('checkGradient with maxChecks compares a seeded subset', () => {
  const p = Float64Array.from({ length: 50 }, (_, i) => Math.sin(i));
  const a = checkGradient(f, p, df(p), { maxChecks: 5, seed: 3 });
  const b = checkGradient(f, p, df(p), { maxChecks: 5, seed: 3 });
  assert.equal(a.indices.length, 5);
  assert.deepEqual(a.indices, b.indices);
});
