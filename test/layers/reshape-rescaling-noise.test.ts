// Reshape, Rescaling and GaussianNoise: shapes (−1 inferred), values by hand, gradients through them,
// config round trips, training-only noise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense } from '../../src/layers/dense.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { GaussianNoise } from '../../src/layers/gaussian-noise.ts';
import { Rescaling } from '../../src/layers/rescaling.ts';
import { Reshape } from '../../src/layers/reshape.ts';
import { ShapeError, ValueError } from '../../src/errors.ts';
import { layerConfigToKeras } from '../../src/saving/config.ts';
import { checkModelGradient } from '../helpers/model-gradient-check.ts';
import { runLayerTest, randomTensor } from '../helpers/layer-check.ts';

test('Reshape: target shapes with −1 inferred, values in row-major order, errors that name the sizes', async () => {
  const y = new Reshape([3, -1]).apply(randomTensor([2, 6], 1));
  assert.deepEqual(y.shape, [2, 3, 2]);
  assert.deepEqual([...y.data], [...randomTensor([2, 6], 1).data]);
  assert.deepEqual(new Reshape([-1]).computeOutputShape([2, 3, 4]), [24]);
  assert.throws(
    () => new Reshape([4, -1]).computeOutputShape([6]),
    (e: Error) => e instanceof ShapeError && /6 values per sample/.test(e.message),
  );
  assert.throws(() => new Reshape([-1, -1]), ValueError);
  assert.throws(() => new Reshape([0, 2]), ValueError);
  assert.deepEqual(
    layerConfigToKeras(new Reshape([2, -1], { name: 'r' }).getConfig(), 'keras-3').target_shape,
    [2, -1],
  );
  await runLayerTest({
    make: () => new Reshape([-1]),
    inputShape: [2, 3],
    expectedOutputShape: [6],
    expectedParams: 0,
  });
  await checkModelGradient(
    'Reshape',
    [new Dense(6, { seed: 1 }), new Reshape([2, 3]), new Flatten(), new Dense(2, { seed: 2 })],
    [4],
    2,
  );
});

test('Rescaling: x · scale + offset, its gradient, and its config', async () => {
  const x = randomTensor([1, 3], 2);
  const y = new Rescaling(1 / 255, { offset: -1 }).apply(x);
  [...y.data].forEach((v, i) => assert.ok(Math.abs(v - (x.data[i] / 255 - 1)) < 1e-7));
  assert.deepEqual(new Rescaling(0.5, { offset: 2 }).getConfig().offset, 2);
  assert.throws(() => new Rescaling(Number.NaN), ValueError);
  assert.throws(() => new Rescaling(1, { ofset: 1 } as never), /did you mean|unknown option 'ofset'/);
  await runLayerTest({
    make: () => new Rescaling(0.5, { offset: 1 }),
    inputShape: [4],
    expectedOutputShape: [4],
    expectedParams: 0,
  });
  await checkModelGradient(
    'Rescaling',
    [new Dense(4, { seed: 1 }), new Rescaling(-2.5, { offset: 0.3 }), new Dense(2, { seed: 2 })],
    [3],
    2,
  );
});

test('GaussianNoise: identity in inference; in training, noise of the given stddev, seeded and repeatable', async () => {
  const x = randomTensor([400, 50], 3);
  assert.deepEqual([...new GaussianNoise(0.5).apply(x).data], [...x.data]);
  const noisy = new GaussianNoise(0.5, { seed: 4 }).apply(x, { training: true });
  const noise = Array.from(noisy.data, (v, i) => v - x.data[i]);
  const mean = noise.reduce((a, b) => a + b, 0) / noise.length;
  const std = Math.sqrt(noise.reduce((a, b) => a + (b - mean) ** 2, 0) / noise.length);
  assert.ok(Math.abs(mean) < (5 * 0.5) / Math.sqrt(noise.length), `mean ${mean}`);
  assert.ok(Math.abs(std / 0.5 - 1) < 0.02, `std ${std}`);
  assert.deepEqual([...new GaussianNoise(0.5, { seed: 4 }).apply(x, { training: true }).data], [...noisy.data]);
  assert.throws(() => new GaussianNoise(-1), ValueError);
  assert.deepEqual(
    layerConfigToKeras(new GaussianNoise(0.1, { seed: 3, name: 'g' }).getConfig(), 'keras-3').stddev,
    0.1,
  );
  await runLayerTest({
    make: () => new GaussianNoise(0.1, { seed: 1 }),
    inputShape: [4],
    expectedOutputShape: [4],
    expectedParams: 0,
  });
  // The noise is additive: the gradient passes through (checked in evaluation, where the loss is deterministic).
  await checkModelGradient(
    'GaussianNoise',
    [new Dense(4, { seed: 1 }), new GaussianNoise(0), new Dense(2, { seed: 2 })],
    [3],
    2,
  );
});
