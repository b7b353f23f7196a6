// Losses and metrics inside fit/evaluate: the fused kernel for fromLogits, a custom loss through autograd,
// sample and class weights (Keras's Σ w·l / n), weighted metrics, History names and the logits warning.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential } from '../../src/models/sequential.ts';
import type { ModelCore } from '../../src/models/model-core.ts';
import { Dense } from '../../src/layers/dense.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import * as losses from '../../src/losses/index.ts';
import * as metrics from '../../src/metrics/index.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { mean } from '../../src/tensor/ops/reduce.ts';
import { Generator } from '../../src/random/generator.ts';
import { blobs } from './fixtures-data.ts';
import { assertAllClose } from '../helpers/all-close.ts';

const coreOf = (model: Sequential): ModelCore => (model as unknown as { core: ModelCore }).core;
const flatWeights = (model: Sequential): number[] => model.getWeights().flatMap((w) => Array.from(w.data));

function regression(rows: number, seed = 0): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const x = Float32Array.from({ length: rows * 4 }, () => g.normal());
  const y = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    y[2 * r] = x[4 * r] - 0.5 * x[4 * r + 1] + 0.1 * g.normal();
    y[2 * r + 1] = 0.3 * x[4 * r + 2] + 1;
  }
  return { x: new Tensor(x, [rows, 4]), y: new Tensor(y, [rows, 2]) };
}

test('Dense(10) logits with fromLogits: true trains to the same weights as softmax + sparse CE, both fused', async () => {
  const { x, y } = blobs(96, 8, 10);
  const make = (logits: boolean): Sequential => {
    const model = new Sequential([
      new Dense(10, { activation: logits ? 'linear' : 'softmax', inputShape: [8], seed: 3 }),
    ]);
    model.compile({
      optimizer: new SGD({ learningRate: 0.1 }),
      metrics: ['accuracy'],
      loss: logits ? new losses.SparseCategoricalCrossentropy({ fromLogits: true }) : 'sparse_categorical_crossentropy',
    });
    return model;
  };
  const logits = make(true);
  const softmax = make(false);
  assert.equal(coreOf(logits).plan('train', 16).mode, 'fused');
  assert.equal(coreOf(softmax).plan('train', 16).mode, 'fused');
  const a = await logits.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 1 });
  const b = await softmax.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 1 });
  assert.deepEqual(flatWeights(logits), flatWeights(softmax));
  assert.deepEqual(a.history, b.history);
  assert.ok(a.history.accuracy[2] > 0.9, `accuracy ${a.history.accuracy[2]}`);
});

test('BinaryCrossentropy fromLogits on a linear output trains as binary_crossentropy after a sigmoid', async () => {
  const { x, y } = blobs(64, 5, 2, 4);
  const make = (logits: boolean): Sequential => {
    const model = new Sequential([
      new Dense(1, { activation: logits ? 'linear' : 'sigmoid', inputShape: [5], seed: 2 }),
    ]);
    model.compile({
      optimizer: new SGD({ learningRate: 0.2 }),
      loss: logits ? new losses.BinaryCrossentropy({ fromLogits: true }) : 'binary_crossentropy',
    });
    return model;
  };
  const a = make(true);
  const b = make(false);
  await a.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, seed: 5 });
  await b.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, seed: 5 });
  assertAllClose(flatWeights(a), flatWeights(b), { rtol: 1e-6, atol: 1e-7 });
});

test('fromLogits: true on a softmax output warns once, as Keras does, and takes the softmax input', async () => {
  const warnings: string[] = [];
  const original = process.emitWarning;
  process.emitWarning = ((message: string) => void warnings.push(message)) as typeof process.emitWarning;
  try {
    const { x, y } = blobs(16, 3, 4);
    for (let i = 0; i < 2; i++) {
      const model = new Sequential([new Dense(4, { activation: 'softmax', inputShape: [3], seed: 1 })]);
      model.compile({ loss: new losses.CategoricalCrossentropy({ fromLogits: true }) });
      await model.evaluate(x, oneHot(y, 4), { verbose: 0 });
    }
    const linear = new Sequential([new Dense(4, { inputShape: [3], seed: 1 })]);
    linear.compile({ loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true }) });
    await linear.evaluate(x, y, { verbose: 0 });
  } finally {
    process.emitWarning = original;
  }
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(
    warnings[0],
    /CategoricalCrossentropy received fromLogits: true, but the model output is produced by a softmax activation/,
  );
});

function oneHot(labels: Tensor, classes: number): Tensor {
  const out = new Float32Array(labels.size * classes);
  labels.data.forEach((c, i) => (out[i * classes + Number(c)] = 1));
  return new Tensor(out, [labels.size, classes]);
}

