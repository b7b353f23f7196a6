import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobs } from './fixtures-data.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Adam } from '../../src/optimizers/adam.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

const FEATURES = 6;

function trunk(): Dense {
  return new Dense(8, { activation: 'relu', inputShape: [FEATURES], seed: 11 });
}

function head(units: number, seed: number): Dense {
  return new Dense(units, { activation: 'softmax', seed });
}

/** relu(x·W + b) for a Dense with relu, from its weights (float64). */
function denseRelu(x: Tensor, layer: Dense): number[][] {
  const [w, b] = layer.getWeights();
  const [rows, inDim] = x.shape;
  const units = b.shape[0];
  return Array.from({ length: rows }, (_, r) =>
    Array.from({ length: units }, (_, u) => {
      let z = b.data[u];
      for (let i = 0; i < inDim; i++) z += x.data[r * inDim + i] * w.data[i * units + u];
      return Math.max(0, z);
    }),
  );
}

/** softmax(h·W + b) from a softmax Dense's weights (float64). */
function denseSoftmax(h: number[][], layer: Dense): number[] {
  const [w, b] = layer.getWeights();
  const units = b.shape[0];
  return h.flatMap((row) => {
    const z = Array.from({ length: units }, (_, u) =>
      row.reduce((s, v, i) => s + v * w.data[i * units + u], b.data[u]),
    );
    const max = Math.max(...z);
    const e = z.map((v) => Math.exp(v - max));
    const total = e.reduce((a, c) => a + c, 0);
    return e.map((v) => v / total);
  });
}

async function trainA(model: Sequential, x: Tensor, y: Tensor): Promise<void> {
  model.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });
  await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 5 });
}

test('a layer shared by two models: both read the weights that fitting one of them trained', async () => {
  const { x, y } = blobs(120, FEATURES, 3, 7);
  const shared = trunk();
  const modelA = new Sequential([shared, head(3, 12)]);
  const headB = head(2, 13);
  const modelB = new Sequential([shared, headB]);
  const sharedBefore = shared.getWeights().map((w) => Array.from(w.data));
  await trainA(modelA, x, y);
  assert.notDeepEqual(Array.from(shared.getWeights()[0].data), sharedBefore[0], 'the shared layer trained in model A');

  const expected = denseSoftmax(denseRelu(x, shared), headB);
  const got = await modelB.predict(x, { verbose: 0 });
  got.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-5, `B output ${i}: ${v} vs ${expected[i]}`));

  // Same seeds without a second model: model A ends with exactly the same weights.
  const alone = new Sequential([trunk(), head(3, 12)]);
  await trainA(alone, x, y);
  assert.deepEqual(
    modelA.getWeights().map((w) => Array.from(w.data)),
    alone.getWeights().map((w) => Array.from(w.data)),
  );
});

test("training the second model moves on from the first one's training, and back", async () => {
  const { x, y } = blobs(60, FEATURES, 2, 3);
  const shared = trunk();
  const modelA = new Sequential([shared, head(2, 21)]);
  const modelB = new Sequential([shared, head(2, 22)]);
  await trainA(modelA, x, y);
  const afterA = Array.from(shared.getWeights()[0].data);
  await trainA(modelB, x, y);
  const afterB = Array.from(shared.getWeights()[0].data);
  assert.notDeepEqual(afterB, afterA, 'B trained the shared layer further');
  // A sees B's training: its output is computed from the current weights.
  const [wA] = modelA.getWeights();
  assert.deepEqual(Array.from(wA.data), afterB);
  await modelA.trainOnBatch(x, y);
  assert.notDeepEqual(Array.from(shared.getWeights()[0].data), afterB, "A trains it again from B's values");
});

test('layer.trainable = false freezes a shared layer in every model; unfreezing trains it again', async () => {
  const { x, y } = blobs(60, FEATURES, 2, 4);
  const shared = trunk();
  const modelA = new Sequential([shared, head(2, 31)]);
  const modelB = new Sequential([shared, head(2, 32)]);
  shared.trainable = false;
  const frozen = shared.getWeights().map((w) => Array.from(w.data));
  const headBefore = Array.from(modelB.getLayer(1).getWeights()[0].data);
  await trainA(modelB, x, y);
  await trainA(modelA, x, y);
  assert.deepEqual(
    shared.getWeights().map((w) => Array.from(w.data)),
    frozen,
  );
  assert.notDeepEqual(Array.from(modelB.getLayer(1).getWeights()[0].data), headBefore, 'the head still trains');
  shared.trainable = true;
  await trainA(modelB, x, y);
  assert.notDeepEqual(Array.from(shared.getWeights()[0].data), frozen[0]);
});

test("the transfer pattern: a new model from another's layers plus a new head, frozen, trained, unfrozen", async () => {
  const { x, y } = blobs(80, FEATURES, 3, 9);
  const modelA = new Sequential([trunk(), new Dense(8, { activation: 'relu', seed: 41 }), head(3, 42)]);
  await trainA(modelA, x, y);
  const binary = new Tensor(
    Int32Array.from(y.data, (v) => (v === 0 ? 1 : 0)),
    [y.shape[0]],
  );
  const modelB = new Sequential([...modelA.layers.slice(0, -1), new Dense(2, { activation: 'softmax', seed: 43 })]);
  for (const layer of modelB.layers.slice(0, -1)) layer.trainable = false;
  const reused = modelA.layers.slice(0, -1).map((l) => Array.from(l.getWeights()[0].data));
  await trainA(modelB, x, binary);
  assert.deepEqual(
    modelA.layers.slice(0, -1).map((l) => Array.from(l.getWeights()[0].data)),
    reused,
  );
  for (const layer of modelB.layers) layer.trainable = true;
  await trainA(modelB, x, binary);
  const [loss, accuracy] = await evaluateAccuracy(modelB, x, binary);
  assert.ok(accuracy > 0.9 && loss < 0.5, `transfer model: loss ${loss}, accuracy ${accuracy}`);
  assert.notDeepEqual(
    Array.from(modelA.layers[0].getWeights()[0].data),
    reused[0],
    'unfrozen, the reused layers train',
  );
});

async function evaluateAccuracy(model: Sequential, x: Tensor, y: Tensor): Promise<number[]> {
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return (await model.evaluate(x, y, { verbose: 0 })) as number[];
}
