import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLayerTest } from '../helpers/layer-check.ts';
import { MaxPooling2D } from '../../src/layers/pooling/max-pooling2d.ts';
import { AveragePooling2D } from '../../src/layers/pooling/average-pooling2d.ts';
import { MaxPooling1D } from '../../src/layers/pooling/max-pooling1d.ts';
import { AveragePooling1D } from '../../src/layers/pooling/average-pooling1d.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

test('the chapter contract: MaxPooling2D(2) and MaxPooling2D({ poolSize, strides, padding })', () => {
  const pool = new MaxPooling2D(2);
  assert.deepEqual([pool.poolSize, pool.strides, pool.padding], [[2, 2], [2, 2], 'valid']);
  pool.build([28, 28, 32]);
  assert.deepEqual(pool.outputShape, [null, 14, 14, 32]);
  const wide = new MaxPooling2D({ poolSize: [2, 3], strides: [1, 2], padding: 'same' });
  wide.build([5, 5, 2]);
  assert.deepEqual(wide.outputShape, [null, 5, 3, 2]);
  assert.deepEqual(new MaxPooling2D().poolSize, [2, 2]);
  assert.throws(() => new MaxPooling2D(2, { poolSize: 3 }), /poolSize given twice/);
  assert.throws(() => new MaxPooling2D({ pool_size: 2 } as never), /did you mean 'poolSize'/);
  assert.throws(() => new MaxPooling2D(0), /poolSize must be a positive integer/);
});

test('MaxPooling2D and AveragePooling2D by hand on a 4×4 image with two channels', () => {
  // channel 0: 0..15 row-major; channel 1: its negation
  const data = Float32Array.from({ length: 32 }, (_, i) => (i % 2 === 0 ? i / 2 : 0 - (i - 1) / 2));
  const x = new Tensor(data, [1, 4, 4, 2]);
  assert.deepEqual(Array.from(new MaxPooling2D(2).apply(x).data), [5, 0, 7, -2, 13, -8, 15, -10]);
  assert.deepEqual(Array.from(new AveragePooling2D(2).apply(x).data), [2.5, -2.5, 4.5, -4.5, 10.5, -10.5, 12.5, -12.5]);
  // 'same' with a 3×3 window and stride 2 over 4×4: total padding 1, all after the image.
  const same = new AveragePooling2D({ poolSize: 3, strides: 2, padding: 'same' }).apply(x);
  assert.deepEqual(same.shape, [1, 2, 2, 2]);
  assert.equal(same.data[0], 5); // mean of rows 0–2, columns 0–2 of channel 0
  assert.equal(same.data[6], 12.5); // rows 2–3, columns 2–3 (the padding is not counted)
});

test('pooling layer tests: shapes, config round trip, input gradients', async () => {
  await runLayerTest({
    make: () => new MaxPooling2D(2),
    inputShape: [4, 6, 3],
    expectedOutputShape: [2, 3, 3],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new MaxPooling2D({ poolSize: [2, 3], strides: [1, 2], padding: 'same' }),
    inputShape: [5, 5, 2],
    expectedOutputShape: [5, 3, 2],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new AveragePooling2D(3, { strides: 2, padding: 'same' }),
    inputShape: [5, 4, 3],
    expectedOutputShape: [3, 2, 3],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new MaxPooling1D(3, { strides: 1 }),
    inputShape: [6, 2],
    expectedOutputShape: [4, 2],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new AveragePooling1D(),
    inputShape: [7, 3],
    expectedOutputShape: [3, 3],
    expectedParams: 0,
  });
});
