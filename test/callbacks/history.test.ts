import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from '../../src/callbacks/history.ts';

test('History appends each epoch log under its key and records epoch indices', () => {
  const history = new History();
  history.onTrainBegin();
  history.onEpochEnd(0, { loss: 0.9, accuracy: 0.5 });
  history.onEpochEnd(1, { loss: 0.7, accuracy: 0.6, val_loss: 0.8 });
  assert.deepEqual(history.epoch, [0, 1]);
  assert.deepEqual(history.history, { loss: [0.9, 0.7], accuracy: [0.5, 0.6], val_loss: [0.8] });
});
