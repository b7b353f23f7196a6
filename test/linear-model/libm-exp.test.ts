import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { exp, fma } from '../../src/linear-model/libm-exp.ts';

// exp(x) from glibc's libm for 6,200 inputs: test/fixtures/sklearn/make-exp-table.py (command inside).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn/exp-values.json', import.meta.url), 'utf8'));

test('exp equals glibc exp bit for bit, from subnormal results to overflow', () => {
  let mathExpDiffers = 0;
  fixture.x.forEach((x: number, i: number) => {
    const expected = fixture.exp[i] === 'inf' ? Infinity : fixture.exp[i];
    assert.equal(exp(x), expected, `exp(${x})`);
    if (Math.exp(x) !== expected) mathExpDiffers++;
  });
  // The reason this port exists: Math.exp is not glibc's exp.
  assert.ok(mathExpDiffers > 0);
});

test('exp of special values', () => {
  assert.equal(exp(0), 1);
  assert.equal(exp(-Infinity), 0);
  assert.equal(exp(Infinity), Infinity);
  assert.ok(Number.isNaN(exp(NaN)));
});

test('fma rounds a*b + c once', () => {
  // (1 + 2^-30)^2 - 1 = 2^-29 + 2^-60: separate roundings lose the 2^-60 term, fma keeps it.
  const a = 1 + 2 ** -30;
  assert.equal(a * a - 1, 2 ** -29);
  assert.equal(fma(a, a, -1), 2 ** -29 + 2 ** -60);
  assert.equal(fma(3, 5, 7), 22);
  // A tie broken by the product's low part: 1 + 2^-53 + 2^-80 rounds up.
  assert.equal(fma(1 + 2 ** -27, 1 + 2 ** -26 - 2 ** -53, 2 ** -53), 1 + 2 ** -26 + 2 ** -27 + 2 ** -52);
});
