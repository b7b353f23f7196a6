import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllClose } from '../helpers/all-close.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

test('assertAllClose accepts values within tolerance', () => {
  assertAllClose(1.000001, 1);
  assertAllClose(
    [
      [1, 2],
      [3, 4],
    ],
    Float32Array.from([1, 2, 3, 4]),
  );
  assertAllClose(new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2]), [
    [1, 2],
    [3, 4 + 1e-6],
  ]);
  assertAllClose([NaN, Infinity], [NaN, Infinity]);
});

test('assertAllClose names the first differing index and both values', () => {
  assert.throws(
    () =>
      assertAllClose(
        [
          [1, 2],
          [3, 4],
        ],
        [
          [1, 2],
          [3.5, 4],
        ],
      ),
    /1 of 4 elements differ .*first at index \[1, 0\]: actual 3, expected 3.5/,
  );
  assert.throws(() => assertAllClose([NaN], [1]), /first at index \[0\]/);
  assert.throws(() => assertAllClose([1.1], [1], { rtol: 0.05, atol: 0 }), /differ/);
  assertAllClose([1.1], [1], { rtol: 0.2 });
});

test('assertAllClose checks shapes of tensors', () => {
  const t = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 2]);
  assert.throws(
    () => assertAllClose(t, new Tensor(Float32Array.from([1, 2, 3, 4]), [4])),
    /shapes differ: actual \(2, 2\), expected \(4,\)/,
  );
  assert.throws(() => assertAllClose(t, [1, 2, 3]), /differ/);
});
