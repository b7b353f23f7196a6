import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatTicks, linearScale, niceTicks, paddedExtent } from '../../src/plot/scale.ts';

test('linearScale maps the domain ends onto the range ends and is linear between', () => {
  const s = linearScale([2, 4], [100, 0]);
  assert.equal(s(2), 100);
  assert.equal(s(4), 0);
  assert.equal(s(3), 50);
  assert.equal(s(5), -50);
});

test('niceTicks picks 1-2-2.5-5 steps inside the interval', () => {
  assert.deepEqual(niceTicks(0, 1, 6), [0, 0.2, 0.4, 0.6, 0.8, 1]);
  assert.deepEqual(niceTicks(0.31, 0.52, 6), [0.35, 0.4, 0.45, 0.5]);
  assert.deepEqual(niceTicks(-0.95, 19.95, 8, true), [0, 5, 10, 15]);
  assert.deepEqual(niceTicks(-0.1, 2.1, 8, true), [0, 1, 2]);
});

test('formatTicks prints every tick with the decimals of the step', () => {
  assert.deepEqual(formatTicks([0.1, 0.2, 0.30000000000000004]), ['0.1', '0.2', '0.3']);
  assert.deepEqual(formatTicks([0, 0.25, 0.5]), ['0.00', '0.25', '0.50']);
  assert.deepEqual(formatTicks([0, 5, 10]), ['0', '5', '10']);
});

test('paddedExtent adds 5 % of the span and widens a single value', () => {
  assert.deepEqual(paddedExtent([0, 10]), [-0.5, 10.5]);
  assert.deepEqual(paddedExtent([2, 2]), [1.8, 2.2]);
  assert.deepEqual(paddedExtent([NaN, 1, 3]), [0.9, 3.1]);
});
