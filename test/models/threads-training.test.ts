// Training with the kernels split over a helper thread gives exactly the weights of training on one thread:
// a 784-100-10 Adam model, whose first-layer products and parameter update are big enough to be split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { getNumThreads, setNumThreads } from '../../src/backend/threads.ts';
import { Generator } from '../../src/random/generator.ts';

const ROWS = 256;

function trainingData(): { x: Tensor; y: Tensor } {
  const gen = new Generator(3);
  const x = new Float32Array(ROWS * 784);
  for (let i = 0; i < x.length; i++) x[i] = gen.uniform();
  const y = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) y[i] = Math.floor(gen.uniform() * 10);
  return { x: new Tensor(x, [ROWS, 784]), y: new Tensor(y, [ROWS]) };
}

async function trainedWeights(threads: number): Promise<Float32Array[]> {
  setNumThreads(threads);
  const model = new Sequential([
    new Dense(100, { activation: 'relu', inputShape: [784], seed: 1 }),
    new Dense(10, { activation: 'softmax', seed: 2 }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const { x, y } = trainingData();
  await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, seed: 5 });
  const predictions = await model.predict(x, { batchSize: 128 });
  return [...model.getWeights().map((w) => Float32Array.from(w.data as Float32Array)), Float32Array.from(predictions.data as Float32Array)];
}

test('fit and predict on two threads give the weights and outputs of one thread, bit for bit', async () => {
  const before = getNumThreads();
  try {
    const one = await trainedWeights(1);
    const two = await trainedWeights(2);
    assert.equal(two.length, one.length);
    two.forEach((values, i) => {
      const same = Buffer.from(values.buffer).equals(Buffer.from(one[i].buffer));
      assert.ok(same, `array ${i} (${values.length} values) differs between one and two threads`);
    });
  } finally {
    setNumThreads(before);
  }
});
