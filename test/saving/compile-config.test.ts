// Every form in which Keras 2.0 … 3.x stores the compile arguments reads into the same compile options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileOptionsFromKeras } from '../../src/saving/compile-config.ts';
import { readKerasZip, writeKerasZip } from '../../src/saving/keras-zip.ts';
import type { JsonObject } from '../../src/saving/json.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { NablaError } from '../../src/errors.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-compile-config-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

const adam3 = {
  module: 'keras.optimizers',
  class_name: 'Adam',
  config: { name: 'adam', learning_rate: 0.001, beta_1: 0.9, beta_2: 0.999, epsilon: 1e-7, amsgrad: false },
  registered_name: null,
};

function read(stored: JsonObject): { loss: string; metrics: string[]; lossOptions: object; optimizer: string } {
  const options = compileOptionsFromKeras(stored, 'test');
  return {
    loss: options.loss,
    metrics: options.metrics,
    lossOptions: options.lossOptions,
    optimizer: options.optimizer.className,
  };
}

test('losses: names, {class_name, config} objects of both lines, serialized functions, per-output forms', () => {
  const forms: JsonObject[] = [
    { loss: 'sparse_categorical_crossentropy' },
    {
      loss: {
        module: 'builtins',
        class_name: 'function',
        config: 'sparse_categorical_crossentropy',
        registered_name: 'function',
      },
    },
    {
      loss: {
        module: 'keras.losses',
        class_name: 'function',
        config: 'sparse_categorical_crossentropy',
        registered_name: null,
      },
    },
    {
      loss: {
        class_name: 'SparseCategoricalCrossentropy',
        config: { reduction: 'auto', name: 'sparse_categorical_crossentropy', from_logits: false, ignore_class: null },
      },
    },
    {
      loss: {
        module: 'keras.losses',
        class_name: 'SparseCategoricalCrossentropy',
        config: { name: 'my_loss', reduction: 'sum_over_batch_size', from_logits: false, ignore_class: null },
        registered_name: null,
      },
    },
    { loss: ['sparse_categorical_crossentropy'] },
    { loss: { dense_1: 'sparse_categorical_crossentropy' } },
  ];
  for (const form of forms)
    assert.equal(
      read({ ...form, optimizer: adam3 }).loss,
      'sparse_categorical_crossentropy',
      JSON.stringify(form.loss),
    );
  const logits = read({
    optimizer: adam3,
    loss: {
      class_name: 'CategoricalCrossentropy',
      config: { name: 'cce', from_logits: true, label_smoothing: 0.1, axis: -1 },
    },
  });
  assert.equal(logits.loss, 'categorical_crossentropy');
  assert.deepEqual(logits.lossOptions, { fromLogits: true, labelSmoothing: 0.1, axis: -1 });
});

test('metrics: names, nested per-output lists, dicts, MeanMetricWrapper, metric classes, functions', () => {
  const metricForms: [JsonObject['metrics'], string[]][] = [
    [['accuracy'], ['accuracy']],
    [[['accuracy']], ['accuracy']],
    [{ dense_1: ['acc'] }, ['acc']],
    [
      [
        [
          {
            class_name: 'MeanMetricWrapper',
            config: { name: 'accuracy', dtype: 'float32', fn: 'sparse_categorical_accuracy' },
          },
        ],
      ],
      ['accuracy'],
    ],
    [
      [
        {
          module: 'keras.metrics',
          class_name: 'SparseCategoricalAccuracy',
          config: { name: 'sparse_categorical_accuracy', dtype: 'float32' },
          registered_name: null,
        },
      ],
      ['sparse_categorical_accuracy'],
    ],
    [
      [{ module: 'keras.metrics', class_name: 'function', config: 'categorical_accuracy', registered_name: null }],
      ['categorical_accuracy'],
    ],
    [null, []],
  ];
  for (const [metrics, expected] of metricForms) {
    assert.deepEqual(
      read({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics }).metrics,
      expected,
      JSON.stringify(metrics),
    );
  }
});

test('optimizers: names, tf.keras 2.x objects (lr, Custom>), Keras 3 objects', () => {
  assert.equal(read({ optimizer: 'rmsprop', loss: 'mse' }).optimizer, 'rmsprop');
  const old = compileOptionsFromKeras(
    {
      optimizer_config: { class_name: 'SGD', config: { lr: 0.05, momentum: 0.9, decay: 0.0, nesterov: false } },
      loss: 'mse',
    },
    'test',
  );
  assert.deepEqual(old.optimizer, { className: 'SGD', config: { learningRate: 0.05, momentum: 0.9, nesterov: false } });
  assert.equal(
    read({
      optimizer_config: { class_name: 'Custom>Adam', config: { name: 'Adam', learning_rate: 0.001 } },
      loss: 'mse',
    }).optimizer,
    'Adam',
  );
});

