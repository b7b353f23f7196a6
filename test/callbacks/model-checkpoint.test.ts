// ModelCheckpoint on scripted val_loss sequences (paths, best-only decisions, messages), then for real:
// the checkpoint it writes during fit holds the best epoch's model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EarlyStopping } from '../../src/callbacks/early-stopping.ts';
import { LambdaCallback } from '../../src/callbacks/lambda-callback.ts';
import { ModelCheckpoint } from '../../src/callbacks/model-checkpoint.ts';
import { ValueError } from '../../src/errors.ts';
import { loadModel } from '../../src/models/load-model.ts';
import type { Tensor } from '../../src/tensor/tensor.ts';
import { randomData, smallMlp } from '../saving/models-for-tests.ts';
import { ScriptedModel, collector, drive, valLoss } from './scripted-model.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-checkpoint-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

test('saves every epoch to a path formatted from the 1-based epoch and the logs', async () => {
  const model = new ScriptedModel();
  const cb = new ModelCheckpoint('ckpt/weights.{epoch:02d}-{val_loss:.2f}.h5', { saveWeightsOnly: true });
  await drive(cb, model, valLoss([0.456, 0.3, 0.125]));
  assert.deepEqual(model.saves, [
    'weights ckpt/weights.01-0.46.h5',
    'weights ckpt/weights.02-0.30.h5',
    'weights ckpt/weights.03-0.12.h5',
  ]);
});

test('saveBestOnly saves only on improvement, with the messages Keras prints', async () => {
  const model = new ScriptedModel();
  const stream = collector();
  const cb = new ModelCheckpoint('best-model.h5', { saveBestOnly: true, verbose: 1, stream });
  await drive(cb, model, valLoss([0.5, 0.6, 0.4, 0.4]));
  assert.deepEqual(model.saves, ['model best-model.h5', 'model best-model.h5']);
  assert.equal(cb.best, 0.4);
  assert.equal(
    stream.text,
    '\nEpoch 1: val_loss improved from None to 0.50000, saving model to best-model.h5\n' +
      '\nEpoch 2: val_loss did not improve from 0.50000\n' +
      '\nEpoch 3: val_loss improved from 0.50000 to 0.40000, saving model to best-model.h5\n' +
      '\nEpoch 4: val_loss did not improve from 0.40000\n',
  );
});

test("mode 'auto' maximises accuracy; initialValueThreshold must be beaten first", async () => {
  const model = new ScriptedModel();
  const cb = new ModelCheckpoint('m-{epoch}.keras', {
    monitor: 'val_accuracy',
    saveBestOnly: true,
    initialValueThreshold: 0.6,
  });
  await drive(
    cb,
    model,
    [0.5, 0.7, 0.65, 0.8].map((a) => ({ val_accuracy: a })),
  );
  assert.deepEqual(model.saves, ['model m-2.keras', 'model m-4.keras']);
});

test('an integer saveFreq saves every N batches across epochs, with {batch} available', async () => {
  const model = new ScriptedModel();
  const cb = new ModelCheckpoint('b-{epoch}-{batch}.weights.h5', { saveWeightsOnly: true, saveFreq: 3 });
  cb.setModel(model as never);
  for (let epoch = 0; epoch < 2; epoch++) {
    cb.onEpochBegin(epoch);
    for (let batch = 0; batch < 4; batch++) await cb.onTrainBatchEnd(batch, { loss: 1 });
    await cb.onEpochEnd(epoch, { loss: 1 });
  }
  // Batches seen: 3 → save at (epoch 1, batch 3); 6 → (epoch 2, batch 2).
  assert.deepEqual(model.saves, ['weights b-1-3.weights.h5', 'weights b-2-2.weights.h5']);
});

test('file names that do not pick a format, and bad options, are refused', () => {
  assert.throws(
    () => new ModelCheckpoint('model.ckpt'),
    (e: Error) => e instanceof ValueError && /'\.keras' or '\.h5'/.test(e.message),
  );
  assert.throws(() => new ModelCheckpoint('w.keras', { saveWeightsOnly: true }), /'\.weights\.h5' or '\.h5'/);
  assert.throws(() => new ModelCheckpoint('w.h5', { saveFreq: 0 }), ValueError);
});

test('during fit, ModelCheckpoint(saveBestOnly) + EarlyStopping(restoreBestWeights) keep the best epoch', {
  timeout: 120_000,
}, async () => {
  const { x, y } = randomData(48, [12], 3, 5);
  const valid = randomData(24, [12], 3, 6);
  const model = smallMlp(9);
  // A large learning rate makes val_loss go up and down, so "best" is not simply "last".
  model.compile({
    optimizer: { className: 'SGD', config: { learningRate: 0.3, momentum: 0.9 } },
    loss: 'sparse_categorical_crossentropy',
  });
  const path = join(folder, 'best-model.h5');
  const checkpoint = new ModelCheckpoint(path, { saveBestOnly: true });
  const earlyStopping = new EarlyStopping({ patience: 2, restoreBestWeights: true });
  const history: { valLoss: number; weights: Tensor[] }[] = [];
  const recorder = new LambdaCallback({
    onEpochEnd: (_epoch, logs) => void history.push({ valLoss: logs.val_loss, weights: model.getWeights() }),
  });
  await model.fit(x, y, {
    epochs: 20,
    batchSize: 8,
    verbose: 0,
    shuffle: false,
    validationData: [valid.x, valid.y],
    callbacks: [recorder, checkpoint, earlyStopping],
  });

  const losses = history.map((h) => h.valLoss);
  const best = losses.indexOf(Math.min(...losses));
  assert.equal(earlyStopping.bestEpoch, best);
  // This seed gives val_loss 1.49, 1.40, 1.07, 1.53, 1.48: best in the middle, early stop at epoch 4.
  assert.ok(best > 0 && best < history.length - 1, `best epoch ${best} of ${history.length}`);
  assert.equal(earlyStopping.stoppedEpoch, history.length - 1);
  assert.deepEqual(model.getWeights(), history[best].weights, 'EarlyStopping restored the best weights');
  const saved = await loadModel(path);
  assert.deepEqual(saved.getWeights(), history[best].weights, 'the checkpoint holds the best epoch');
  assert.deepEqual(
    readdirSync(folder).filter((n) => n.endsWith('.tmp')),
    [],
  );
});
