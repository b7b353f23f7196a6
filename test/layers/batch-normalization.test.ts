import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLayerTest, randomTensor } from '../helpers/layer-check.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { BatchNormalization } from '../../src/layers/normalization/batch-normalization.ts';
import { Conv2D } from '../../src/layers/convolutional/conv2d.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { ValueError } from '../../src/errors.ts';

const PYTHON = '/usr/bin/python3';

test('Keras defaults: momentum 0.99, epsilon 1e-3, gamma/beta trainable, moving statistics not', () => {
  const layer = new BatchNormalization();
  layer.build([5, 5, 3]);
  assert.deepEqual(
    [layer.momentum, layer.epsilon, layer.axis, layer.center, layer.scale],
    [0.99, 1e-3, -1, true, true],
  );
  assert.deepEqual(layer.weightNames, ['gamma', 'beta', 'moving_mean', 'moving_variance']);
  assert.deepEqual(
    layer.getWeights().map((w) => Array.from(w.data)),
    [
      [1, 1, 1],
      [0, 0, 0],
      [0, 0, 0],
      [1, 1, 1],
    ],
  );
  assert.equal(layer.countParams(), 12);
  assert.equal(layer.countTrainableParams(), 6);
  assert.deepEqual(new BatchNormalization({ center: false, scale: false }).weightNames, [
    'moving_mean',
    'moving_variance',
  ]);
  assert.throws(() => new BatchNormalization({ momentum: 2 }), /momentum must be a number in \[0, 1\]/);
  assert.throws(() => new BatchNormalization({ axis: 1 }).build([4, 3]), /last axis/);
  assert.throws(() => new BatchNormalization({ gamma_initializer: 'ones' } as never), ValueError);
});

test('training normalizes with the batch statistics and updates the moving ones; inference uses the moving ones', () => {
  const layer = new BatchNormalization({ momentum: 0.9, epsilon: 0.01 });
  // 4 samples × 2 features; feature 0 has mean 2.5, biased variance 1.25; feature 1 mean 0, variance 50.
  const x = new Tensor(Float32Array.from([1, -10, 2, 0, 3, 0, 4, 10]), [4, 2]);
  layer.build([2]);
  layer.setWeights(
    [Float32Array.from([2, 1]), Float32Array.from([0.5, 0]), Float32Array.from([0, 0]), Float32Array.from([1, 1])].map(
      (d) => new Tensor(d, [2]),
    ),
  );
  const y = layer.apply(x, { training: true });
  const expected: number[] = [];
  for (let i = 0; i < 4; i++) {
    expected.push(
      (2 * (x.data[2 * i] - 2.5)) / Math.sqrt(1.25 + 0.01) + 0.5,
      (x.data[2 * i + 1] - 0) / Math.sqrt(50 + 0.01),
    );
  }
  assertAllClose(y.data, expected, { rtol: 1e-5 });
  const [, , movingMean, movingVariance] = layer.getWeights();
  assertAllClose(movingMean.data, [0.25, 0], { rtol: 1e-6 });
  assertAllClose(movingVariance.data, [0.9 + 0.125, 0.9 + 5], { rtol: 1e-6 });
  const z = layer.apply(x); // inference: (x − 0.25)/√(1.025 + 0.01)·2 + 0.5
  assertAllClose(
    z.data.filter((_, i) => i % 2 === 0),
    [1, 2, 3, 4].map((v) => (2 * (v - 0.25)) / Math.sqrt(1.035) + 0.5),
    { rtol: 1e-5 },
  );
});

test('BatchNormalization layer test: gradients in training and in inference, any rank', async () => {
  await runLayerTest({
    make: () => new BatchNormalization(),
    inputShape: [4],
    batch: 6,
    expectedOutputShape: [4],
    expectedParams: 16,
    expectedTrainableParams: 8,
    training: true,
  });
  await runLayerTest({
    make: () => new BatchNormalization({ momentum: 0.5 }),
    inputShape: [3, 4, 5],
    expectedOutputShape: [3, 4, 5],
    expectedParams: 20,
    expectedTrainableParams: 10,
    training: true,
  });
  await runLayerTest({
    make: () => new BatchNormalization({ center: false }),
    inputShape: [3, 2],
    expectedOutputShape: [3, 2],
    expectedParams: 6,
    expectedTrainableParams: 2,
  });
});

function cnnWithBatchNorm(): Sequential {
  return new Sequential([
    new Conv2D(3, 3, { inputShape: [6, 6, 1], seed: 1 }),
    new BatchNormalization(),
    new Flatten(),
    new Dense(2, { activation: 'softmax', seed: 2 }),
  ]);
}

test('in fit the moving statistics move, get no optimizer slots, and a frozen layer keeps them', async () => {
  const model = cnnWithBatchNorm();
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  const x = randomTensor([16, 6, 6, 1], 3);
  const y = new Tensor(
    Int32Array.from({ length: 16 }, (_, i) => i % 2),
    [16],
  );
  const bn = model.layers[1];
  await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  const moved = bn.getWeights();
  assert.ok(
    moved[2].data.some((v) => v !== 0),
    'moving mean moved',
  );
  // conv kernel + bias, gamma, beta, dense kernel + bias: m and v each, after iterations and learning_rate.
  assert.equal(model.optimizer!.getWeights().length, 2 + 2 * 6);
  assert.match(model.summaryText(), /Non-trainable params: 6\n/);
  bn.trainable = false;
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  assert.deepEqual(
    bn.getWeights().map((w) => Array.from(w.data)),
    moved.map((w) => Array.from(w.data)),
    'frozen: inference mode',
  );
});

test('saved as .h5 and .keras under Keras names, reloaded with the same predictions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-bn-'));
  try {
    const model = cnnWithBatchNorm();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    const x = randomTensor([16, 6, 6, 1], 3);
    await model.fit(
      x,
      new Tensor(
        Int32Array.from({ length: 16 }, (_, i) => i % 2),
        [16],
      ),
      { epochs: 1, batchSize: 8, verbose: 0 },
    );
    const expected = Array.from((await model.predict(x, { verbose: 0 })).data);
    const bnName = model.layers[1].name;
    for (const file of ['bn.h5', 'bn.keras']) {
      const path = join(dir, file);
      await model.save(path);
      const loaded = await loadModel(path);
      assert.deepEqual(Array.from((await loaded.predict(x, { verbose: 0 })).data), expected, file);
      assert.equal(loaded.layers[1].countTrainableParams(), 6);
    }
    if (!existsSync(PYTHON) || spawnSync(PYTHON, ['-c', 'import h5py'], { encoding: 'utf8' }).status !== 0) return;
    const script = [
      'import h5py, sys, zipfile, io',
      `f = h5py.File(sys.argv[1], 'r')`,
      `print(list(f['model_weights/${bnName}'].attrs['weight_names']))`,
      `z = zipfile.ZipFile(sys.argv[2])`,
      `w = h5py.File(io.BytesIO(z.read('model.weights.h5')), 'r')`,
      `print(sorted(w['layers/batch_normalization/vars'].keys()))`,
    ].join('\n');
    const run = spawnSync(PYTHON, ['-c', script, join(dir, 'bn.h5'), join(dir, 'bn.keras')], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const [h5Names, kerasVars] = run.stdout.trim().split('\n');
    assert.equal(
      h5Names,
      `['${bnName}/gamma:0', '${bnName}/beta:0', '${bnName}/moving_mean:0', '${bnName}/moving_variance:0']`,
    );
    assert.equal(kerasVars, "['0', '1', '2', '3']");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
