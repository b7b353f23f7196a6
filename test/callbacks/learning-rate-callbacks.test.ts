// ReduceLROnPlateau and LearningRateScheduler, driven epoch by epoch; expected rates worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LearningRateScheduler } from '../../src/callbacks/learning-rate-scheduler.ts';
import { ReduceLROnPlateau } from '../../src/callbacks/reduce-lr-on-plateau.ts';
import { ValueError } from '../../src/errors.ts';
import type { Logs } from '../../src/callbacks/callback.ts';
import type { Sequential } from '../../src/models/sequential.ts';
import { randomData, smallMlp } from '../saving/models-for-tests.ts';
import { ScriptedModel, collector, valLoss } from './scripted-model.ts';

async function epochs(
  callback: ReduceLROnPlateau | LearningRateScheduler,
  model: ScriptedModel,
  logs: Logs[],
): Promise<Logs[]> {
  callback.setModel(model as unknown as Sequential);
  callback.onTrainBegin({});
  const seen: Logs[] = [];
  for (let epoch = 0; epoch < logs.length; epoch++) {
    callback.onEpochBegin(epoch, {});
    const epochLogs = { ...logs[epoch] };
    callback.onEpochEnd(epoch, epochLogs);
    seen.push(epochLogs);
  }
  return seen;
}

test('ReduceLROnPlateau: patience, factor and cooldown on a flat val_loss', async () => {
  const model = new ScriptedModel();
  const stream = collector();
  const cb = new ReduceLROnPlateau({ factor: 0.5, patience: 2, cooldown: 1, verbose: 1, stream });
  const logs = await epochs(cb, model, valLoss([1, 1, 1, 1, 1, 1]));
  // e0 best; e1 wait 1; e2 wait 2 → 0.05; e3 cooldown ends, wait 1; e4 wait 2 → 0.025; e5 wait 1.
  assert.deepEqual(
    logs.map((l) => l.learning_rate),
    [0.1, 0.1, 0.1, 0.05, 0.05, 0.025],
  );
  assert.equal(model.optimizer.learningRate, 0.025);
  assert.equal(
    stream.text,
    '\nEpoch 3: ReduceLROnPlateau reducing learning rate to 0.05.\n\nEpoch 5: ReduceLROnPlateau reducing learning rate to 0.025.\n',
  );
});

test('ReduceLROnPlateau: improvements larger than minDelta reset the wait; minLr is a floor', async () => {
  const model = new ScriptedModel();
  const cb = new ReduceLROnPlateau({ factor: 0.1, patience: 1, minDelta: 0.01, minLr: 0.005 });
  // 0.995 is within minDelta of 1.0 (no improvement) → reduce to 0.01; 0.5 improves; 0.499 does not → 0.005 (floor).
  await epochs(cb, model, valLoss([1.0, 0.995, 0.5, 0.499]));
  assert.equal(model.optimizer.learningRate, 0.005);
  assert.equal(cb.best, 0.5);
});

test("ReduceLROnPlateau: 'acc' in the monitor name maximises; factor >= 1 is refused", async () => {
  const model = new ScriptedModel();
  const cb = new ReduceLROnPlateau({ monitor: 'val_accuracy', patience: 1, factor: 0.5 });
  await epochs(
    cb,
    model,
    [0.5, 0.6, 0.55].map((a) => ({ val_accuracy: a })),
  );
  assert.equal(model.optimizer.learningRate, 0.05);
  assert.throws(
    () => new ReduceLROnPlateau({ factor: 1 }),
    (e: Error) => e instanceof ValueError && /factor >= 1.0/.test(e.message),
  );
});

test('LearningRateScheduler sets the rate from (epoch, current rate) before each epoch and logs it', async () => {
  const model = new ScriptedModel();
  const stream = collector();
  const cb = new LearningRateScheduler((epoch, lr) => (epoch < 2 ? lr : lr * 0.5), 1, stream);
  const logs = await epochs(cb, model, valLoss([1, 1, 1, 1]));
  assert.deepEqual(
    logs.map((l) => l.learning_rate),
    [0.1, 0.1, 0.05, 0.025],
  );
  assert.match(stream.text, /^\nEpoch 1: LearningRateScheduler setting learning rate to 0.1.\n/);
  const bad = new LearningRateScheduler(() => Number.NaN);
  await assert.rejects(
    epochs(bad, new ScriptedModel(), valLoss([1])),
    (e: Error) => e instanceof ValueError && /should be a finite number/.test(e.message),
  );
});

test('both need a compiled model', async () => {
  const uncompiled = { ...new ScriptedModel(), optimizer: null };
  const cb = new LearningRateScheduler((_e, lr) => lr);
  cb.setModel(uncompiled as unknown as Sequential);
  assert.throws(() => cb.onEpochBegin(0), /compile/);
});

test('in a real fit the optimizer follows the schedule and History records learning_rate', async () => {
  const { x, y } = randomData(16, [12], 3, 4);
  const model = smallMlp(6);
  model.compile({
    optimizer: { className: 'SGD', config: { learningRate: 0.4 } },
    loss: 'sparse_categorical_crossentropy',
  });
  const scheduler = new LearningRateScheduler((epoch) => 0.4 / (epoch + 1));
  const history = await model.fit(x, y, { epochs: 3, batchSize: 8, verbose: 0, callbacks: [scheduler] });
  assert.deepEqual(history.history.learning_rate, [0.4, 0.2, 0.4 / 3]);
  assert.equal(model.optimizer?.learningRate, 0.4 / 3);
});