test("a custom loss function trains through autograd exactly as the built-in it re-implements ('mse')", async () => {
  const { x, y } = regression(40);
  const weights = new Tensor(
    Float32Array.from({ length: 40 }, (_, i) => 0.5 + (i % 3)),
    [40],
  );
  const handMse = (yTrue: Tensor, yPred: Tensor): Tensor => mean(yPred.sub(yTrue).mul(yPred.sub(yTrue)), -1);
  const run = async (loss: losses.LossId | losses.LossFunction, sampleWeight?: Tensor): Promise<number[]> => {
    const model = new Sequential([new Dense(2, { inputShape: [4], seed: 7 })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.05 }), loss });
    const history = await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, seed: 2, sampleWeight });
    return [...flatWeights(model), ...history.history.loss];
  };
  assertAllClose(await run(handMse), await run('mse'), { rtol: 1e-5, atol: 1e-6 });
  assertAllClose(await run(handMse, weights), await run('mse', weights), { rtol: 1e-5, atol: 1e-6 });
});

test('weighted evaluation: the loss is Σ w·l / n over all samples, metrics unweighted, weightedMetrics weighted', async () => {
  const { x, y } = blobs(10, 3, 3, 9);
  const model = new Sequential([new Dense(3, { activation: 'softmax', inputShape: [3], seed: 4 })]);
  model.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'], weightedMetrics: ['accuracy'] });
  const w = Float32Array.from([0.5, 2, 1, 0, 3, 1, 1, 0.25, 2, 1]);
  const logs = await model.evaluate(x, y, {
    verbose: 0,
    batchSize: 4,
    sampleWeight: new Tensor(w, [10]),
    returnDict: true,
  });
  const p = (await model.predict(x, { verbose: 0 })).data;
  let weightedLoss = 0;
  let hits = 0;
  let weightedHits = 0;
  for (let i = 0; i < 10; i++) {
    const label = Number(y.data[i]);
    const row = Array.from(p.subarray(i * 3, i * 3 + 3));
    weightedLoss += w[i] * -Math.log(row[label]);
    const hit = row.indexOf(Math.max(...row)) === label ? 1 : 0;
    hits += hit;
    weightedHits += w[i] * hit;
  }
  assert.deepEqual(Object.keys(logs), ['loss', 'accuracy', 'weighted_accuracy']);
  assertAllClose(logs.loss, weightedLoss / 10, { rtol: 1e-5 });
  assertAllClose(logs.accuracy, hits / 10, { rtol: 1e-7 });
  assertAllClose(logs.weighted_accuracy, weightedHits / w.reduce((a, b) => a + b), { rtol: 1e-6 });
  assert.deepEqual(model.metricsNames, ['loss', 'accuracy', 'weighted_accuracy']);
});

test('classWeight trains exactly as the sample weights it stands for; unit weights as no weights', async () => {
  const { x, y } = blobs(48, 4, 3, 2);
  const run = async (options: { classWeight?: Record<number, number>; sampleWeight?: Tensor }): Promise<number[]> => {
    const model = new Sequential([new Dense(3, { activation: 'softmax', inputShape: [4], seed: 6 })]);
    model.compile({ optimizer: new SGD({ learningRate: 0.1 }), loss: 'sparse_categorical_crossentropy' });
    await model.fit(x, y, { epochs: 2, batchSize: 10, verbose: 0, seed: 3, ...options });
    return flatWeights(model);
  };
  const byClass = { 0: 2, 2: 0.5 };
  const perSample = new Tensor(
    Float32Array.from(y.data, (c) => (byClass as Record<number, number>)[Number(c)] ?? 1),
    [48],
  );
  assert.deepEqual(await run({ classWeight: byClass }), await run({ sampleWeight: perSample }));
  assertAllClose(await run({ sampleWeight: new Tensor(new Float32Array(48).fill(1), [48]) }), await run({}), {
    rtol: 1e-5,
    atol: 1e-6,
  });
  assert.notDeepEqual(await run({ classWeight: byClass }), await run({}));
});

test('validationSplit: the held-out rows keep their sample weights but not class weights', async () => {
  const { x, y } = blobs(40, 4, 2, 3);
  const fit = async (options: { classWeight?: Record<number, number>; sampleWeight?: Tensor }): Promise<number> => {
    const model = new Sequential([new Dense(2, { activation: 'softmax', inputShape: [4], seed: 6 })]);
    model.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'sparse_categorical_crossentropy' });
    return (await model.fit(x, y, { epochs: 1, verbose: 0, validationSplit: 0.25, ...options })).history.val_loss[0];
  };
  const w = new Tensor(
    Float32Array.from({ length: 40 }, (_, i) => (i < 30 ? 1 : 2)),
    [40],
  );
  const plain = await fit({});
  assert.equal(await fit({ classWeight: { 0: 3, 1: 3 } }), plain);
  assertAllClose(await fit({ sampleWeight: w }), 2 * plain, { rtol: 1e-6 });
});

