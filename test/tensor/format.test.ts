import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { tensor, zeros } from '../../src/tensor/index.ts';

test('tensors print their values, shape and dtype', () => {
  assert.equal(
    String(
      tensor([
        [1, 2.5],
        [3, 4],
      ]),
    ),
    'tensor([[1, 2.5],\n        [3, 4]], shape=(2, 2), dtype=float32)',
  );
  assert.equal(String(tensor([1 / 3])), 'tensor([0.3333333], shape=(1,), dtype=float32)');
  assert.equal(String(tensor(5, [], 'int32')), 'tensor(5, shape=(), dtype=int32)');
  assert.equal(inspect(tensor([7], undefined, 'uint8')), 'tensor([7], shape=(1,), dtype=uint8)');
});

test('large tensors are summarised with three items at each edge', () => {
  const text = String(zeros([2000]).add(tensor([1])));
  assert.equal(text, 'tensor([1, 1, 1, ..., 1, 1, 1], shape=(2000,), dtype=float32)');
  const rows = String(zeros([600, 600])).split('\n');
  assert.equal(rows.length, 7);
  assert.equal(rows[3].trim(), '...,');
});
