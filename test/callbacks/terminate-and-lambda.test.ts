// TerminateOnNaN stops on a NaN/inf batch loss; LambdaCallback calls the functions it was given, and only those.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallbackList } from '../../src/callbacks/callback-list.ts';
import { LambdaCallback } from '../../src/callbacks/lambda-callback.ts';
import { TerminateOnNaN } from '../../src/callbacks/terminate-on-nan.ts';
import { NablaError } from '../../src/errors.ts';
import type { Sequential } from '../../src/models/sequential.ts';
import { randomData, smallMlp } from '../saving/models-for-tests.ts';
import { ScriptedModel, collector } from './scripted-model.ts';

test('TerminateOnNaN stops training at a NaN or infinite loss and says so', () => {
  const model = new ScriptedModel();
  const stream = collector();
  const cb = new TerminateOnNaN({ stream });
  cb.setModel(model as unknown as Sequential);
  cb.onTrainBatchEnd(0, { loss: 0.7 });
  assert.equal(model.stopTraining, false);
  cb.onTrainBatchEnd(1, { loss: Number.POSITIVE_INFINITY });
  assert.equal(model.stopTraining, true);
  assert.equal(stream.text, 'Batch 1: Invalid loss, terminating training\n');
  const raising = new TerminateOnNaN({ raiseError: true });
  raising.setModel(new ScriptedModel() as unknown as Sequential);
  assert.throws(
    () => raising.onTrainBatchEnd(4, { loss: Number.NaN }),
    (e: Error) => e instanceof NablaError && /at batch 4/.test(e.message),
  );
});

test('TerminateOnNaN ends a diverging fit after the first bad batch', async () => {
  const { x, y } = randomData(64, [12], 3, 1);
  const model = smallMlp(2);
  model.compile({
    optimizer: { className: 'SGD', config: { learningRate: 1e30 } },
    loss: 'sparse_categorical_crossentropy',
  });
  let batches = 0;
  const counter = new LambdaCallback({ onTrainBatchEnd: () => void batches++ });
  const history = await model.fit(x, y, {
    epochs: 5,
    batchSize: 4,
    verbose: 0,
    shuffle: false,
    callbacks: [counter, new TerminateOnNaN({ stream: collector() })],
  });
  assert.ok(batches < 16, `stopped after ${batches} batches`);
  assert.equal(history.epoch.length, 1);
});

test('LambdaCallback calls its functions with Keras arguments; alias onBatchEnd is onTrainBatchEnd', async () => {
  const { x, y } = randomData(12, [12], 3, 2);
  const model = smallMlp(3);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const calls: string[] = [];
  const cb = new LambdaCallback({
    onTrainBegin: () => void calls.push('train begin'),
    onEpochBegin: (epoch) => void calls.push(`epoch ${epoch} begin`),
    onBatchEnd: (batch, logs) => void calls.push(`batch ${batch} ${typeof logs.loss}`),
    onEpochEnd: (epoch, logs) => void calls.push(`epoch ${epoch} end ${Object.keys(logs).join(',')}`),
    onTrainEnd: () => void calls.push('train end'),
  });
  await model.fit(x, y, { epochs: 2, batchSize: 6, verbose: 0, callbacks: [cb] });
  assert.deepEqual(calls, [
    'train begin',
    'epoch 0 begin',
    'batch 0 number',
    'batch 1 number',
    'epoch 0 end loss',
    'epoch 1 begin',
    'batch 0 number',
    'batch 1 number',
    'epoch 1 end loss',
    'train end',
  ]);
});

test('a LambdaCallback without batch functions lets fit skip the batch hooks', () => {
  const params = { epochs: 1, steps: 1, verbose: 0 };
  const model = new ScriptedModel() as unknown as Sequential;
  assert.equal(
    new CallbackList([new LambdaCallback({ onEpochEnd: () => {} })], model, params).hasBatchHook('onTrainBatchEnd'),
    false,
  );
  assert.equal(
    new CallbackList([new LambdaCallback({ onBatchEnd: () => {} })], model, params).hasBatchHook('onTrainBatchEnd'),
    true,
  );
});
