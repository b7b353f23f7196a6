import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobs, rowsOf } from './fixtures-data.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Input } from '../../src/layers/input.ts';
import { Callback, type Logs } from '../../src/callbacks/callback.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { RMSprop } from '../../src/optimizers/rmsprop.ts';
import { Adam } from '../../src/optimizers/adam.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

function mlp(features: number, classes: number): Sequential {
  return new Sequential([
    new Dense(16, { activation: 'relu', inputShape: [features], seed: 1 }),
    new Dropout(0.2, { seed: 2 }),
    new Dense(classes, { activation: 'softmax', seed: 3 }),
  ]);
}

test('fit learns separable blobs; History has Keras keys, one value per epoch', async () => {
  const { x, y } = blobs(300, 8, 3);
  const model = mlp(8, 3);
  model.compile({
    optimizer: new Adam({ learningRate: 0.02 }),
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  });
  const history = await model.fit(x, y, { epochs: 4, batchSize: 16, verbose: 0, validationSplit: 0.2, seed: 1 });
  assert.deepEqual(Object.keys(history.history), ['loss', 'accuracy', 'val_loss', 'val_accuracy']);
  assert.deepEqual(history.epoch, [0, 1, 2, 3]);
  assert.ok(history.history.loss[3] < history.history.loss[0]);
  assert.ok(history.history.val_accuracy[3] > 0.95, `val accuracy ${history.history.val_accuracy[3]}`);
  assert.equal(model.history, history);
});

test('evaluate equals an independent computation from predict: mean −log p[y] and argmax accuracy', async () => {
  const { x, y } = blobs(77, 5, 4, 3);
  const model = mlp(5, 4);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: 'acc' });
  await model.fit(x, y, { epochs: 1, verbose: 0, seed: 2 });
  const [loss, acc] = (await model.evaluate(x, y, { batchSize: 10, verbose: 0 })) as number[];
  const probs = await model.predict(x, { verbose: 0 });
  assert.deepEqual(probs.shape, [77, 4]);
  let nll = 0;
  let hits = 0;
  for (let i = 0; i < 77; i++) {
    const row = Array.from(probs.data.slice(i * 4, i * 4 + 4));
    nll -= Math.log(row[y.data[i]]);
    if (row.indexOf(Math.max(...row)) === y.data[i]) hits++;
  }
  assertAllClose(loss, nll / 77, { rtol: 1e-5 });
  assert.equal(acc, hits / 77);
  assert.deepEqual(model.metricsNames, ['loss', 'acc']);
  const dict = await model.evaluate(x, y, { batchSize: 10, verbose: 0, returnDict: true });
  assert.deepEqual(dict, { loss, acc });
  // Without metrics evaluate returns a single number.
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  assert.equal(typeof (await model.evaluate(x, y, { verbose: 0 })), 'number');
});

class Recorder extends Callback {
  events: string[] = [];
  batchLogs: Logs[] = [];
  override onTrainBegin(): void {
    this.events.push('trainBegin');
  }
  override onTrainEnd(): void {
    this.events.push('trainEnd');
  }
  override onEpochBegin(e: number): void {
    this.events.push(`epochBegin ${e}`);
  }
  override onEpochEnd(e: number, logs: Logs): void {
    this.events.push(`epochEnd ${e} ${Object.keys(logs).join(',')}`);
  }
  override onTrainBatchBegin(b: number): void {
    this.events.push(`batchBegin ${b}`);
  }
  override async onTrainBatchEnd(b: number, logs: Logs): Promise<void> {
    await new Promise((r) => setTimeout(r, 1));
    this.events.push(`batchEnd ${b}`);
    this.batchLogs.push({ ...logs });
  }
  override onTestBegin(): void {
    this.events.push('testBegin');
  }
  override onTestEnd(): void {
    this.events.push('testEnd');
  }
}

test('callback hooks run in Keras order, async hooks are awaited, params are set', async () => {
  const { x, y } = blobs(10, 3, 2);
  const model = mlp(3, 2);
  model.compile({ loss: 'sparse_categorical_crossentropy' });
  const recorder = new Recorder();
  await model.fit(x, y, { epochs: 2, batchSize: 6, verbose: 0, callbacks: [recorder], validationData: [x, y] });
  assert.deepEqual(recorder.events, [
    'trainBegin',
    'epochBegin 0',
    'batchBegin 0',
    'batchEnd 0',
    'batchBegin 1',
    'batchEnd 1',
    'testBegin',
    'testEnd',
    'epochEnd 0 loss,val_loss',
    'epochBegin 1',
    'batchBegin 0',
    'batchEnd 0',
    'batchBegin 1',
    'batchEnd 1',
    'testBegin',
    'testEnd',
    'epochEnd 1 loss,val_loss',
    'trainEnd',
  ]);
  assert.deepEqual(recorder.params, { epochs: 2, steps: 2, verbose: 0 });
  assert.equal(recorder.model, model);
  assert.ok(model.optimizer instanceof RMSprop, 'compile without an optimizer uses rmsprop');
});

