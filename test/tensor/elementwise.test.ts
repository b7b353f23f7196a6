import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ShapeError } from '../../src/errors.ts';
import { exp, log, neg, relu, sigmoid, tanh, tensor } from '../../src/tensor/index.ts';
import { assertAllClose } from '../helpers/all-close.ts';

test('broadcasting arithmetic, hand-computed', () => {
  const m = tensor([
    [1, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(m.add(tensor([10, 20, 30])).toArray(), [
    [11, 22, 33],
    [14, 25, 36],
  ]);
  assert.deepEqual(m.sub(tensor([[1], [4]])).toArray(), [
    [0, 1, 2],
    [0, 1, 2],
  ]);
  assert.deepEqual(
    tensor([[1], [2]])
      .mul(tensor([1, 10, 100]))
      .toArray(),
    [
      [1, 10, 100],
      [2, 20, 200],
    ],
  );
  assert.deepEqual(m.div(2).toArray(), [
    [0.5, 1, 1.5],
    [2, 2.5, 3],
  ]);
  assert.deepEqual(m.mul(tensor(2)).toArray(), [
    [2, 4, 6],
    [8, 10, 12],
  ]);
});

test('dtype rules follow numpy where it matters', () => {
  const bytes = tensor([0, 51, 255], undefined, 'uint8');
  const ints = tensor([1, 2, 3], undefined, 'int32');
  assert.equal(bytes.div(255).dtype, 'float32');
  assertAllClose(bytes.div(255), [0, 0.2, 1]);
  assert.equal(ints.add(tensor([0.5, 0.5, 0.5])).dtype, 'float32');
  assert.equal(ints.add(1).dtype, 'int32');
  assert.equal(ints.add(0.5).dtype, 'float32');
  assert.equal(ints.div(ints).dtype, 'float32');
  assert.equal(ints.add(bytes).dtype, 'int32');
  assert.equal(bytes.add(1).dtype, 'uint8');
  assert.deepEqual(bytes.add(1).toArray(), [1, 52, 0]); // wraps like numpy's uint8
  assert.equal(tensor([1], undefined, 'float64').add(tensor([1])).dtype, 'float64');
  assert.equal(ints.equal(2).dtype, 'uint8');
  assert.deepEqual(ints.equal(2).toArray(), [0, 1, 0]);
  assert.deepEqual(tensor([0.1, 0.2]).equal(0.1).toArray(), [1, 0]); // the scalar meets float32 as float32
});

test('shape mismatches name both shapes', () => {
  assert.throws(
    () => tensor([[1, 2, 3]]).add(tensor([1, 2])),
    (e: unknown) =>
      e instanceof ShapeError && /add: shapes \(1, 3\) and \(2,\) cannot be broadcast together/.test(e.message),
  );
  assert.throws(() => tensor([1, 2]).mul([1, 2] as never), /expected a Tensor or a number, got an array/);
});

test('unary functions', () => {
  const x = tensor([-2, 0, 0.5, 3], undefined, 'float64');
  assertAllClose(neg(x), [2, -0, -0.5, -3]);
  assertAllClose(exp(x), [Math.exp(-2), 1, Math.exp(0.5), Math.exp(3)]);
  assertAllClose(log(tensor([1, Math.E, 10])), [0, 1, Math.log(10)]);
  assertAllClose(relu(x), [0, 0, 0.5, 3]);
  assertAllClose(sigmoid(x), [1 / (1 + Math.exp(2)), 0.5, 1 / (1 + Math.exp(-0.5)), 1 / (1 + Math.exp(-3))]);
  assertAllClose(sigmoid(tensor([-1000, 1000])), [0, 1]); // no overflow to NaN
  assertAllClose(tanh(x), [Math.tanh(-2), 0, Math.tanh(0.5), Math.tanh(3)]);
  assert.equal(exp(tensor([1], undefined, 'int32')).dtype, 'float32');
});
