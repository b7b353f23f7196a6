import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError, ValueError } from '../../src/errors.ts';
import { Tensor, fill, ones, scalar, tensor, zeros } from '../../src/tensor/index.ts';

test('tensor infers the shape from nesting and defaults to float32', () => {
  const t = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(t.shape, [2, 3]);
  assert.equal(t.dtype, 'float32');
  assert.deepEqual(Array.from(t.data), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(tensor(7).shape, []);
  assert.deepEqual(tensor([]).shape, [0]);
  assert.deepEqual(tensor([[true, false]], undefined, 'uint8').toArray(), [[1, 0]]);
});

test('tensor takes an explicit shape and dtype', () => {
  const t = tensor([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
  assert.deepEqual(t.shape, [3, 2]);
  assert.equal(t.dtype, 'int32');
  assert.deepEqual(t.toArray(), [
    [1, 2],
    [3, 4],
    [5, 6],
  ]);
  assert.equal(tensor([1.9, -1.9], undefined, 'int32').toArray().toString(), '1,-1');
});

test('tensor from a typed array keeps its dtype and copies', () => {
  const bytes = Uint8Array.from([1, 2, 3, 4]);
  const t = tensor(bytes, [2, 2]);
  assert.equal(t.dtype, 'uint8');
  bytes[0] = 99;
  assert.equal(t.data[0], 1);
  assert.equal(tensor(Float64Array.of(0.5)).dtype, 'float64');
  assert.equal(tensor(Int32Array.of(1, 2), undefined, 'float32').dtype, 'float32');
});

test('ragged nested arrays are a ShapeError naming the place', () => {
  assert.throws(
    () => tensor([[1, 2], [3]]),
    (e: unknown) => e instanceof ShapeError && /ragged.*element \[1\] has length 1, expected length 2/.test(e.message),
  );
  assert.throws(() => tensor([[1, 2], 3] as never), /ragged.*element \[1\] has a number, expected length 2/);
  assert.throws(() => tensor([1, [2, 3]] as never), /ragged.*element \[1\] is a list/);
  assert.throws(
    () => tensor([1, 'a'] as never),
    (e: unknown) => e instanceof ValueError && /numbers, got string at element \[1\]/.test(e.message),
  );
});

test('a shape that does not fit the data names both', () => {
  assert.throws(
    () => tensor([1, 2, 3], [2, 2]),
    /shape \(2, 2\) \(4 elements\) from data of shape \(3,\) \(3 elements\)/,
  );
  assert.throws(() => new Tensor(new Float32Array(3), [2, 2]), ShapeError);
});

test('unknown dtypes are a ValueError listing the valid ones', () => {
  assert.throws(
    () => tensor([1], undefined, 'float16'),
    (e: unknown) =>
      e instanceof ValueError &&
      /unknown dtype 'float16': expected one of 'float32', 'int32', 'uint8', 'float64'/.test(e.message),
  );
  assert.throws(() => zeros([2], 'bool'), ValueError);
  assert.throws(() => tensor([1]).astype('int64'), /unknown dtype 'int64'/);
});

test('zeros, ones, fill, scalar', () => {
  assert.deepEqual(zeros([2, 2]).toArray(), [
    [0, 0],
    [0, 0],
  ]);
  assert.deepEqual(ones([3], 'int32').toArray(), [1, 1, 1]);
  assert.equal(ones([3], 'int32').dtype, 'int32');
  assert.deepEqual(fill([2, 1], 2.5).toArray(), [[2.5], [2.5]]);
  assert.equal(scalar(3).item(), 3);
  assert.deepEqual(zeros([0, 4]).shape, [0, 4]);
  assert.throws(() => zeros([2, -1]), /invalid shape \(2, -1\)/);
});