test('batch logs are running means; the epoch loss is the sample-weighted mean of the batch losses', async () => {
  const { x, y } = blobs(10, 3, 2, 4);
  const model = new Sequential([new Dense(2, { activation: 'softmax', inputShape: [3], seed: 5 })]);
  // Learning rate 0: the weights stay fixed, so each batch's loss can be recomputed independently.
  model.compile({
    optimizer: new SGD({ learningRate: 0 }),
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  });
  const recorder = new Recorder();
  const history = await model.fit(x, y, { epochs: 1, batchSize: 4, shuffle: false, verbose: 0, callbacks: [recorder] });
  const batchLoss = await Promise.all(
    [
      [0, 4],
      [4, 8],
      [8, 10],
    ].map(async ([a, b]) => (await model.testOnBatch(rowsOf(x, a, b), rowsOf(y, a, b))) as number[]),
  );
  const sizes = [4, 4, 2];
  let seen = 0;
  let lossTotal = 0;
  let accTotal = 0;
  batchLoss.forEach(([l, a], i) => {
    seen += sizes[i];
    lossTotal += l * sizes[i];
    accTotal += a * sizes[i];
    assertAllClose(recorder.batchLogs[i].loss, lossTotal / seen, { rtol: 1e-6 });
    assertAllClose(recorder.batchLogs[i].accuracy, accTotal / seen, { rtol: 1e-6 });
  });
  assertAllClose(history.history.loss[0], lossTotal / 10, { rtol: 1e-6 });
});

test('stopTraining set in a batch hook ends fit after that batch and epoch', async () => {
  const { x, y } = blobs(40, 3, 2);
  const model = mlp(3, 2);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  class Stopper extends Callback {
    batches = 0;
    override onTrainBatchEnd(batch: number): void {
      this.batches++;
      if (batch === 1) this.model!.stopTraining = true;
    }
  }
  const stopper = new Stopper();
  const history = await model.fit(x, y, { epochs: 5, batchSize: 8, verbose: 0, callbacks: [stopper] });
  assert.equal(stopper.batches, 2);
  assert.deepEqual(history.epoch, [0]);
});

test('the same seed gives the same training; another seed a different one; initialEpoch counts on', async () => {
  const { x, y } = blobs(64, 4, 2);
  const run = async (seed: number): Promise<number[]> => {
    const model = mlp(4, 2);
    model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
    return (await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, seed })).history.loss;
  };
  assert.deepEqual(await run(1), await run(1));
  assert.notDeepEqual(await run(1), await run(2));
  const model = mlp(4, 2);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  assert.deepEqual((await model.fit(x, y, { epochs: 5, initialEpoch: 3, verbose: 0 })).epoch, [3, 4]);
});

test('validationSplit validates on the last rows, taken before shuffling', async () => {
  const { x, y } = blobs(50, 4, 2, 9);
  const model = mlp(4, 2);
  model.compile({
    optimizer: new SGD({ learningRate: 0 }),
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  });
  const history = await model.fit(x, y, { epochs: 1, validationSplit: 0.3, verbose: 0, seed: 3 });
  const [loss, acc] = (await model.evaluate(rowsOf(x, 35, 50), rowsOf(y, 35, 50), { verbose: 0 })) as number[];
  assertAllClose(history.history.val_loss[0], loss, { rtol: 1e-6 });
  assert.equal(history.history.val_accuracy[0], acc);
});

test('one-hot targets, binary outputs and nested arrays; accuracy resolves as Keras does', async () => {
  const model = new Sequential([new Dense(3, { activation: 'softmax', inputShape: [2] })]);
  model.compile({ optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] });
  const x = [
    [0, 1],
    [1, 0],
    [1, 1],
    [0, 0],
  ];
  const y = [
    [0, 1, 0],
    [1, 0, 0],
    [0, 0, 1],
    [0, 1, 0],
  ];
  const logs = (await model.evaluate(x, y, { verbose: 0 })) as number[];
  const p = await model.predict(x, { verbose: 0 });
  const expectedAcc =
    y.filter((row, i) => {
      const pr = Array.from(p.data.slice(i * 3, i * 3 + 3));
      return row.indexOf(1) === pr.indexOf(Math.max(...pr));
    }).length / 4;
  assert.equal(logs[1], expectedAcc);
  const binary = new Sequential([new Dense(1, { activation: 'sigmoid', inputShape: [2], seed: 4 })]);
  binary.compile({ optimizer: 'sgd', loss: 'binary_crossentropy', metrics: ['accuracy'] });
  const probs = await binary.predict(x, { verbose: 0 });
  const targets = [1, 0, 1, 0];
  const acc = targets.filter((t, i) => (probs.data[i] > 0.5 ? 1 : 0) === t).length / 4;
  assert.equal(((await binary.evaluate(x, targets, { verbose: 0 })) as number[])[1], acc);
});

