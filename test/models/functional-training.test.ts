// The functional Model with the training features of a Sequential: sample and class weights, weighted metrics,
// loss objects with fromLogits, regularization penalties, constraints, frozen layers and option checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.ts';
import { ValueError } from '../../src/errors.ts';

const { Dense, Concatenate } = nb.layers;

/** Seeded uniform values in [-1, 1). */
function uniform(shape: number[], seed: number): nb.Tensor {
  const g = new nb.random.Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return new nb.Tensor(
    Float32Array.from({ length: n }, () => g.uniform() * 2 - 1),
    shape,
  );
}

function rows(t: nb.Tensor): number[][] {
  const width = t.data.length / t.shape[0];
  return Array.from({ length: t.shape[0] }, (_, r) => Array.from(t.data.subarray(r * width, (r + 1) * width)));
}

const close = (actual: number, expected: number, what: string, tol = 1e-5): void => {
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${what}: ${actual} vs ${expected}`);
};

/** Mean squared error of one row. */
const mse = (p: number[], y: number[]): number => p.reduce((s, v, i) => s + (v - y[i]) ** 2, 0) / p.length;

/** A two-output regression graph: a shared trunk, outputs 'a' (2 units) and 'b' (1 unit). */
function twoOutputs(): nb.Model {
  const x = nb.Input({ shape: [3] });
  const trunk = new Dense(4, { activation: 'tanh', seed: 11 }).apply(x);
  const a = new Dense(2, { name: 'a', seed: 12 }).apply(trunk);
  const b = new Dense(1, { name: 'b', seed: 13 }).apply(trunk);
  return new nb.Model({ inputs: x, outputs: [a, b] });
}

test('one sampleWeight array weighs every output: loss = Σ_j w_j Σ_r s_r l_rj / n, as computed by hand', async () => {
  const model = twoOutputs();
  model.compile({ optimizer: 'sgd', loss: 'mse', lossWeights: [1, 0.5] });
  const x = uniform([6, 3], 1),
    ya = uniform([6, 2], 2),
    yb = uniform([6, 1], 3);
  const s = [0.5, 2, 0, 1, 3, 1.5];
  const sampleWeight = new nb.Tensor(Float32Array.from(s), [6]);
  const [pa, pb] = (await model.predict(x, { verbose: 0 })) as nb.Tensor[];
  const weighted = (p: number[][], y: number[][]): number =>
    p.reduce((sum, row, r) => sum + s[r] * mse(row, y[r]), 0) / 6;
  const lossA = weighted(rows(pa), rows(ya)),
    lossB = weighted(rows(pb), rows(yb));
  const logs = await model.evaluate(x, [ya, yb], { verbose: 0, returnDict: true, sampleWeight, batchSize: 4 });
  close(logs.a_loss, lossA, 'a_loss');
  close(logs.b_loss, lossB, 'b_loss');
  close(logs.loss, lossA + 0.5 * lossB, 'loss');
  await assert.rejects(
    () => model.fit(x, [ya, yb], { verbose: 0, classWeight: { 0: 1 } }),
    (e: Error) =>
      e instanceof ValueError && /classWeight is only supported for a model with one output/.test(e.message),
  );
});

test('fromLogits loss object, weighted metrics and classWeight on a functional model match hand values', async () => {
  const x = nb.Input({ shape: [4] });
  const logits = new Dense(3, { seed: 21 }).apply(x);
  const model = new nb.Model({ inputs: x, outputs: logits });
  const loss = new nb.losses.SparseCategoricalCrossentropy({ fromLogits: true });
  model.compile({ optimizer: 'sgd', loss, metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
  assert.deepEqual(model.metricsNames, ['loss', 'accuracy', 'weighted_accuracy']);
  const data = uniform([8, 4], 22);
  const labels = [0, 1, 2, 0, 1, 2, 0, 1];
  const y = new nb.Tensor(Float32Array.from(labels), [8]);
  const s = [1, 2, 0.5, 1, 3, 1, 0, 2];
  const z = rows((await model.predict(data, { verbose: 0 })) as nb.Tensor);
  const ce = z.map((row, r) => Math.log(row.reduce((acc, v) => acc + Math.exp(v), 0)) - row[labels[r]]);
  const hit: number[] = z.map((row, r) => (row.indexOf(Math.max(...row)) === labels[r] ? 1 : 0));
  const plain = await model.evaluate(data, y, { verbose: 0, returnDict: true });
  close(plain.loss, ce.reduce((a, b) => a + b, 0) / 8, 'unweighted loss');
  const sampleWeight = new nb.Tensor(Float32Array.from(s), [8]);
  const logs = await model.evaluate(data, y, { verbose: 0, returnDict: true, sampleWeight });
  close(logs.loss, ce.reduce((acc, v, r) => acc + s[r] * v, 0) / 8, 'weighted loss');
  close(logs.accuracy, hit.reduce((a, b) => a + b, 0) / 8, 'accuracy');
  const sw = s.reduce((a, b) => a + b, 0);
  close(logs.weighted_accuracy, hit.reduce((acc, v, r) => acc + s[r] * v, 0) / sw, 'weighted accuracy');
  // classWeight {1: 3}: the weight of each sample is its class's.
  const history = await model.fit(data, y, { epochs: 1, verbose: 0, classWeight: { 1: 3 }, batchSize: 8 });
  const cw = labels.map((c) => (c === 1 ? 3 : 1));
  close(
    history.history.loss[0],
    ce.reduce((acc, v, r) => acc + cw[r] * v, 0) / 8,
    'class-weighted loss of the first step',
  );
});

test('gradients with loss weights, sample weights and an L2 penalty match finite differences of the loss', async () => {
  const x = nb.Input({ shape: [3] });
  const trunk = new Dense(4, { activation: 'tanh', seed: 31, kernelRegularizer: nb.regularizers.l2(0.05) }).apply(x);
  const reg = new Dense(2, { name: 'reg', seed: 32 }).apply(trunk);
  const cls = new Dense(3, { name: 'cls', activation: 'softmax', seed: 33 }).apply(trunk);
  const model = new nb.Model({ inputs: x, outputs: [reg, cls] });
  const lr = 1e-3;
  model.compile({
    optimizer: new nb.optimizers.SGD({ learningRate: lr }),
    loss: ['mse', 'sparse_categorical_crossentropy'],
    lossWeights: [0.7, 1.5],
  });
  const data = uniform([5, 3], 34),
    yReg = uniform([5, 2], 35);
  const yCls = new nb.Tensor(Float32Array.from([0, 2, 1, 1, 0]), [5]);
  const sampleWeight = new nb.Tensor(Float32Array.from([1, 0.5, 2, 0, 1.5]), [5]);
  const lossAt = async (): Promise<number> =>
    (await model.evaluate(data, [yReg, yCls], { verbose: 0, returnDict: true, sampleWeight })).loss;
  const before = model.getWeights();
  await model.fit(data, [yReg, yCls], { epochs: 1, batchSize: 5, shuffle: false, verbose: 0, sampleWeight });
  const after = model.getWeights();
  model.setWeights(before);
  const h = 2e-3;
  for (let k = 0; k < before.length; k++) {
    for (let i = 0; i < before[k].data.length; i++) {
      const analytic = (before[k].data[i] - after[k].data[i]) / lr;
      const shifted = (delta: number): nb.Tensor[] =>
        before.map((w, j) => {
          if (j !== k) return w;
          const values = Float32Array.from(w.data);
          values[i] += delta;
          return new nb.Tensor(values, [...w.shape]);
        });
      model.setWeights(shifted(h));
      const plus = await lossAt();
      model.setWeights(shifted(-h));
      const minus = await lossAt();
      const numeric = (plus - minus) / (2 * h);
      assert.ok(
        Math.abs(numeric - analytic) < 2e-3 + 3e-2 * Math.abs(numeric),
        `weight ${k}[${i}]: numeric ${numeric}, analytic ${analytic}`,
      );
    }
  }
  model.setWeights(before);
});

test('an L2 penalty adds to the loss; a NonNeg constraint holds after every update; a frozen layer keeps its weights', async () => {
  const a = nb.Input({ shape: [2] }),
    b = nb.Input({ shape: [3] });
  const frozen = new Dense(3, { seed: 41 });
  const constrained = new Dense(2, {
    seed: 42,
    kernelConstraint: 'non_neg',
    kernelRegularizer: nb.regularizers.l2(0.1),
  });
  const out = new Dense(1, { seed: 43 }).apply(new Concatenate().apply([constrained.apply(a), frozen.apply(b)]));
  const model = new nb.Model({ inputs: [a, b], outputs: out });
  frozen.trainable = false;
  model.compile({ optimizer: new nb.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
  const xa = uniform([6, 2], 44),
    xb = uniform([6, 3], 45),
    y = uniform([6, 1], 46);
  const kernel = Array.from(constrained.getWeights()[0].data);
  assert.ok(
    kernel.some((v) => v < 0),
    'the seeded kernel starts with negative values',
  );
  const p = rows((await model.predict([xa, xb], { verbose: 0 })) as nb.Tensor);
  const dataLoss = p.reduce((sum, row, r) => sum + mse(row, rows(y)[r]), 0) / 6;
  const penalty = 0.1 * kernel.reduce((sum, v) => sum + v * v, 0);
  close((await model.evaluate([xa, xb], y, { verbose: 0 })) as number, dataLoss + penalty, 'loss with penalty');
  const frozenBefore = frozen.getWeights().map((w) => Array.from(w.data));
  await model.fit([xa, xb], y, { epochs: 3, batchSize: 2, verbose: 0, seed: 1 });
  assert.ok(
    Array.from(constrained.getWeights()[0].data).every((v) => v >= 0),
    'kernel non-negative after fit',
  );
  assert.deepEqual(
    frozen.getWeights().map((w) => Array.from(w.data)),
    frozenBefore,
  );
  assert.match(model.summaryText(), /Non-trainable params: 12\b/);
});

test('Model, its compile, fit, evaluate, predict, Input and the merge layers refuse unknown option keys', async () => {
  const x = nb.Input({ shape: [2] });
  const out = new Dense(1, { seed: 51 }).apply(x);
  const refuses = (call: () => unknown, key: string): void => {
    assert.throws(call, (e: Error) => e instanceof ValueError && e.message.includes(`unknown option '${key}'`));
  };
  const rejects = (call: () => Promise<unknown>, key: string): Promise<void> =>
    assert.rejects(call, (e: Error) => e instanceof ValueError && e.message.includes(`unknown option '${key}'`));
  refuses(() => new nb.Model({ inputs: x, outputs: out, run_eagerly: true } as never), 'run_eagerly');
  refuses(() => nb.Input({ shape: [2], sparse: true } as never), 'sparse');
  refuses(() => new Concatenate({ axis: -1, trainable_axis: 1 } as never), 'trainable_axis');
  refuses(() => new nb.layers.Add({ broadcast: true } as never), 'broadcast');
  const model = new nb.Model({ inputs: x, outputs: out });
  refuses(() => model.compile({ loss: 'mse', loss_weights: [1] } as never), 'loss_weights');
  model.compile({ loss: 'mse', optimizer: 'sgd' });
  const data = uniform([4, 2], 52),
    y = uniform([4, 1], 53);
  await rejects(() => model.fit(data, y, { sample_weight: y } as never), 'sample_weight');
  await rejects(() => model.evaluate(data, y, { steps: 1 } as never), 'steps');
  await rejects(() => model.predict(data, { steps: 1 } as never), 'steps');
});

test("a nested model brings its layers' penalties and constraints; a shared layer's count once", async () => {
  const inner = new nb.Sequential([
    new Dense(3, {
      inputShape: [2],
      seed: 61,
      kernelRegularizer: nb.regularizers.l2(0.2),
      kernelConstraint: 'non_neg',
    }),
  ]);
  const x = nb.Input({ shape: [2] });
  const out = new Dense(1, { seed: 62 }).apply(inner.apply(x));
  const model = new nb.Model({ inputs: x, outputs: out });
  model.compile({ optimizer: new nb.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
  const data = uniform([5, 2], 63),
    y = uniform([5, 1], 64);
  const kernel = Array.from(inner.layers[0].getWeights()[0].data);
  assert.ok(
    kernel.some((v) => v < 0),
    'the seeded kernel starts with negative values',
  );
  const p = rows((await model.predict(data, { verbose: 0 })) as nb.Tensor);
  const dataLoss = p.reduce((sum, row, r) => sum + mse(row, rows(y)[r]), 0) / 5;
  const penalty = 0.2 * kernel.reduce((sum, v) => sum + v * v, 0);
  close((await model.evaluate(data, y, { verbose: 0 })) as number, dataLoss + penalty, 'loss with the nested penalty');
  await model.fit(data, y, { epochs: 2, batchSize: 2, verbose: 0, seed: 2 });
  assert.ok(
    Array.from(inner.layers[0].getWeights()[0].data).every((v) => v >= 0),
    'nested kernel non-negative after fit',
  );

  // A shared layer with a regularizer: its weight penalty counts once (Keras), however often it is called.
  const shared = new Dense(2, { seed: 65, kernelRegularizer: nb.regularizers.l2(0.1) });
  const twice = new nb.Model({ inputs: x, outputs: shared.apply(shared.apply(x)) });
  twice.compile({ optimizer: 'sgd', loss: 'mse' });
  const target = uniform([5, 2], 66);
  const twicePredicted = rows((await twice.predict(data, { verbose: 0 })) as nb.Tensor);
  const twiceLoss = twicePredicted.reduce((sum, row, r) => sum + mse(row, rows(target)[r]), 0) / 5;
  const sharedKernel = Array.from(shared.getWeights()[0].data);
  const once = 0.1 * sharedKernel.reduce((sum, v) => sum + v * v, 0);
  close((await twice.evaluate(data, target, { verbose: 0 })) as number, twiceLoss + once, 'penalty counted once');
  await twice.fit(data, target, { verbose: 0, seed: 3 });
});
