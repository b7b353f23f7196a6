// LayerNormalization over any axes, with center, scale and rmsScaling: outputs and gradients against PyTorch in
// float64 (test/fixtures/layers/make_layer_normalization.py), the layer-check routine (finite differences on the
// reference backend, config round trip, a training step), and Keras's saved form of the axis.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReferenceBackend } from '../../src/backend/reference/reference-backend.ts';
import { ShapeError, ValueError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { LayerNormalization } from '../../src/layers/layer-normalization.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Generator } from '../../src/random/generator.ts';
import { layerConfigFromKeras, layerConfigToKeras } from '../../src/saving/config.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { randomTensor, runLayerTest } from '../helpers/layer-check.ts';

interface Case {
  name: string;
  shape: number[];
  axis: number | number[];
  weightShape: number[];
  epsilon: number;
  center: boolean;
  scale: boolean;
  rmsScaling: boolean;
  x: number[];
  gamma: number[] | null;
  beta: number[] | null;
  y: number[];
  r: number[];
  dx: number[];
  dgamma: number[] | null;
  dbeta: number[] | null;
}

const cases: Case[] = JSON.parse(
  readFileSync(new URL('../fixtures/layers/layer_normalization.json', import.meta.url), 'utf8'),
);

function layerFor(c: Case): LayerNormalization {
  const layer = new LayerNormalization({
    axis: c.axis,
    epsilon: c.epsilon,
    center: c.center,
    scale: c.scale,
    rmsScaling: c.rmsScaling,
  });
  layer.build(c.shape.slice(1));
  const weights = [c.gamma, c.beta]
    .filter((w) => w !== null)
    .map((w) => new Tensor(Float32Array.from(w), c.weightShape));
  layer.setWeights(weights);
  return layer;
}

for (const c of cases) {
  test(`LayerNormalization (${c.name}): output and gradients match PyTorch`, () => {
    const layer = layerFor(c);
    assert.deepEqual(
      layer.weightNames,
      [...(c.gamma ? ['gamma'] : []), ...(c.beta ? ['beta'] : [])],
      'weights as Keras builds them',
    );
    assert.deepEqual(
      layer.getWeights().map((w) => w.shape),
      layer.weightNames.map(() => c.weightShape),
      'weight shapes as Keras makes them',
    );
    const y = layer.apply(new Tensor(Float32Array.from(c.x), c.shape));
    assertAllClose(y.data, c.y, { rtol: 1e-5, atol: 1e-5 });

    const rows = c.shape[0];
    const input = Float32Array.from(c.x);
    const inputGrad = new Float32Array(input.length);
    const step = layer.createStep({
      backend: createReferenceBackend(),
      alloc: (n) => new Float32Array(n),
      maxRows: rows,
      input,
      inputGrad,
      withGradients: true,
      generator: () => new Generator(1),
    });
    step.forward(rows, true);
    assertAllClose(step.output, c.y, { rtol: 1e-5, atol: 1e-5 });
    step.outputGrad!.set(c.r);
    step.backward(rows);
    assertAllClose(inputGrad, c.dx, { rtol: 1e-4, atol: 1e-4 });
    const grads = layer.gradientBuffers;
    if (c.dgamma) assertAllClose(grads[0], c.dgamma, { rtol: 1e-4, atol: 1e-4 });
    if (c.dbeta) assertAllClose(grads[c.dgamma ? 1 : 0], c.dbeta, { rtol: 1e-4, atol: 1e-4 });
  });
}

test('LayerNormalization over several axes passes the layer check (finite differences, round trip, training)', async () => {
  const random = { gammaInitializer: 'random_normal', betaInitializer: 'random_normal' } as const;
  await runLayerTest({
    make: () => new LayerNormalization({ axis: [1, 3], ...random }),
    inputShape: [3, 2, 4],
    expectedOutputShape: [3, 2, 4],
    expectedParams: 24,
  });
  await runLayerTest({
    make: () => new LayerNormalization({ axis: 1, epsilon: 0.01, ...random }),
    inputShape: [4, 3],
    expectedOutputShape: [4, 3],
    expectedParams: 8,
  });
  await runLayerTest({
    make: () => new LayerNormalization({ axis: [-1, -2], center: false, gammaInitializer: 'random_normal' }),
    inputShape: [3, 4],
    expectedOutputShape: [3, 4],
    expectedParams: 12,
  });
  await runLayerTest({
    make: () => new LayerNormalization({ rmsScaling: true, gammaInitializer: 'random_normal' }),
    inputShape: [5],
    expectedOutputShape: [5],
    expectedParams: 5,
  });
  await runLayerTest({
    make: () => new LayerNormalization({ axis: 1, rmsScaling: true, scale: false, epsilon: 0.1 }),
    inputShape: [3, 2],
    expectedOutputShape: [3, 2],
    expectedParams: 3,
  });
});

test('LayerNormalization saves its axis as Keras does (a list) and reads an integer or a list', () => {
  const keras = layerConfigToKeras(new LayerNormalization({ name: 'ln', rmsScaling: true }).getConfig(), 'keras-3');
  assert.deepEqual(keras.axis, [-1]);
  assert.equal(keras.rms_scaling, true);
  assert.deepEqual(layerConfigToKeras(new LayerNormalization({ axis: [3, 1] }).getConfig(), 'keras-3').axis, [3, 1]);
  for (const axis of [2, [2], [-1]]) {
    const config = layerConfigFromKeras(
      'LayerNormalization',
      { name: 'ln', axis, epsilon: 1e-5, rms_scaling: true },
      'test',
    );
    const layer = LayerNormalization.fromConfig(config);
    layer.build([3, 4]);
    assert.deepEqual(layer.getWeights()[0].shape, [4], `axis ${JSON.stringify(axis)}`);
  }
});

test('LayerNormalization refuses axes it cannot normalize, naming them', () => {
  assert.throws(() => new LayerNormalization({ axis: [] }), /non-empty array of integers/);
  assert.throws(() => new LayerNormalization({ axis: 'last' as never }), ValueError);
  assert.throws(() => new LayerNormalization({ rmsScaling: 1 as never }), /rmsScaling must be true or false/);
  assert.throws(() => new LayerNormalization({ rms_scaling: true } as never), /did you mean 'rmsScaling'/);
  assert.throws(() => new LayerNormalization({ axis: 0 }).build([4]), ShapeError);
  assert.throws(() => new LayerNormalization({ axis: 3 }).build([4, 2]), /axis 3 does not fit inputs of rank 3/);
  assert.throws(() => new LayerNormalization({ axis: -3 }).build([4, 2]), /not the batch axis/);
  assert.throws(() => new LayerNormalization({ axis: [1, -2] }).build([4, 2]), /names an axis twice/);
});

test('a model with LayerNormalization over axes [1, 2] and RMS scaling saves and loads with the same output', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-layer-norm-'));
  try {
    const model = new Sequential([
      new LayerNormalization({ axis: [1, 2], inputShape: [3, 4], gammaInitializer: 'random_normal' }),
      new LayerNormalization({ rmsScaling: true, gammaInitializer: 'random_normal' }),
      new Flatten(),
      new Dense(2, { seed: 1 }),
    ]);
    const x = randomTensor([5, 3, 4], 3);
    for (const extension of ['.keras', '.h5']) {
      const file = join(folder, `model${extension}`);
      await model.save(file);
      const loaded = await loadModel(file);
      assert.deepEqual(
        loaded.layers.map((l) => l.getConfig().axis),
        [[1, 2], [-1], undefined, undefined],
      );
      assert.deepEqual(
        (await loaded.predict(x, { verbose: 0 })).data,
        (await model.predict(x, { verbose: 0 })).data,
        extension,
      );
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
