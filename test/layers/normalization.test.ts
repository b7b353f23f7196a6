// Normalization (adapt, given statistics, invert, axis null) and LayerNormalization (against a float64
// computation of its definition, weights and input gradients by central differences), with config round trips.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense } from '../../src/layers/dense.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { LayerNormalization } from '../../src/layers/layer-normalization.ts';
import { Normalization } from '../../src/layers/normalization.ts';
import { Reshape } from '../../src/layers/reshape.ts';
import { createLayer } from '../../src/layers/registry.ts';
import { ShapeError, ValueError } from '../../src/errors.ts';
import { layerConfigFromKeras, layerConfigToKeras } from '../../src/saving/config.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { checkModelGradient } from '../helpers/model-gradient-check.ts';
import { runLayerTest, randomTensor } from '../helpers/layer-check.ts';

test('Normalization.adapt: per-feature mean and population variance; the output has mean 0 and variance 1', () => {
  // Keras's documented example: [[0,7,4],[2,9,6],[0,7,4],[2,9,6]] → [0,7,4] maps to [-1,-1,-1].
  const layer = new Normalization();
  layer.adapt([
    [0, 7, 4],
    [2, 9, 6],
    [0, 7, 4],
    [2, 9, 6],
  ]);
  assert.deepEqual([...layer.mean!], [1, 8, 5]);
  assert.deepEqual([...layer.variance!], [1, 1, 1]);
  assert.deepEqual([...layer.apply(new Tensor(Float32Array.from([0, 7, 4]), [1, 3])).data], [-1, -1, -1]);
  const data = randomTensor([500, 4], 3);
  const scaled = new Tensor(
    data.data.map((v, i) => v * ((i % 4) + 1) + 10 * (i % 4)),
    [500, 4],
  );
  const normalizer = new Normalization();
  normalizer.adapt(scaled);
  const out = normalizer.apply(scaled).data;
  for (let j = 0; j < 4; j++) {
    let m = 0;
    let v = 0;
    for (let i = j; i < out.length; i += 4) m += out[i] / 500;
    for (let i = j; i < out.length; i += 4) v += (out[i] - m) ** 2 / 500;
    assert.ok(Math.abs(m) < 1e-5 && Math.abs(v - 1) < 1e-4, `feature ${j}: mean ${m}, variance ${v}`);
  }
});

test('Normalization with given statistics, axis null (one mean for all), invert, and a variance of 0', () => {
  // Keras's example: mean 3, variance 2 → [1,2,3] maps to [-1.4142135, -0.70710677, 0].
  const y = new Normalization({ mean: 3, variance: 2 }).apply(new Tensor(Float32Array.from([1, 2, 3]), [3, 1]));
  [-Math.SQRT2, -0.70710677, 0].forEach((e, i) => assert.ok(Math.abs(y.data[i] - e) < 1e-6));
  const global = new Normalization({ axis: null });
  global.adapt([1, 2, 3, 4, 5]);
  assert.deepEqual([...global.mean!], [3]);
  const inverse = new Normalization({ mean: [1, 2], variance: [4, 9], invert: true }).apply(
    new Tensor(Float32Array.from([1, 1]), [1, 2]),
  );
  assert.deepEqual([...inverse.data], [3, 5]);
  // A constant feature (variance 0) is divided by 1e-7, Keras's epsilon, not by 0.
  assert.ok(
    Number.isFinite(
      new Normalization({ mean: 1, variance: 0 }).apply(new Tensor(Float32Array.from([1]), [1, 1])).data[0],
    ),
  );
  assert.throws(() => new Normalization({ mean: 1 }), ValueError);
  assert.throws(() => new Normalization({ mean: [1, 2], variance: [1, 1] }).computeOutputShape([3]), ShapeError);
});

test('Normalization: adapted statistics are non-trainable weights (mean, variance, count); given ones are config', async () => {
  const layer = new Normalization({ name: 'norm' });
  layer.adapt([
    [1, 10],
    [3, 30],
  ]);
  const keras = layerConfigToKeras(layer.getConfig(), 'keras-3');
  assert.deepEqual([keras.axis, keras.invert, keras.mean, keras.variance], [-1, false, null, null]);
  layer.build([2]);
  assert.deepEqual(layer.weightNames, ['mean', 'variance', 'count']);
  assert.deepEqual(
    layer.getWeights().map((w) => [w.shape, [...w.data]]),
    [
      [[2], [2, 20]],
      [[2], [1, 100]],
      [[], [0]],
    ],
  );
  assert.ok(layer.weightNames.every((_, i) => !layer.isWeightTrainable(i)));
  assert.equal(layer.countTrainableParams(), 0);
  const copy = createLayer('Normalization', { ...layerConfigFromKeras('Normalization', keras, 'test'), name: 'copy' });
  copy.build([2]);
  const x = new Tensor(Float32Array.from([0, 0]), [1, 2]);
  assert.deepEqual([...copy.apply(x).data], [0, 0], 'before its weights are set the copy passes values through');
  copy.setWeights(layer.getWeights());
  assert.deepEqual([...copy.apply(x).data], [...layer.apply(x).data]);
  // Re-adapting a built layer writes its weights.
  layer.adapt([
    [0, 0],
    [2, 4],
  ]);
  assert.deepEqual([...layer.getWeights()[0].data], [1, 2]);
  const global = new Normalization({ axis: null });
  global.build([3]);
  assert.deepEqual(
    global.getWeights().map((w) => w.shape),
    [[], [], []],
  );
  const given = new Normalization({ mean: [1, 2], variance: [1, 4] });
  given.build([2]);
  assert.deepEqual(given.weightNames, []);
  assert.deepEqual(layerConfigToKeras(given.getConfig(), 'keras-3').mean, [1, 2]);
  await runLayerTest({
    make: () => {
      const n = new Normalization({ mean: [0.5, -1, 2, 0], variance: [4, 1, 0.25, 9] });
      return n;
    },
    inputShape: [4],
    expectedOutputShape: [4],
    expectedParams: 0,
  });
  await checkModelGradient(
    'Normalization',
    [
      new Dense(3, { seed: 1 }),
      new Normalization({ mean: [1, 2, 3], variance: [4, 0.5, 2] }),
      new Dense(2, { seed: 2 }),
    ],
    [3],
    2,
  );
});

