// EarlyStopping on scripted val_loss sequences, with the results worked out by hand from Keras 3's rules.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EarlyStopping } from '../../src/callbacks/early-stopping.ts';
import { ValueError } from '../../src/errors.ts';
import { ScriptedModel, collector, drive, valLoss } from './scripted-model.ts';

test('stops once val_loss has not improved for `patience` epochs; stoppedEpoch is the 0-based stop epoch', async () => {
  // best 1.0, 0.9 (e1); e2 0.95 wait 1; e3 0.92 wait 2 >= 2 → stop at epoch 3.
  const es = new EarlyStopping({ patience: 2 });
  const model = new ScriptedModel();
  assert.equal(await drive(es, model, valLoss([1.0, 0.9, 0.95, 0.92, 0.91, 0.5])), 4);
  assert.equal(es.stoppedEpoch, 3);
  assert.equal(es.best, 0.9);
  assert.equal(es.bestEpoch, 1);
  assert.equal(model.weightTag, 3, 'without restoreBestWeights the last weights stay');
});

test('patience 0 stops at the first epoch without improvement, but never at epoch 0', async () => {
  const es = new EarlyStopping();
  assert.equal(await drive(es, new ScriptedModel(), valLoss([1.0, 1.0, 0.5])), 2);
  assert.equal(es.stoppedEpoch, 1);
});

test('restoreBestWeights puts back the best epoch weights after an early stop', async () => {
  const es = new EarlyStopping({ patience: 2, restoreBestWeights: true });
  const model = new ScriptedModel();
  await drive(es, model, valLoss([0.8, 0.6, 0.7, 0.65, 0.4]));
  assert.equal(es.stoppedEpoch, 3);
  assert.equal(model.weightTag, 1);
});

test('restoreBestWeights also restores when training runs out of epochs (Keras 3, tf.keras >= 2.16)', async () => {
  const es = new EarlyStopping({ patience: 5, restoreBestWeights: true });
  const model = new ScriptedModel();
  assert.equal(await drive(es, model, valLoss([0.8, 0.5, 0.7, 0.6])), 4);
  assert.equal(es.stoppedEpoch, 0);
  assert.equal(model.weightTag, 1);
});

test('minDelta: a change smaller than |minDelta| is not an improvement', async () => {
  // 0.95 is not below 1.0 - 0.1, so epoch 1 does not improve and patience 1 stops there.
  const es = new EarlyStopping({ patience: 1, minDelta: -0.1 });
  assert.equal(await drive(es, new ScriptedModel(), valLoss([1.0, 0.95, 0.85, 0.8])), 2);
  assert.equal(es.stoppedEpoch, 1);
  assert.equal(es.best, 1.0);
});

test('baseline: improvements that do not beat the baseline do not reset the patience count', async () => {
  // wait goes 1, 2, 3 through three improvements above 0.5; epoch 3 does not improve → wait 4 >= 2 → stop.
  const es = new EarlyStopping({ patience: 2, baseline: 0.5 });
  assert.equal(await drive(es, new ScriptedModel(), valLoss([0.9, 0.8, 0.7, 0.75, 0.1])), 4);
  assert.equal(es.stoppedEpoch, 3);
  assert.equal(es.wait, 4);
  // Beating the baseline resets it.
  const beaten = new EarlyStopping({ patience: 2, baseline: 0.5 });
  await drive(beaten, new ScriptedModel(), valLoss([0.9, 0.4, 0.45]));
  assert.equal(beaten.stoppedEpoch, 0);
  assert.equal(beaten.wait, 1);
});

test('startFromEpoch ignores the warm-up epochs', async () => {
  const es = new EarlyStopping({ patience: 1, startFromEpoch: 2, restoreBestWeights: true });
  const model = new ScriptedModel();
  // Epochs 0 and 1 (0.1, 0.2) are not watched; 0.5 at epoch 2 is the first best; 0.6 at 3 stops.
  await drive(es, model, valLoss([0.1, 0.2, 0.5, 0.6, 0.05]));
  assert.equal(es.stoppedEpoch, 3);
  assert.equal(es.bestEpoch, 2);
  assert.equal(model.weightTag, 2);
});

test("mode 'auto' maximises accuracy and an unknown metric needs an explicit mode", async () => {
  const es = new EarlyStopping({ monitor: 'val_accuracy', patience: 1 });
  await drive(
    es,
    new ScriptedModel(),
    [0.5, 0.7, 0.65, 0.9].map((a) => ({ val_accuracy: a })),
  );
  assert.equal(es.stoppedEpoch, 2);
  assert.equal(es.best, 0.7);
  const unknown = new EarlyStopping({ monitor: 'val_wobble' });
  await assert.rejects(
    drive(unknown, new ScriptedModel(), [{ val_wobble: 1 }]),
    (e: Error) => e instanceof ValueError && /mode: 'min'/.test(e.message),
  );
  const max = new EarlyStopping({ monitor: 'val_wobble', mode: 'max', patience: 0 });
  await drive(max, new ScriptedModel(), [{ val_wobble: 1 }, { val_wobble: 0.5 }]);
  assert.equal(max.stoppedEpoch, 1);
});

test('verbose messages are the ones Keras prints', async () => {
  const stream = collector();
  const es = new EarlyStopping({ patience: 1, restoreBestWeights: true, verbose: 1, stream });
  await drive(es, new ScriptedModel(), valLoss([0.5, 0.4, 0.6]));
  assert.equal(stream.text, 'Epoch 3: early stopping\nRestoring model weights from the end of the best epoch: 2.\n');
});

test('a missing monitor only warns; bad options are refused', async () => {
  const es = new EarlyStopping({ monitor: 'val_loss' });
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.message);
  process.on('warning', onWarning);
  await drive(es, new ScriptedModel(), [{ loss: 1 }, { loss: 0.5 }]);
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', onWarning);
  assert.equal(es.stoppedEpoch, 0);
  assert.ok(warnings.some((w) => /val_loss/.test(w) && /Available metrics are: loss/.test(w)));
  assert.throws(() => new EarlyStopping({ patience: -1 }), ValueError);
  assert.throws(() => new EarlyStopping({ mode: 'upwards' as 'min' }), ValueError);
});