test('Flatten + uint8 input, Input as first entry, add(), getWeights/setWeights round trip', async () => {
  const model = new Sequential();
  model.add(Input({ shape: [2, 2] }));
  model.add(new Flatten());
  model.add(new Dense(3, { activation: 'softmax' }));
  assert.deepEqual(model.outputShape, [null, 3]);
  assert.equal(model.layers.length, 2);
  const x = new Tensor(Uint8Array.from([0, 255, 3, 4, 9, 8, 7, 6]), [2, 2, 2]);
  const before = await model.predict(x, { verbose: 0 });
  const copy = new Sequential([new Flatten({ inputShape: [2, 2] }), new Dense(3, { activation: 'softmax' })]);
  copy.setWeights(model.getWeights());
  assert.deepEqual(Array.from((await copy.predict(x, { verbose: 0 })).data), Array.from(before.data));
  const single = new Sequential(new Dense(2, { inputShape: [4] }));
  assert.equal(single.layers.length, 1);
});

test('optimizer state restores exactly: training resumes as if never interrupted', async () => {
  const { x, y } = blobs(32, 4, 2, 5);
  const make = (): Sequential => {
    const m = new Sequential([
      new Dense(6, { activation: 'tanh', inputShape: [4], seed: 1 }),
      new Dense(2, { activation: 'softmax', seed: 2 }),
    ]);
    m.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });
    return m;
  };
  const a = make();
  for (let i = 0; i < 3; i++) await a.trainOnBatch(x, y);
  const weights = a.getWeights();
  const state = a.optimizer!.getWeights();
  assert.equal(state.length, 2 + 2 * 4, 'iterations, learning_rate, m and v per variable');
  assert.deepEqual(a.optimizer!.getWeightNames().slice(0, 4), [
    'iteration',
    'learning_rate',
    `${a.layers[0].name}/kernel/momentum`,
    `${a.layers[0].name}/kernel/velocity`,
  ]);
  const b = make();
  b.setWeights(weights);
  b.optimizer!.setWeights(state);
  for (let i = 0; i < 2; i++) {
    await a.trainOnBatch(x, y);
    await b.trainOnBatch(x, y);
  }
  assert.equal(b.optimizer!.iterations, 5);
  a.getWeights().forEach((w, i) => assert.deepEqual(Array.from(b.getWeights()[i].data), Array.from(w.data)));
});

test('a frozen layer keeps its weights; the summary counts it as non-trainable', async () => {
  const { x, y } = blobs(32, 4, 2, 6);
  const model = new Sequential([
    new Dense(5, { activation: 'relu', inputShape: [4], seed: 1 }),
    new Dense(2, { activation: 'softmax', seed: 2 }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  await model.trainOnBatch(x, y);
  model.layers[0].trainable = false;
  const frozen = model.layers[0].getWeights().map((w) => Array.from(w.data));
  const head = model.layers[1].getWeights().map((w) => Array.from(w.data));
  await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
  model.layers[0].getWeights().forEach((w, i) => assert.deepEqual(Array.from(w.data), frozen[i]));
  assert.notDeepEqual(Array.from(model.layers[1].getWeights()[0].data), head[0]);
  assert.match(model.summaryText(), /Non-trainable params: 25/);
});

test('getLayer by name or index, pop keeps the remaining weights, summary of an unbuilt model explains', () => {
  const model = new Sequential([new Dense(3, { inputShape: [2], name: 'first' }), new Dense(2)]);
  assert.equal(model.getLayer('first'), model.getLayer(0));
  assert.throws(() => model.getLayer('nope'), /no layer "nope": its layers are 'first', /);
  const kernel = Array.from(model.getLayer(0).getWeights()[0].data);
  model.pop();
  assert.equal(model.layers.length, 1);
  assert.deepEqual(model.outputShape, [null, 3]);
  assert.deepEqual(Array.from(model.getWeights()[0].data), kernel);
  assert.throws(() => new Sequential([new Dense(2)]).summaryText(), /has not been built yet/);
});

test('many different batch sizes through trainOnBatch keep giving correct results', async () => {
  const { x, y } = blobs(40, 3, 2, 8);
  const model = new Sequential([new Dense(2, { activation: 'softmax', inputShape: [3], seed: 1 })]);
  model.compile({ optimizer: new SGD({ learningRate: 0 }), loss: 'sparse_categorical_crossentropy' });
  const full = (await model.testOnBatch(x, y)) as number;
  let weighted = 0;
  for (let size = 1, start = 0; start < 40; start += size, size++) {
    const end = Math.min(40, start + size);
    weighted += ((await model.trainOnBatch(rowsOf(x, start, end), rowsOf(y, start, end))) as number) * (end - start);
  }
  assertAllClose(weighted / 40, full, { rtol: 1e-6 });
});
