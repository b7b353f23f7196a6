// The camelCase ↔ snake_case config mapping and the Sequential config forms of each Keras version.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ValueError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { layerConfigFromKeras, layerConfigToKeras, toKerasKey } from '../../src/saving/config.ts';
import { readHdf5 } from '../../src/saving/hdf5.ts';
import { readKerasH5, writeKerasH5Weights } from '../../src/saving/keras-h5.ts';
import {
  keras3LayerPaths,
  parseSequentialConfig,
  sequentialToKeras3,
  sequentialToTfKeras,
} from '../../src/saving/model-config.ts';

test('a Dense config maps to the tf.keras keys and back unchanged', () => {
  const dense = new Dense(10, { activation: 'softmax', inputShape: [784], name: 'out', seed: 3 });
  const keras = layerConfigToKeras(dense.getConfig(), 'tf-keras-2');
  assert.deepEqual(Object.keys(keras), [
    'name',
    'trainable',
    'dtype',
    'batch_input_shape',
    'units',
    'activation',
    'use_bias',
    'kernel_initializer',
    'bias_initializer',
    'kernel_regularizer',
    'bias_regularizer',
    'activity_regularizer',
    'kernel_constraint',
    'bias_constraint',
  ]);
  assert.deepEqual(keras.kernel_initializer, { class_name: 'GlorotUniform', config: { seed: 3 } });
  assert.deepEqual(layerConfigFromKeras('Dense', keras, 'test'), dense.getConfig());
});

test('Keras 3 forms: DTypePolicy objects, module names, no activity_regularizer unless set', () => {
  const keras = layerConfigToKeras(new Dropout(0.25, { name: 'drop' }).getConfig(), 'keras-3');
  assert.deepEqual(keras.dtype, {
    module: 'keras',
    class_name: 'DTypePolicy',
    config: { name: 'float32' },
    registered_name: null,
  });
  const dense = layerConfigToKeras(new Dense(4).getConfig(), 'keras-3');
  assert.ok(!('activity_regularizer' in dense));
  assert.deepEqual(dense.bias_initializer, {
    module: 'keras.initializers',
    class_name: 'Zeros',
    config: {},
    registered_name: null,
  });
  assert.equal(layerConfigFromKeras('Dropout', keras, 'test').dtype, 'float32');
});

test("Keras 2.0's VarianceScaling spellings become the initializers they equal; unknown ones are dropped", () => {
  const config = layerConfigFromKeras(
    'Dense',
    {
      units: 3,
      kernel_initializer: {
        class_name: 'VarianceScaling',
        config: { scale: 1.0, mode: 'fan_avg', distribution: 'uniform', seed: null },
      },
      bias_initializer: { class_name: 'MyCustomInitializer', config: { gain: 1 } },
    },
    'test',
  );
  assert.deepEqual(config.kernelInitializer, { className: 'GlorotUniform', config: { seed: null } });
  assert.ok(!('biasInitializer' in config));
  const other = layerConfigFromKeras(
    'Dense',
    {
      units: 3,
      kernel_initializer: {
        class_name: 'VarianceScaling',
        config: { scale: 0.5, mode: 'fan_out', distribution: 'normal', seed: 3 },
      },
      bias_initializer: { class_name: 'OrthogonalInitializer', config: { gain: 2, seed: null } },
    },
    'test',
  );
  assert.deepEqual(other.kernelInitializer, {
    className: 'VarianceScaling',
    config: { scale: 0.5, mode: 'fan_out', distribution: 'truncated_normal', seed: 3 },
  });
  assert.deepEqual(other.biasInitializer, { className: 'OrthogonalInitializer', config: { gain: 2, seed: null } });
});

test('options nabla lacks are dropped when off and refused when on', () => {
  assert.deepEqual(layerConfigFromKeras('Dense', { units: 2, quantization_config: null, optional: false }, 'f'), {
    units: 2,
  });
  assert.throws(
    () => layerConfigFromKeras('Dense', { units: 2, lora_rank: 4 }, 'file.keras: layer d'),
    (e: Error) => e instanceof ValueError && /lora_rank=4/.test(e.message) && /file\.keras/.test(e.message),
  );
  assert.throws(() => toKerasKey('someNewOption'), ValueError);
});

test('model configs of Keras 2.0 (plain list), tf.keras 2.x and Keras 3 parse to the same layers', () => {
  const dense = { units: 10, activation: 'softmax', batch_input_shape: [null, 784], name: 'd' };
  const v20 = parseSequentialConfig(
    { class_name: 'Sequential', config: [{ class_name: 'Dense', config: dense }] },
    'a.h5',
  );
  assert.equal(v20.name, null);
  assert.deepEqual(v20.layers, [
    { className: 'Dense', config: { units: 10, activation: 'softmax', batchInputShape: [null, 784], name: 'd' } },
  ]);
  const description = {
    name: 'seq',
    batchInputShape: [null, 784],
    inputName: null,
    layers: [
      { className: 'Dense', config: new Dense(10, { name: 'd2', inputShape: [784] }).getConfig(), inputShape: [784] },
    ],
  };
  const tf = parseSequentialConfig(sequentialToTfKeras(description), 'b.h5');
  assert.deepEqual(
    tf.layers.map((l) => [l.className, l.config.name]),
    [
      ['InputLayer', 'd2_input'],
      ['Dense', 'd2'],
    ],
  );
  const k3json = sequentialToKeras3(description);
  assert.deepEqual(k3json.build_config, { input_shape: [null, 784] });
  const k3 = parseSequentialConfig(k3json, 'c.keras');
  assert.deepEqual(k3.layers[0].config.batchShape, [null, 784]);
  assert.ok(!('batchInputShape' in k3.layers[1].config), 'Keras 3 keeps the input shape on the InputLayer only');
});

test('Keras 3 weight-store paths are class-based and numbered per class', () => {
  assert.deepEqual(keras3LayerPaths(['Flatten', 'Dense', 'Dropout', 'Dense', 'Dropout', 'Dense']), [
    'layers/flatten',
    'layers/dense',
    'layers/dropout',
    'layers/dense_1',
    'layers/dropout_1',
    'layers/dense_2',
  ]);
});

test('name lists over 64 KiB are split into numbered attributes as tf.keras does, and read back whole', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-chunks-'));
  try {
    const layers = Array.from({ length: 1200 }, (_, i) => ({
      name: `layer_${String(i).padStart(4, '0')}_${'x'.repeat(50)}`,
      weights: [],
    }));
    const file = join(folder, 'many.h5');
    await writeKerasH5Weights(file, { layers });
    const attrs = Object.keys((await readHdf5(file)).attrs).sort();
    // 1200 names × 61 bytes = 73,200 bytes > 64,512: two chunks of 600.
    assert.deepEqual(attrs, ['backend', 'keras_version', 'layer_names0', 'layer_names1']);
    assert.deepEqual(
      (await readKerasH5(file)).layers.map((l) => l.name),
      layers.map((l) => l.name),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
