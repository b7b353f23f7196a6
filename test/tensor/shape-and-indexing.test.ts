import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/errors.ts';
import { Tensor, tensor } from '../../src/tensor/index.ts';

const t = tensor([
  [1, 2],
  [3, 4],
  [5, 6],
]);

test('reshape infers -1 and shares storage', () => {
  assert.deepEqual(t.reshape([-1]).toArray(), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(t.reshape([2, -1]).shape, [2, 3]);
  assert.equal(t.reshape([6]).data, t.data);
});

test('bad reshapes name both shapes', () => {
  assert.throws(
    () => t.reshape([-1, 4]),
    (e: unknown) =>
      e instanceof ShapeError &&
      /cannot reshape a tensor of shape \(3, 2\) \(6 elements\) into shape \(-1, 4\): 6 is not a multiple of 4/.test(
        e.message,
      ),
  );
  assert.throws(() => t.reshape([4, 2]), /into shape \(4, 2\): that shape has 8 elements/);
  assert.throws(() => t.reshape([-1, -1]), /only one dimension can be -1/);
  assert.throws(() => t.reshape([2.5, 2]), /integers >= 0/);
});

test('the tutorial idiom: uint8 images / 255 reshaped to rows of 784', () => {
  const images = new Tensor(
    new Uint8Array(5 * 28 * 28).map((_, i) => i % 256),
    [5, 28, 28],
  );
  const x = images.div(255).reshape([-1, 784]);
  assert.equal(x.dtype, 'float32');
  assert.deepEqual(x.shape, [5, 784]);
  assert.equal(x.data[300], Math.fround((300 % 256) / 255));
});

test('transpose', () => {
  assert.deepEqual(t.transpose().toArray(), [
    [1, 3, 5],
    [2, 4, 6],
  ]);
  const cube = tensor([
    [
      [1, 2],
      [3, 4],
    ],
    [
      [5, 6],
      [7, 8],
    ],
  ]);
  assert.deepEqual(cube.transpose([2, 0, 1]).toArray(), [
    [
      [1, 3],
      [5, 7],
    ],
    [
      [2, 4],
      [6, 8],
    ],
  ]);
  assert.throws(() => cube.transpose([0, 0, 1]), /not a permutation/);
});

test('slice along the first axis, numpy-style bounds', () => {
  assert.deepEqual(t.slice(1, 3).toArray(), [
    [3, 4],
    [5, 6],
  ]);
  assert.deepEqual(t.slice(-1).toArray(), [[5, 6]]);
  assert.deepEqual(t.slice(2, 100).toArray(), [[5, 6]]);
  assert.deepEqual(t.slice(2, 1).shape, [0, 2]);
  assert.throws(() => tensor(3).slice(0), ShapeError);
});

test('take along the first axis', () => {
  assert.deepEqual(t.take([2, 0, 2]).toArray(), [
    [5, 6],
    [1, 2],
    [5, 6],
  ]);
  assert.deepEqual(t.take(Int32Array.of(-1)).toArray(), [[5, 6]]);
  assert.deepEqual(t.take(tensor([[0], [1]], undefined, 'int32')).shape, [2, 1, 2]);
  assert.throws(
    () => t.take([3]),
    (e: unknown) =>
      e instanceof ValueError && /index 3 \(position 0\) is out of range for axis 0 of shape \(3, 2\)/.test(e.message),
  );
  assert.throws(() => t.take([0.5]), /not an integer/);
  assert.throws(() => t.take(tensor([0])), /indices must be integers/);
});
