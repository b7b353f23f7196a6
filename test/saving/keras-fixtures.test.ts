// Files written by Python Keras (2.0.4, 2.2.2, tf.keras 2.12, Keras 3.10) load and reproduce the outputs that
// numpy computed from their stored weights.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { getDataset, getGroup, readHdf5 } from '../../src/saving/hdf5.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { KERAS_FIXTURES, type ExpectedOutputs, readExpected, skipWithoutFixtures } from './fixture-paths.ts';

const skip = skipWithoutFixtures;

async function assertReproduces(model: Sequential, expected: ExpectedOutputs): Promise<void> {
  const x = new Tensor(Float32Array.from((expected.inputs as number[]).flat(3) as number[]), [
    expected.inputs.length,
    ...expected.input_shape,
  ]);
  const y = await model.predict(x, { verbose: 0 });
  assertAllClose(y, expected.outputs, { atol: 1e-5, rtol: 0 });
  const argmax = expected.outputs.map((_, r) => {
    const row = Array.from(y.data.subarray(r * 10, r * 10 + 10));
    return row.indexOf(Math.max(...row));
  });
  assert.deepEqual(argmax, expected.argmax);
}

test('tf.keras 2.12 whole-model .h5 (InputLayer, variable-length strings, Custom>Adam) loads and predicts', {
  skip,
}, async () => {
  const expected = readExpected('tfkeras2.12_fashion_flatten_dense_dropout');
  const model = await loadModel(KERAS_FIXTURES + expected.model_file);
  assert.deepEqual(
    model.layers.map((l) => `${l.className}:${l.name}`),
    ['Flatten:flatten', 'Dense:dense', 'Dropout:dropout', 'Dense:dense_1'],
  );
  assert.deepEqual(model.inputShape, [null, 28, 28]);
  await assertReproduces(model, expected);
  // training_config and optimizer_weights restore the compiled Adam with its step count.
  assert.equal(model.optimizer?.className, 'Adam');
  assert.equal(model.compileConfig?.loss, 'sparse_categorical_crossentropy');
  assert.equal(model.optimizer?.iterations, 9375);
  const slots = model.optimizer!.getWeights();
  assert.equal(slots.length, 2 + 4 * 2);
  assert.ok(
    slots[2].data.some((v) => v !== 0),
    'the first Adam moment is restored, not zero',
  );
});

test('Keras 2.0.4 .h5 (model_config as a plain list, fixed-length strings, batch_input_shape on Dense) loads and predicts', {
  skip,
}, async () => {
  const expected = readExpected('keras2.0.4_mnist_dense10_softmax');
  const model = await loadModel(KERAS_FIXTURES + expected.model_file);
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ['dense_1'],
  );
  await assertReproduces(model, expected);
});

test('Keras 2.0.4 .h5: the Adadelta state stored as unnamed variables resumes by position', { skip }, async () => {
  const path = `${KERAS_FIXTURES}keras2.0.4_mnist_dense10_softmax.h5`;
  const model = await loadModel(path);
  const optimizer = model.optimizer!;
  assert.equal(optimizer.className, 'Adadelta');
  // Keras 2.0 wrote accumulators then delta accumulators, each over the variables sorted by name (bias < kernel).
  const root = await readHdf5(path);
  const stored = (name: string) => getDataset(getGroup(root, 'optimizer_weights')!, name)!.data as Float32Array;
  const expected: Record<string, Float32Array> = {
    'dense_1/bias/accumulated_grad': stored('Variable:0'),
    'dense_1/kernel/accumulated_grad': stored('Variable_1:0'),
    'dense_1/bias/accumulated_delta_var': stored('Variable_2:0'),
    'dense_1/kernel/accumulated_delta_var': stored('Variable_3:0'),
  };
  const names = optimizer.getWeightNames();
  const weights = optimizer.getWeights();
  for (const [name, values] of Object.entries(expected)) {
    const loaded = weights[names.indexOf(name)];
    assert.ok(loaded !== undefined, name);
    assert.ok(
      values.some((v) => v !== 0),
      `${name} holds trained state`,
    );
    assert.deepEqual([...loaded.data], [...values], name);
  }
});

test('Keras 3.10 .keras archive (class-based object paths, DTypePolicy configs) loads and predicts', {
  skip,
}, async () => {
  const expected = readExpected('keras3.10_mnist_flatten_dense_dropout');
  const model = await loadModel(KERAS_FIXTURES + expected.model_file);
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ['flatten', 'dense', 'dropout', 'dense_1', 'dropout_1', 'dense_2'],
  );
  await assertReproduces(model, expected);
  assert.equal(model.optimizer?.className, 'Adam');
  assert.equal(model.optimizer?.iterations, 15000);
});

function mlpFromReadme(): Sequential {
  return new Sequential([
    new Dense(512, { activation: 'relu', inputShape: [784], name: 'dense_4' }),
    new Dropout(0.2, { name: 'dropout_3' }),
    new Dense(512, { activation: 'relu', name: 'dense_5' }),
    new Dropout(0.2, { name: 'dropout_4' }),
    new Dense(10, { activation: 'softmax', name: 'dense_6' }),
  ]);
}

test('Keras 2.2.2 save_weights file loads into the README architecture, by topology and by name', {
  skip,
}, async () => {
  const expected = readExpected('weights_keras2.2.2_mnist_mlp_dense512_dropout');
  const byTopology = mlpFromReadme();
  await byTopology.loadWeights(KERAS_FIXTURES + expected.model_file);
  await assertReproduces(byTopology, expected);
  const byName = mlpFromReadme();
  await byName.loadWeights(KERAS_FIXTURES + expected.model_file, { byName: true });
  await assertReproduces(byName, expected);
});

test('a weights-only file cannot be loaded as a whole model', { skip }, async () => {
  await assert.rejects(loadModel(`${KERAS_FIXTURES}weights_keras2.2.2_mnist_mlp_dense512_dropout.h5`), /weights only/);
});
