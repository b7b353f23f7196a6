import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomTensor, runLayerTest } from '../helpers/layer-check.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Activation } from '../../src/layers/activation.ts';
import { Input, InputLayer } from '../../src/layers/input.ts';
import { createLayer } from '../../src/layers/registry.ts';
import { clearSession } from '../../src/layers/naming.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { NotImplementedLayerError, ShapeError, ValueError } from '../../src/errors.ts';

test('Dense: shapes, params, config round trip, gradients, a training step', async () => {
  await runLayerTest({
    make: () => new Dense(7, { activation: 'relu', seed: 3 }),
    inputShape: [4],
    expectedOutputShape: [7],
    expectedParams: 35,
  });
  await runLayerTest({
    make: () => new Dense(2, { useBias: false, activation: 'tanh' }),
    inputShape: [6],
    expectedOutputShape: [2],
    expectedParams: 12,
  });
  await runLayerTest({
    make: () => new Dense(3, { activation: 'softmax', seed: 4 }),
    inputShape: [5],
    expectedOutputShape: [3],
    expectedParams: 18,
  });
});

test('Flatten, Activation, Dropout: shapes, config round trip, gradients, a training step', async () => {
  await runLayerTest({ make: () => new Flatten(), inputShape: [3, 4], expectedOutputShape: [12], expectedParams: 0 });
  await runLayerTest({
    make: () => new Dropout(0.5, { seed: 4 }),
    inputShape: [6],
    expectedOutputShape: [6],
    expectedParams: 0,
  });
  // In training the mask comes from the step's generator, the same for every forward pass of the check.
  await runLayerTest({
    make: () => new Dropout(0.5),
    inputShape: [6],
    expectedOutputShape: [6],
    expectedParams: 0,
    training: true,
  });
  await runLayerTest({
    make: () => new Activation('sigmoid'),
    inputShape: [5],
    expectedOutputShape: [5],
    expectedParams: 0,
  });
});

test('Dense computes activation(x·kernel + bias) by hand', () => {
  const layer = new Dense(2, { activation: 'relu' });
  layer.build([3]);
  layer.setWeights([
    new Tensor(Float32Array.from([1, -1, 2, 0, -3, 1]), [3, 2]),
    new Tensor(Float32Array.from([0.5, -0.5]), [2]),
  ]);
  const y = layer.apply(new Tensor(Float32Array.from([1, 2, 3, -1, 0, 1]), [2, 3]));
  // row 0: [1+4-9+0.5, -1+0+3-0.5] = [-3.5, 1.5] → relu [0, 1.5]; row 1: [-1-3+0.5, 1+1-0.5] = [-3.5, 1.5]
  assert.deepEqual(Array.from(y.data), [0, 1.5, 0, 1.5]);
});

test('Dense glorot_uniform kernel stays within sqrt(6/(in+out)) and is seeded', () => {
  const a = new Dense(50, { seed: 7 });
  a.build([30]);
  const b = new Dense(50, { seed: 7 });
  b.build([30]);
  const limit = Math.sqrt(6 / 80);
  const [kernel, bias] = a.getWeights();
  assert.ok(kernel.data.every((v) => Math.abs(v) <= limit));
  assert.ok(Math.max(...kernel.data) > 0.9 * limit, 'values spread over the range');
  assert.ok(bias.data.every((v) => v === 0));
  assert.deepEqual(Array.from(kernel.data), Array.from(b.getWeights()[0].data));
});

test('Dropout: identity outside training; inverted scaling and rate in training', () => {
  const layer = new Dropout(0.3, { seed: 1 });
  const x = new Tensor(new Float32Array(20000).fill(2), [100, 200]);
  assert.deepEqual(Array.from(layer.apply(x).data.slice(0, 5)), [2, 2, 2, 2, 2]);
  const y = layer.apply(x, { training: true });
  const kept = y.data.filter((v) => v !== 0);
  assert.ok(
    kept.every((v) => Math.abs(v - 2 / 0.7) < 1e-6),
    'kept values scaled by 1/(1-rate)',
  );
  const dropped = 1 - kept.length / y.size;
  assert.ok(Math.abs(dropped - 0.3) < 0.02, `dropped fraction ${dropped}`);
  assert.ok(new Dropout(1).apply(x, { training: true }).data.every((v) => v === 0));
  assert.throws(() => new Dropout(1.5), ValueError);
});

test('Input / InputLayer declare the shape; registry rejects unknown classes', () => {
  const input = Input({ shape: [784] }).sourceLayer as InputLayer;
  assert.equal(input.className, 'InputLayer');
  assert.deepEqual(input.getConfig().batchInputShape, [null, 784]);
  const copy = createLayer('InputLayer', input.getConfig()) as InputLayer;
  assert.deepEqual(copy.batchInputShape, [null, 784]);
  assert.throws(
    () => createLayer('LSTM', {}),
    (e: Error) => e instanceof NotImplementedLayerError && /LSTM/.test(e.message) && /Dense/.test(e.message),
  );
});

test('automatic names count per class from zero, user names are avoided', () => {
  clearSession();
  const names = [
    new Dense(1),
    new Dense(1),
    new Flatten(),
    new Dense(1, { name: 'dense_3' }),
    new Dense(1),
    new Dense(1),
  ].map((l) => l.name);
  assert.deepEqual(names, ['dense', 'dense_1', 'flatten', 'dense_3', 'dense_2', 'dense_4']);
  assert.equal(new InputLayer({ shape: [2] }).name, 'input_1');
});

test('bad layer arguments and weights give clear errors', () => {
  assert.throws(() => new Dense(0), /units must be a positive integer/);
  assert.throws(() => new Dense(3, { activation: 'gelu_tanh' as 'relu' }), /unknown activation 'gelu_tanh'.*'relu'/);
  assert.throws(() => new Dense(3, { kernelInitializer: 'xavier' as never }), /unknown initializer 'xavier'/);
  const layer = new Dense(3, { name: 'hidden' });
  layer.build([4]);
  assert.throws(
    () => layer.setWeights([randomTensor([5, 3], 1), randomTensor([3], 1)]),
    (e: Error) => e instanceof ShapeError && /'hidden'.*kernel.*\(4, 3\).*\(5, 3\)/.test(e.message),
  );
  assert.throws(() => layer.apply(randomTensor([2, 2, 2], 1)), ShapeError);
  assert.throws(() => new Dense(3).apply(randomTensor([2, 4, 5], 1)), /add a Flatten layer/);
});

test('Dropout backward multiplies by the same mask the forward pass used', async () => {
  const { getBackend } = await import('../../src/backend/index.ts');
  const layer = new Dropout(0.4, { seed: 11 });
  layer.build([50]);
  const backend = getBackend();
  const input = backend.allocFloat32(4 * 50).fill(3);
  const inputGrad = backend.allocFloat32(4 * 50);
  const step = layer.createStep({
    backend,
    alloc: (n) => backend.allocFloat32(n),
    maxRows: 4,
    input,
    inputGrad,
    withGradients: true,
    generator: () => {
      throw new Error('seeded layers use their own generator');
    },
  });
  step.forward(4, true);
  step.outputGrad!.fill(1);
  step.backward(4);
  for (let i = 0; i < 200; i++) assert.ok(Math.abs(inputGrad[i] - step.output[i] / 3) < 1e-6, `element ${i}`);
  assert.ok(inputGrad.some((v) => v === 0) && inputGrad.some((v) => v > 1));
});
