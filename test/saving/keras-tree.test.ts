// Files nabla writes have the HDF5 tree of the file the matching Keras version writes, and Keras's way of
// reading them finds the weights nabla saved (checked by a Python script with h5py and numpy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Sequential as SequentialModel } from '../../src/models/sequential.ts';
import { KERAS_FIXTURES, skipWithoutFixtures } from './fixture-paths.ts';
import { fashionMlp, keras3Mlp, randomData } from './models-for-tests.ts';
import { pythonCheckUnavailable, runKerasCheck } from './python-check.ts';

const skip = skipWithoutFixtures || pythonCheckUnavailable();
const folder = mkdtempSync(join(tmpdir(), 'nabla-tree-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

async function trainedOneEpoch(model: Sequential, sampleShape: number[]): Promise<Sequential> {
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const { x, y } = randomData(16, sampleShape, 10, 1);
  await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0 });
  return model;
}

async function writeExpected(model: Sequential, sampleShape: number[], extra: object = {}): Promise<string> {
  const { x } = randomData(3, sampleShape, 10, 2);
  const y = await model.predict(x, { verbose: 0 });
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const rows = (data: ArrayLike<number>, width: number) =>
    Array.from({ length: 3 }, (_, r) => Array.from(data).slice(r * width, (r + 1) * width));
  const path = join(folder, `expected-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify({ inputs: rows(x.data, size), outputs: rows(y.data, 10), ...extra }));
  return path;
}

function assertVerdictOk(result: { status: number | null; output: string }): void {
  assert.match(result.output, /VERDICT: OK/, result.output);
  assert.equal(result.status, 0, result.output);
}

test('model.save(".h5") has the tf.keras 2.12 tree and Keras reads the saved weights and optimizer', {
  skip,
}, async () => {
  const model = await trainedOneEpoch(fashionMlp(), [28, 28]);
  const file = join(folder, 'model.h5');
  await model.save(file);
  const expected = await writeExpected(model, [28, 28]);
  const result = runKerasCheck(
    'h5_model',
    file,
    `${KERAS_FIXTURES}tfkeras2.12_fashion_flatten_dense_dropout.h5`,
    expected,
  );
  assertVerdictOk(result);
  assert.match(result.output, /optimizer=Custom>Adam/);
  assert.match(result.output, /iteration:0=2/);
});

test('model.save(".keras") has the Keras 3.10 archive members and weight-store tree', { skip }, async () => {
  const model = await trainedOneEpoch(keras3Mlp(), [28, 28]);
  const file = join(folder, 'model.keras');
  await model.save(file);
  const expected = await writeExpected(model, [28, 28]);
  const result = runKerasCheck('keras', file, `${KERAS_FIXTURES}keras3.10_mnist_flatten_dense_dropout.keras`, expected);
  assertVerdictOk(result);
  assert.match(result.output, /optimizer\/vars: 14 variables, iteration 2 \(int64\)/);
});

test('model.saveWeights(".h5") has the save_weights tree and loads by topology in Keras', { skip }, async () => {
  const model = new SequentialModel([
    new Dense(512, { activation: 'relu', inputShape: [784], seed: 1 }),
    new Dropout(0.2),
    new Dense(512, { activation: 'relu', seed: 2 }),
    new Dropout(0.2),
    new Dense(10, { activation: 'softmax', seed: 3 }),
  ]);
  const file = join(folder, 'weights.h5');
  await model.saveWeights(file);
  const architecture = model.layers.map((l) => ({
    class_name: l.className,
    config: { activation: (l.getConfig().activation as string) ?? null },
  }));
  const expected = await writeExpected(model, [784], { architecture });
  const result = runKerasCheck(
    'h5_weights',
    file,
    `${KERAS_FIXTURES}weights_keras2.2.2_mnist_mlp_dense512_dropout.h5`,
    expected,
  );
  assertVerdictOk(result);
});

test('the checker notices a tree that differs from Keras (it can fail)', { skip }, async () => {
  const model = fashionMlp();
  const file = join(folder, 'wrong-architecture.h5');
  await model.saveWeights(file);
  const result = runKerasCheck('h5_weights', file, `${KERAS_FIXTURES}weights_keras2.2.2_mnist_mlp_dense512_dropout.h5`);
  assert.match(result.output, /VERDICT: MISMATCH/);
  assert.equal(result.status, 1);
});
