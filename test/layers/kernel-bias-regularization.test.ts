// Regularizers and constraints of the kernel-and-bias layers beyond a single Dense call: a Dense layer called
// twice in one functional model (Keras counts its weight penalties once and its activity penalty per call), and
// Conv2D's regularizers and constraints (loss by hand, gradient by central differences, Keras config).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Conv2D } from '../../src/layers/convolutional/conv2d.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { L1, L1L2, L2 } from '../../src/regularizers.ts';
import { NonNeg } from '../../src/constraints.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { Generator } from '../../src/random/generator.ts';
import { layerConfigFromKeras, layerConfigToKeras } from '../../src/saving/config.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { checkCompiledModelGradient, checkModelGradient } from '../helpers/model-gradient-check.ts';

const ROWS = 4;

function normals(shape: number[], seed: number): Tensor {
  const g = new Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(
    Float32Array.from({ length: n }, () => g.normal()),
    shape,
  );
}

/** x·kernel + bias, row by row, in float64 (kernel inDim×units). */
function dense(x: number[][], kernel: ArrayLike<number>, bias: ArrayLike<number>): number[][] {
  const units = bias.length;
  return x.map((row) =>
    Array.from({ length: units }, (_, j) => row.reduce((s, v, i) => s + v * kernel[i * units + j], bias[j])),
  );
}

function sharedDenseModel(): { model: nb.Model; shared: Dense; head: Dense } {
  const input = nb.Input({ shape: [3] });
  const shared = new Dense(3, {
    activation: 'tanh',
    seed: 5,
    biasInitializer: 'ones',
    kernelRegularizer: new L2(0.1),
    biasRegularizer: new L1(0.5),
    activityRegularizer: new L1L2({ l1: 0.05, l2: 0.02 }),
  });
  const head = new Dense(1, { seed: 6 });
  const model = new nb.Model({ inputs: input, outputs: head.apply(shared.apply(shared.apply(input))) });
  model.compile({ optimizer: new SGD({ learningRate: 1 }), loss: 'mean_squared_error' });
  return { model, shared, head };
}

test('a Dense layer called twice counts its weight penalties once and its activity penalty per call', async () => {
  const { model, shared, head } = sharedDenseModel();
  const x = normals([ROWS, 3], 1);
  const y = normals([ROWS, 1], 2);
  const [kernel, bias] = shared.getWeights().map((w) => w.data);
  const [headKernel, headBias] = head.getWeights().map((w) => w.data);
  const rows = Array.from({ length: ROWS }, (_, r) => Array.from(x.data.subarray(r * 3, r * 3 + 3)));
  const h1 = dense(rows, kernel, bias).map((row) => row.map(Math.tanh));
  const h2 = dense(h1, kernel, bias).map((row) => row.map(Math.tanh));
  const out = dense(h2, headKernel, headBias);
  const dataLoss = out.reduce((s, [p], r) => s + (p - y.data[r]) ** 2, 0) / ROWS;
  const activity = (h: number[][]): number => h.flat().reduce((s, v) => s + 0.05 * Math.abs(v) + 0.02 * v * v, 0);
  const weights = 0.1 * Array.from(kernel).reduce((s, v) => s + v * v, 0) + 0.5 * 3; // bias: ones
  const expected = dataLoss + weights + activity(h1) + activity(h2);
  const loss = (await model.evaluate(x, y, { verbose: 0, batchSize: ROWS })) as number;
  assert.ok(Math.abs(loss - expected) < 1e-5 * Math.max(1, expected), `loss ${loss}, expected ${expected}`);
  // The weight penalties twice would be off by the weights' term: the test tells the two apart.
  assert.ok(weights > 1e-2);
});

test('the shared, regularized layer trains on the gradient of loss + penalties (central differences)', async () => {
  const { model } = sharedDenseModel();
  await checkCompiledModelGradient('shared regularized Dense', model, normals([ROWS, 3], 3), normals([ROWS, 1], 4));
});

test('Conv2D differentiates loss + kernel, bias and activity penalties like central differences', async () => {
  await checkModelGradient(
    'regularized Conv2D',
    [
      new Conv2D(2, 2, {
        activation: 'tanh',
        padding: 'same',
        seed: 7,
        biasInitializer: 'ones',
        kernelRegularizer: new L2(0.05),
        biasRegularizer: new L1(0.02),
        activityRegularizer: new L1L2({ l1: 0.01, l2: 0.03 }),
      }),
      new Flatten(),
      new Dense(2, { seed: 8 }),
    ],
    [3, 3, 2],
    2,
  );
});

test('Conv2D reports the weight penalties in the loss and applies its constraints after each update', async () => {
  const make = (regularized: boolean): nb.Sequential =>
    new nb.Sequential([
      new Conv2D(2, 2, {
        inputShape: [3, 3, 1],
        seed: 9,
        biasInitializer: 'ones',
        ...(regularized ? { kernelRegularizer: new L2(0.1), biasRegularizer: new L1(0.5) } : {}),
        kernelConstraint: regularized ? new NonNeg() : null,
      }),
      new Flatten(),
      new Dense(1, { seed: 10 }),
    ]);
  const plain = make(false);
  const regular = make(true);
  for (const m of [plain, regular]) m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mean_squared_error' });
  const x = normals([ROWS, 3, 3, 1], 11);
  const y = normals([ROWS, 1], 12);
  const kernel = plain.layers[0].getWeights()[0].data;
  const expected = 0.1 * Array.from(kernel).reduce((s, v) => s + v * v, 0) + 0.5 * 2;
  const difference =
    ((await regular.evaluate(x, y, { verbose: 0 })) as number) -
    ((await plain.evaluate(x, y, { verbose: 0 })) as number);
  assert.ok(Math.abs(difference - expected) < 1e-5, `penalty ${difference}, expected ${expected}`);
  assert.ok(
    Array.from(kernel).some((v) => v < 0),
    'the seeded kernel starts with negative values',
  );
  regular.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'mean_squared_error' });
  await regular.fit(x, y, { epochs: 1, batchSize: 2, verbose: 0, seed: 1 });
  assert.ok(
    Array.from(regular.layers[0].getWeights()[0].data).every((v) => v >= 0),
    'kernel non-negative after fit',
  );
});

test('Conv2D saves its regularizers and constraints under Keras names and reads them back', () => {
  const conv = new Conv2D(4, 3, {
    kernelRegularizer: 'l2',
    activityRegularizer: new L1(0.1),
    kernelConstraint: 'non_neg',
  });
  const keras = layerConfigToKeras(conv.getConfig(), 'keras-3');
  assert.deepEqual(keras.kernel_regularizer, {
    module: 'keras.regularizers',
    class_name: 'L2',
    config: { l2: 0.01 },
    registered_name: null,
  });
  assert.equal(keras.bias_regularizer, null);
  assert.equal(keras.bias_constraint, null);
  const rebuilt = Conv2D.fromConfig(layerConfigFromKeras('Conv2D', keras, 'test'));
  assert.deepEqual(rebuilt.getConfig(), conv.getConfig());
  assert.equal(rebuilt.kernelConstraint?.className, 'NonNeg');
});
