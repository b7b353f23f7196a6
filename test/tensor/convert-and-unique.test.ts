import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fill, tensor, unique } from '../../src/tensor/index.ts';

test('astype converts with C-cast semantics', () => {
  const f = tensor([-1.7, 0.2, 2.9, 300]);
  assert.deepEqual(f.astype('int32').toArray(), [-1, 0, 2, 300]);
  assert.deepEqual(f.astype('uint8').toArray(), [255, 0, 2, 44]);
  assert.equal(tensor([1, 2], undefined, 'uint8').astype('float32').dtype, 'float32');
  assert.deepEqual(tensor([NaN]).astype('int32').toArray(), [0]);
});

test('toArray gives nested arrays, a number for rank 0', () => {
  assert.deepEqual(
    tensor([
      [[1], [2]],
      [[3], [4]],
    ]).toArray(),
    [
      [[1], [2]],
      [[3], [4]],
    ],
  );
  assert.equal(fill([], 4).toArray(), 4);
  assert.deepEqual(tensor([]).toArray(), []);
});

test('unique sorts like numpy and counts', () => {
  const labels = tensor([3, 1, 2, 3, 3, 0, 1], undefined, 'uint8');
  const [values, counts] = unique(labels, { returnCounts: true });
  assert.deepEqual(values.toArray(), [0, 1, 2, 3]);
  assert.equal(values.dtype, 'uint8');
  assert.deepEqual(counts.toArray(), [1, 2, 1, 3]);
  assert.equal(counts.dtype, 'int32');
  assert.deepEqual(
    unique(
      tensor([
        [2.5, -1],
        [2.5, 10],
      ]),
    ).toArray(),
    [-1, 2.5, 10],
  );
  assert.deepEqual(unique(tensor([-5, 7, -5], undefined, 'int32')).toArray(), [-5, 7]);
  assert.deepEqual(unique(tensor([])).shape, [0]);
});
