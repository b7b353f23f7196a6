import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLayerTest } from '../helpers/layer-check.ts';
import {
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
} from '../../src/layers/pooling/global-pooling.ts';
import { ZeroPadding2D } from '../../src/layers/convolutional/zero-padding2d.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

// One 2×2 image with two channels: channel 0 is 1, 2, 3, 4; channel 1 is 8, −1, 0, 5.
const image = new Tensor(Float32Array.from([1, 8, 2, -1, 3, 0, 4, 5]), [1, 2, 2, 2]);

test('global pooling by hand: means and maxima per channel, keepdims', () => {
  assert.deepEqual(Array.from(new GlobalAveragePooling2D().apply(image).data), [2.5, 3]);
  assert.deepEqual(Array.from(new GlobalMaxPooling2D().apply(image).data), [4, 8]);
  assert.deepEqual(new GlobalAveragePooling2D({ keepdims: true }).apply(image).shape, [1, 1, 1, 2]);
  const sequence = image.reshape([1, 4, 2]);
  assert.deepEqual(Array.from(new GlobalAveragePooling1D().apply(sequence).data), [2.5, 3]);
  assert.deepEqual(Array.from(new GlobalMaxPooling1D().apply(sequence).data), [4, 8]);
});

test('global pooling layer tests', async () => {
  await runLayerTest({
    make: () => new GlobalAveragePooling2D(),
    inputShape: [3, 4, 5],
    expectedOutputShape: [5],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new GlobalMaxPooling2D({ keepdims: true }),
    inputShape: [3, 4, 2],
    expectedOutputShape: [1, 1, 2],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new GlobalAveragePooling1D(),
    inputShape: [6, 3],
    expectedOutputShape: [3],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new GlobalMaxPooling1D(),
    inputShape: [6, 3],
    expectedOutputShape: [3],
    expectedParams: 0,
  });
});

test('ZeroPadding2D by hand, its padding forms, and its layer test', async () => {
  const padded = new ZeroPadding2D([
    [1, 0],
    [0, 2],
  ]).apply(image);
  assert.deepEqual(padded.shape, [1, 3, 4, 2]);
  const channel0 = Array.from(padded.data).filter((_, i) => i % 2 === 0);
  assert.deepEqual(channel0, [0, 0, 0, 0, 1, 2, 0, 0, 3, 4, 0, 0]);
  assert.deepEqual(new ZeroPadding2D().padding, [
    [1, 1],
    [1, 1],
  ]);
  assert.deepEqual(new ZeroPadding2D([2, 3]).padding, [
    [2, 2],
    [3, 3],
  ]);
  assert.throws(() => new ZeroPadding2D(-1), /padding must be a non-negative integer/);
  await runLayerTest({
    make: () =>
      new ZeroPadding2D([
        [1, 2],
        [0, 1],
      ]),
    inputShape: [3, 2, 2],
    expectedOutputShape: [6, 3, 2],
    expectedParams: 0,
  });
});
