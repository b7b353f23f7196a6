// Regularizers and constraints: penalties by hand, the training step's gradient of loss + penalty against
// central differences, the reported loss, constraints after each update, and Keras configs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { L1, L1L2, L2, getRegularizer, l1l2 } from '../src/regularizers.ts';
import { MaxNorm, MinMaxNorm, NonNeg, UnitNorm, getConstraint } from '../src/constraints.ts';
import { ValueError } from '../src/errors.ts';
import { Dense } from '../src/layers/dense.ts';
import { Sequential } from '../src/models/sequential.ts';
import { SGD } from '../src/optimizers/sgd.ts';
import { Generator } from '../src/random/generator.ts';
import { layerConfigFromKeras, layerConfigToKeras } from '../src/saving/config.ts';
import { Tensor } from '../src/tensor/tensor.ts';
import { checkCompiledModelGradient } from './helpers/model-gradient-check.ts';

const f32 = (values: number[]): Float32Array => Float32Array.from(values);

test('penalties: l1·Σ|x| + l2·Σx², with Keras defaults for the string ids', () => {
  const x = f32([1, -2, 3]);
  assert.ok(Math.abs(new L1(0.1).penalty(x) - 0.6) < 1e-12);
  assert.ok(Math.abs(new L2(0.01).penalty(x) - 0.14) < 1e-12);
  assert.ok(Math.abs(new L1L2({ l1: 0.1, l2: 0.01 }).penalty(x) - 0.74) < 1e-12);
  assert.deepEqual(getRegularizer('l1')!.getConfig(), { l1: 0.01 });
  assert.deepEqual(getRegularizer('l2')!.getConfig(), { l2: 0.01 });
  assert.deepEqual(getRegularizer('l1l2')!.getConfig(), { l1: 0, l2: 0 });
  assert.deepEqual(l1l2().getConfig(), { l1: 0.01, l2: 0.01 });
  const grad = f32([0, 0, 0]);
  new L1L2({ l1: 0.1, l2: 0.01 }).addGradient(x, grad);
  assert.deepEqual(
    [...grad].map((g) => +g.toFixed(6)),
    [0.12, -0.14, 0.16],
  );
  assert.throws(() => new L2(-1), ValueError);
  assert.throws(() => getRegularizer('l3' as 'l1'), ValueError);
});

const ROWS = 5;

function regression(seed: number): [Tensor, Tensor] {
  const g = new Generator(seed);
  return [
    new Tensor(
      Float32Array.from({ length: ROWS * 3 }, () => g.normal()),
      [ROWS, 3],
    ),
    new Tensor(
      Float32Array.from({ length: ROWS * 2 }, () => g.normal()),
      [ROWS, 2],
    ),
  ];
}

function regularizedModel(): Sequential {
  return new Sequential([
    new Dense(4, {
      activation: 'tanh',
      seed: 1,
      inputShape: [3],
      kernelRegularizer: new L2(0.05),
      biasRegularizer: new L1(0.02),
      activityRegularizer: new L1L2({ l1: 0.01, l2: 0.03 }),
      biasInitializer: 'ones',
    }),
    new Dense(2, { seed: 2, kernelRegularizer: 'l1' }),
  ]);
}

test('the training step differentiates loss + penalties (kernel, bias and activity) like central differences', async () => {
  await checkCompiledModelGradient('regularized', regularizedModel(), ...regression(3));
});

test('the reported loss is the data loss plus the weight penalties (evaluate and trainOnBatch alike)', async () => {
  const plain = new Sequential([new Dense(2, { seed: 4, inputShape: [3], biasInitializer: 'ones' })]);
  const regular = new Sequential([
    new Dense(2, {
      seed: 4,
      inputShape: [3],
      biasInitializer: 'ones',
      kernelRegularizer: new L2(0.1),
      biasRegularizer: new L1(0.5),
    }),
  ]);
  for (const m of [plain, regular]) m.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'mean_squared_error' });
  const [x, y] = regression(5);
  const [kernel] = plain.getWeights();
  const expected = 0.1 * Array.from(kernel.data).reduce((s, v) => s + v * v, 0) + 0.5 * 2;
  const difference =
    ((await regular.evaluate(x, y, { verbose: 0 })) as number) -
    ((await plain.evaluate(x, y, { verbose: 0 })) as number);
  assert.ok(Math.abs(difference - expected) < 1e-5, `penalty ${difference}, expected ${expected}`);
  const trained = ((await regular.trainOnBatch(x, y)) as number) - ((await plain.trainOnBatch(x, y)) as number);
  assert.ok(Math.abs(trained - expected) < 1e-5);
});

