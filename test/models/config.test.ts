import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { getOptimizer } from '../../src/optimizers/get-optimizer.ts';
import { SGD } from '../../src/optimizers/sgd.ts';

test('getConfig → fromConfig rebuilds the same architecture; with the weights it predicts the same', async () => {
  const model = new Sequential(
    [
      new Flatten({ inputShape: [2, 3] }),
      new Dense(4, { activation: 'relu', name: 'hidden', kernelInitializer: 'he_normal' }),
      new Dropout(0.25, { seed: 9 }),
      new Dense(2, { activation: 'softmax', useBias: false }),
    ],
    { name: 'round_trip' },
  );
  const config = model.getConfig();
  assert.equal(config.layers[0].className, 'InputLayer');
  assert.deepEqual(config.layers[0].config.batchInputShape, [null, 2, 3]);
  assert.equal(config.layers[0].config.name, `${model.layers[0].name}_input`);
  assert.deepEqual(config.buildInputShape, [null, 2, 3]);
  const dense = config.layers[2].config;
  assert.equal(dense.units, 4);
  assert.equal(dense.activation, 'relu');
  assert.deepEqual(dense.kernelInitializer, { className: 'HeNormal', config: { seed: null } });
  assert.deepEqual(dense.biasInitializer, { className: 'Zeros', config: {} });
  assert.equal(config.layers[3].config.rate, 0.25);
  const copy = Sequential.fromConfig(
    JSON.parse(
      JSON.stringify({
        ...config,
        name: 'copy',
        layers: config.layers.map((l) => ({ ...l, config: { ...l.config, name: `${String(l.config.name)}_c` } })),
      }),
    ),
  );
  assert.deepEqual(
    copy.layers.map((l) => l.className),
    ['Flatten', 'Dense', 'Dropout', 'Dense'],
  );
  assert.equal(copy.countParams(), model.countParams());
  copy.setWeights(model.getWeights());
  const x = new Tensor(
    Float32Array.from({ length: 12 }, (_, i) => Math.sin(i)),
    [2, 2, 3],
  );
  assert.deepEqual(
    Array.from((await copy.predict(x, { verbose: 0 })).data),
    Array.from((await model.predict(x, { verbose: 0 })).data),
  );
});

test('optimizer configs are camelCase Keras configs and rebuild through getOptimizer', () => {
  const sgd = new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true });
  const config = sgd.getConfig();
  assert.equal(config.learningRate, 0.1);
  assert.equal(config.nesterov, true);
  assert.equal(config.name, 'SGD');
  const copy = getOptimizer({ className: 'SGD', config });
  assert.deepEqual(copy.getConfig(), config);
  assert.equal(getOptimizer('adam').getConfig().epsilon, 1e-7);
  assert.equal(getOptimizer('rmsprop').getConfig().rho, 0.9);
  assert.equal(getOptimizer('adagrad').getConfig().initialAccumulatorValue, 0.1);
  assert.equal(getOptimizer('sgd').learningRate, 0.01);
});

test('compileConfig and optimizer are exposed for saving', () => {
  const model = new Sequential([new Dense(2, { inputShape: [3] })]);
  assert.equal(model.compileConfig, null);
  model.compile({ optimizer: 'adam', loss: 'mse', metrics: 'accuracy' });
  assert.deepEqual(model.compileConfig, { optimizer: 'adam', loss: 'mse', metrics: ['accuracy'] });
  assert.equal(model.optimizer?.className, 'Adam');
  model.optimizer!.learningRate = 0.5;
  assert.equal(model.optimizer!.getWeights()[1].data[0], 0.5);
});
