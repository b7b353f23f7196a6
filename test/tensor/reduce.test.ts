import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/errors.ts';
import { tensor, zeros } from '../../src/tensor/index.ts';

const m = tensor([
  [1, 5, 2],
  [7, 0, 3],
]);

test('sum, mean, max whole and per axis', () => {
  assert.equal(m.sum().item(), 18);
  assert.deepEqual(m.sum(0).toArray(), [8, 5, 5]);
  assert.deepEqual(m.sum(-1).toArray(), [8, 10]);
  assert.deepEqual(m.sum(1, true).shape, [2, 1]);
  assert.equal(m.mean().item(), 3);
  assert.deepEqual(m.mean(0).toArray(), [4, 2.5, 2.5]);
  assert.equal(m.max().item(), 7);
  assert.deepEqual(m.max(1).toArray(), [5, 7]);
  assert.deepEqual(m.sum([0, 1]).shape, []);
});

test('argMax returns int32 indices, the first on ties', () => {
  assert.deepEqual(m.argMax(1).toArray(), [1, 0]);
  assert.deepEqual(m.argMax(0).toArray(), [1, 0, 1]);
  assert.equal(m.argMax().item(), 3);
  assert.equal(m.argMax(1).dtype, 'int32');
  assert.deepEqual(
    tensor([[2, 2, 1]])
      .argMax(1)
      .toArray(),
    [0],
  );
});

test('reductions of integers and the accuracy idiom', () => {
  const predicted = tensor([0, 2, 1, 1], undefined, 'int32');
  const labels = tensor([0, 2, 2, 1], undefined, 'uint8');
  const hits = predicted.equal(labels);
  assert.equal(hits.sum().dtype, 'int32');
  assert.equal(hits.sum().item(), 3);
  assert.equal(hits.mean().dtype, 'float32');
  assert.equal(hits.mean().item(), 0.75);
  assert.throws(() => tensor([2e9, 2e9], undefined, 'int32').sum(), /overflows int32/);
});

test('NaN propagates through max; empty reductions are errors', () => {
  assert.ok(Number.isNaN(tensor([1, NaN, 3]).max().item()));
  assert.equal(tensor([1, NaN, 3]).argMax().item(), 1);
  assert.throws(() => zeros([0]).max(), ValueError);
  assert.equal(zeros([0, 3]).sum().item(), 0);
});

test('bad axes name the valid range', () => {
  assert.throws(
    () => m.sum(2),
    (e: unknown) => e instanceof ShapeError && /axis 2 is out of range for a tensor of rank 2/.test(e.message),
  );
  assert.throws(() => m.argMax(-3), ShapeError);
  assert.throws(() => m.sum([1, -1]), /repeated axis/);
});