test('constraints: MaxNorm, UnitNorm and MinMaxNorm along axis 0 (per unit of a kernel), NonNeg', () => {
  // A 2×2 kernel with column norms 5 and 1.
  const kernel = (): Float32Array => f32([3, 0.6, 4, 0.8]);
  const maxNorm = kernel();
  new MaxNorm({ maxValue: 2 }).apply(maxNorm, [2, 2]);
  assertClose(maxNorm, [1.2, 0.6, 1.6, 0.8]);
  const unit = kernel();
  new UnitNorm().apply(unit, [2, 2]);
  assertClose(unit, [0.6, 0.6, 0.8, 0.8]);
  const rows = kernel();
  new UnitNorm({ axis: 1 }).apply(rows, [2, 2]);
  const n0 = Math.hypot(3, 0.6);
  const n1 = Math.hypot(4, 0.8);
  assertClose(rows, [3 / n0, 0.6 / n0, 4 / n1, 0.8 / n1]);
  const minMax = kernel();
  // desired = 0.5·clip(norm, 2, 3) + 0.5·norm: column 0 → 4, column 1 → 1.5.
  new MinMaxNorm({ minValue: 2, maxValue: 3, rate: 0.5 }).apply(minMax, [2, 2]);
  assertClose(minMax, [2.4, 0.9, 3.2, 1.2]);
  const nonNeg = f32([-1, 2, -0.5, 0]);
  new NonNeg().apply(nonNeg);
  assert.deepEqual([...nonNeg], [0, 2, 0, 0]);
  assert.equal(getConstraint('max_norm')!.className, 'MaxNorm');
  assert.deepEqual(getConstraint('max_norm')!.getConfig(), { maxValue: 2, axis: 0 });
  assert.throws(() => getConstraint('positive' as 'non_neg'), ValueError);
  assert.throws(() => new MaxNorm({ max_value: 2 } as unknown as { maxValue: number }), /did you mean 'maxValue'/);
});

function assertClose(actual: Float32Array, expected: number[]): void {
  expected.forEach((e, i) => assert.ok(Math.abs(actual[i] - e) < 1e-5, `element ${i}: ${actual[i]}, expected ${e}`));
}

test('fit applies the constraints after every update', async () => {
  const model = new Sequential([
    new Dense(3, {
      inputShape: [4],
      seed: 1,
      kernelConstraint: new MaxNorm({ maxValue: 0.5 }),
      biasConstraint: 'non_neg',
    }),
  ]);
  model.compile({ optimizer: new SGD({ learningRate: 0.5 }), loss: 'mean_squared_error' });
  const g = new Generator(2);
  const x = new Tensor(
    Float32Array.from({ length: 40 }, () => 3 * g.normal()),
    [10, 4],
  );
  const y = new Tensor(
    Float32Array.from({ length: 30 }, () => -5 + g.normal()),
    [10, 3],
  );
  await model.fit(x, y, { epochs: 3, batchSize: 5, verbose: 0, shuffle: false });
  const [kernel, bias] = model.getWeights();
  for (let unit = 0; unit < 3; unit++) {
    let sq = 0;
    for (let i = 0; i < 4; i++) sq += kernel.data[i * 3 + unit] ** 2;
    assert.ok(Math.sqrt(sq) <= 0.5 + 1e-6, `unit ${unit} norm ${Math.sqrt(sq)}`);
  }
  assert.ok(
    [...bias.data].every((b) => b >= 0),
    'targets near −5 push the bias negative; NonNeg keeps it at 0',
  );
});

test('regularizers and constraints are saved under Keras names and read back', () => {
  const dense = new Dense(3, {
    kernelRegularizer: 'l2',
    biasRegularizer: new L1(0.5),
    activityRegularizer: new L1L2({ l1: 0.1, l2: 0.2 }),
    kernelConstraint: new MaxNorm({ maxValue: 3, axis: 0 }),
    biasConstraint: 'non_neg',
  });
  const keras = layerConfigToKeras(dense.getConfig(), 'keras-3');
  assert.deepEqual(keras.kernel_regularizer, {
    module: 'keras.regularizers',
    class_name: 'L2',
    config: { l2: 0.01 },
    registered_name: null,
  });
  assert.deepEqual(keras.activity_regularizer, {
    module: 'keras.regularizers',
    class_name: 'L1L2',
    config: { l1: 0.1, l2: 0.2 },
    registered_name: null,
  });
  assert.deepEqual(keras.kernel_constraint, {
    module: 'keras.constraints',
    class_name: 'MaxNorm',
    config: { max_value: 3, axis: 0 },
    registered_name: null,
  });
  assert.deepEqual(keras.bias_constraint, {
    module: 'keras.constraints',
    class_name: 'NonNeg',
    config: {},
    registered_name: null,
  });
  const rebuilt = Dense.fromConfig(layerConfigFromKeras('Dense', keras, 'test'));
  assert.deepEqual(rebuilt.getConfig().kernelConstraint, dense.getConfig().kernelConstraint);
  assert.deepEqual(rebuilt.getConfig().activityRegularizer, { className: 'L1L2', config: { l1: 0.1, l2: 0.2 } });
  const tf2 = layerConfigToKeras(new Dense(1).getConfig(), 'tf-keras-2');
  assert.equal(tf2.kernel_regularizer, null);
});