test('settings nabla lacks are refused (the model then loads uncompiled, with a warning)', () => {
  assert.throws(() => read({ optimizer: 'adam', loss: 'mse', weighted_metrics: ['accuracy'] }), NablaError);
  assert.throws(() => read({ optimizer: 'adam', loss: 'mse', loss_weights: [0.5] }), NablaError);
  assert.throws(() => read({ optimizer: 'adam', loss: { a: 'mse', b: 'mse' } }), /2 outputs/);
  assert.throws(() => read({ optimizer: 'adam', loss: { class_name: 'MyCustomLoss', config: {} } }), /MyCustomLoss/);
  assert.equal(read({ optimizer: 'adam', loss: 'mse', weighted_metrics: [], loss_weights: null }).loss, 'mse');
});

test('a Keras 3.12 .keras whose loss is a serialized builtin function loads compiled', async () => {
  const model = new Sequential([new Dense(3, { activation: 'softmax', inputShape: [4], seed: 1 })]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const file = join(folder, 'function-loss.keras');
  await model.save(file);
  const contents = await readKerasZip(file);
  const compileConfig = contents.config.compile_config as JsonObject;
  compileConfig.loss = {
    module: 'builtins',
    class_name: 'function',
    config: 'sparse_categorical_crossentropy',
    registered_name: 'function',
  };
  compileConfig.metrics = [
    {
      module: 'keras.metrics',
      class_name: 'MeanMetricWrapper',
      config: { name: 'accuracy', dtype: 'float32', fn: 'sparse_categorical_accuracy' },
      registered_name: null,
    },
  ];
  await writeKerasZip(file, contents);
  const loaded = await loadModel(file);
  assert.deepEqual(loaded.compileConfig?.loss, 'sparse_categorical_crossentropy');
  assert.deepEqual(loaded.metricsNames, ['loss', 'accuracy']);
});

test('a loss object with options survives save and load in both formats, as Keras writes it', async () => {
  const { SparseCategoricalCrossentropy } = await import('../../src/losses/index.ts');
  const { Tensor } = await import('../../src/tensor/tensor.ts');
  const model = new Sequential([new Dense(3, { inputShape: [4], seed: 1 })]);
  model.compile({ optimizer: 'adam', loss: new SparseCategoricalCrossentropy({ fromLogits: true }) });
  const x = new Tensor(
    Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)),
    [6, 4],
  );
  const y = new Tensor(Float32Array.of(0, 1, 2, 0, 1, 2), [6]);
  const before = (await model.evaluate(x, y, { verbose: 0 })) as number;
  for (const name of ['logits.keras', 'logits.h5']) {
    const file = join(folder, name);
    await model.save(file);
    const loaded = await loadModel(file);
    const loss = loaded.compileConfig?.loss;
    assert.ok(loss instanceof SparseCategoricalCrossentropy, `${name}: the loss object is rebuilt`);
    assert.equal(loss.fromLogits, true, name);
    // From logits, not from the linear outputs taken as probabilities: the same loss as before saving.
    assert.ok(Math.abs(((await loaded.evaluate(x, y, { verbose: 0 })) as number) - before) < 1e-6, name);
  }
  const stored = (await readKerasZip(join(folder, 'logits.keras'))).config.compile_config as JsonObject;
  const storedLoss = stored.loss as JsonObject;
  assert.equal(storedLoss.class_name, 'SparseCategoricalCrossentropy');
  assert.equal((storedLoss.config as JsonObject).from_logits, true);
});

test('a Keras loss object with from_logits and label_smoothing loads as that loss object', async () => {
  const { CategoricalCrossentropy } = await import('../../src/losses/index.ts');
  const model = new Sequential([new Dense(3, { inputShape: [4], seed: 1 })]);
  model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy' });
  const file = join(folder, 'cce.keras');
  await model.save(file);
  const contents = await readKerasZip(file);
  (contents.config.compile_config as JsonObject).loss = {
    module: 'keras.losses',
    class_name: 'CategoricalCrossentropy',
    config: { name: 'cce', reduction: 'sum_over_batch_size', from_logits: true, label_smoothing: 0.1, axis: -1 },
    registered_name: null,
  };
  await writeKerasZip(file, contents);
  const loss = (await loadModel(file)).compileConfig?.loss;
  assert.ok(loss instanceof CategoricalCrossentropy);
  assert.equal(loss.fromLogits, true);
  assert.equal(loss.labelSmoothing, 0.1);
});