/** LayerNormalization's definition in float64, row by row over the last axis. */
function layerNorm(
  x: ArrayLike<number>,
  features: number,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  epsilon: number,
): number[] {
  const out: number[] = [];
  for (let at = 0; at < x.length; at += features) {
    const row = Array.from({ length: features }, (_, j) => x[at + j]);
    const mean = row.reduce((a, b) => a + b, 0) / features;
    const variance = row.reduce((a, b) => a + (b - mean) ** 2, 0) / features;
    row.forEach((v, j) => out.push(((v - mean) / Math.sqrt(variance + epsilon)) * gamma[j] + beta[j]));
  }
  return out;
}

test('LayerNormalization matches its definition (ε 1e-3, per row of the last axis), with gamma and beta', () => {
  const layer = new LayerNormalization();
  const x = randomTensor([4, 2, 5], 6);
  layer.build([2, 5]);
  const gamma = Float32Array.from([1, 2, 0.5, -1, 3]);
  const beta = Float32Array.from([0, 0.1, -0.2, 0.3, 1]);
  layer.setWeights([new Tensor(gamma, [5]), new Tensor(beta, [5])]);
  const expected = layerNorm(x.data, 5, gamma, beta, 1e-3);
  const y = layer.apply(x);
  expected.forEach((e, i) => assert.ok(Math.abs(y.data[i] - e) < 1e-5, `element ${i}: ${y.data[i]} vs ${e}`));
  assert.deepEqual(layer.weightNames, ['gamma', 'beta']);
  assert.deepEqual(new LayerNormalization({ center: false }).weightNames, ['gamma']);
  assert.throws(() => new LayerNormalization({ axis: 1.5 }), ValueError);
});

test('LayerNormalization: gradients of gamma, beta and the input; config round trip under Keras keys', async () => {
  await checkModelGradient(
    'LayerNormalization',
    [
      new Dense(6, { seed: 1 }),
      new LayerNormalization({ gammaInitializer: 'random_normal', betaInitializer: 'random_normal' }),
      new Dense(2, { seed: 2 }),
    ],
    [3],
    2,
  );
  await checkModelGradient(
    'LayerNormalization on rows of a 2-D sample',
    [
      new Flatten(),
      new Dense(6, { seed: 3 }),
      new Reshape([2, 3]),
      new LayerNormalization({ scale: false, epsilon: 0.1 }),
      new Flatten(),
      new Dense(2, { seed: 4 }),
    ],
    [2, 2],
    2,
  );
  await runLayerTest({
    make: () => new LayerNormalization(),
    inputShape: [4],
    expectedOutputShape: [4],
    expectedParams: 8,
  });
  const keras = layerConfigToKeras(new LayerNormalization({ name: 'ln', epsilon: 1e-5 }).getConfig(), 'keras-3');
  assert.equal(keras.epsilon, 1e-5);
  assert.equal(keras.rms_scaling, false);
  assert.equal((keras.gamma_initializer as { class_name: string }).class_name, 'Ones');
  assert.throws(
    () => LayerNormalization.fromConfig({ gammaRegularizer: { className: 'L2', config: { l2: 0.1 } } }),
    /not supported/,
  );
});

test('Normalization from a Keras config: axis [-1] or the last axis counting the batch one; others are refused', () => {
  const made = (axis: unknown) => Normalization.fromConfig({ name: 'n', axis: axis as number[] });
  assert.deepEqual(made([-1]).computeOutputShape([4]), [4]);
  assert.deepEqual(made([1]).computeOutputShape([4]), [4]);
  assert.deepEqual(made([2]).computeOutputShape([3, 4]), [3, 4]);
  assert.throws(() => made([1]).computeOutputShape([3, 4]), /keeps axis 1 of input \(None, 3, 4\)/);
  assert.throws(() => made([1, 2]), /nabla keeps one axis/);
});