test('validationData with sample weights gives the weighted val_loss; History names as Keras names them', async () => {
  const { x, y } = regression(30, 1);
  const vw = new Tensor(
    Float32Array.from({ length: 30 }, (_, i) => (i % 2) + 0.5),
    [30],
  );
  const model = new Sequential([new Dense(2, { inputShape: [4], seed: 8 })]);
  model.compile({
    optimizer: new SGD({ learningRate: 0.05 }),
    loss: new losses.Huber({ delta: 0.5 }),
    metrics: ['mse', new metrics.RootMeanSquaredError(), 'mae'],
  });
  const history = await model.fit(x, y, { epochs: 2, batchSize: 7, verbose: 0, seed: 1, validationData: [x, y, vw] });
  assert.deepEqual(Object.keys(history.history), [
    'loss',
    'mse',
    'root_mean_squared_error',
    'mae',
    'val_loss',
    'val_mse',
    'val_root_mean_squared_error',
    'val_mae',
  ]);
  const evaluated = await model.evaluate(x, y, { verbose: 0, batchSize: 7, sampleWeight: vw, returnDict: true });
  assertAllClose(history.history.val_loss[1], evaluated.loss, { rtol: 1e-6 });
  // Two outputs per sample: RMSE² is the mean of every squared error, as the per-sample mse metric averages them.
  assertAllClose(history.history.root_mean_squared_error[1] ** 2, history.history.mse[1], { rtol: 1e-5 });
});

test('binary classifier metrics in History: auc, precision, recall', async () => {
  const { x, y } = blobs(60, 4, 2, 5);
  const model = new Sequential([new Dense(1, { activation: 'sigmoid', inputShape: [4], seed: 2 })]);
  model.compile({
    optimizer: new SGD({ learningRate: 0.3 }),
    loss: 'binary_crossentropy',
    metrics: ['accuracy', new metrics.AUC({ curve: 'PR' }), 'precision', new metrics.Recall()],
  });
  const history = await model.fit(x, y, { epochs: 3, batchSize: 10, verbose: 0, seed: 4, validationSplit: 0.25 });
  assert.deepEqual(Object.keys(history.history), [
    'loss',
    'accuracy',
    'auc',
    'precision',
    'recall',
    'val_loss',
    'val_accuracy',
    'val_auc',
    'val_precision',
    'val_recall',
  ]);
  assert.ok(history.history.val_auc[2] > 0.9, `${history.history.val_auc}`);
});

test('bad weights and metric setups are refused with the argument named', async () => {
  const { x, y } = blobs(12, 3, 2);
  const model = new Sequential([new Dense(2, { activation: 'softmax', inputShape: [3], seed: 1 })]);
  model.compile({ loss: 'sparse_categorical_crossentropy' });
  await assert.rejects(
    model.fit(x, y, { verbose: 0, sampleWeight: new Tensor(new Float32Array(5), [5]) }),
    /sampleWeight must hold one weight per sample, shape \(12,\)/,
  );
  await assert.rejects(
    model.fit(x, y, { verbose: 0, sampleWeight: new Tensor(new Float32Array(12), [12]), classWeight: { 0: 1 } }),
    /sampleWeight or classWeight, not both/,
  );
  await assert.rejects(
    model.fit(x, y, { verbose: 0, classWeight: { 0: 'a' as never } }),
    /classWeight maps integer class indices/,
  );
  model.compile({ loss: 'sparse_categorical_crossentropy', metrics: [new metrics.F1Score()] });
  await assert.rejects(model.fit(x, y, { verbose: 0 }), /F1Score 'f1_score' with average null/);
  assert.throws(() => model.compile({ loss: 42 as never }), /loss must be a loss id/);
  const ignoring = new Sequential([new Dense(2, { inputShape: [3], seed: 1 })]);
  ignoring.compile({ loss: new losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: 255 }) });
  const labels = new Tensor(
    Float32Array.from(y.data, (v, i) => (i < 3 ? 255 : Number(v))),
    [12],
  );
  const logs = await ignoring.evaluate(x, labels, { verbose: 0, returnDict: true });
  // One batch: the mean over the 9 rows kept (Keras's mask), from the logits.
  const z = (await ignoring.predict(x, { verbose: 0 })).data;
  let kept = 0;
  for (let i = 3; i < 12; i++)
    kept += Math.log(Math.exp(z[2 * i]) + Math.exp(z[2 * i + 1])) - z[2 * i + Number(y.data[i])];
  assertAllClose(logs.loss, kept / 9, { rtol: 1e-5 });
  await assert.rejects(
    ignoring.evaluate(
      x,
      new Tensor(
        Float32Array.from(y.data, (v, i) => (i < 3 ? 7 : Number(v))),
        [12],
      ),
      { verbose: 0 },
    ),
    /label 7 at sample 0/,
  );
});
