// Convolution and pooling layers inside a Sequential model: training, and the .keras / .h5 round trip.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Conv2D } from '../../src/layers/convolutional/conv2d.ts';
import { MaxPooling2D } from '../../src/layers/pooling/max-pooling2d.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/** 8×8 images with one bright 2×2 square: label 0 when it is in the left half, 1 in the right half. */
function squares(count: number, seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const x = new Float32Array(count * 64);
  const y = new Int32Array(count);
  for (let n = 0; n < count; n++) {
    for (let i = 0; i < 64; i++) x[n * 64 + i] = 0.1 * g.normal();
    const row = Math.floor(g.uniform() * 7);
    const col = Math.floor(g.uniform() * 7);
    y[n] = col + 1 > 4 ? 1 : 0;
    for (const [dr, dc] of [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ])
      x[n * 64 + (row + dr) * 8 + col + dc] += 1;
  }
  return { x: new Tensor(x, [count, 8, 8, 1]), y: new Tensor(y, [count]) };
}

function cnn(): Sequential {
  return new Sequential([
    new Conv2D(4, 3, { activation: 'relu', padding: 'same', inputShape: [8, 8, 1], seed: 1 }),
    new MaxPooling2D(2),
    new Flatten(),
    new Dense(2, { activation: 'softmax', seed: 2 }),
  ]);
}

test('a small CNN learns where a square is', async () => {
  const model = cnn();
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const train = squares(400, 1);
  await model.fit(train.x, train.y, { epochs: 8, batchSize: 16, verbose: 0, seed: 3 });
  const test = squares(200, 2);
  const [, accuracy] = await model.evaluate(test.x, test.y, { verbose: 0 });
  assert.ok(accuracy > 0.9, `accuracy ${accuracy}`);
});

test('a CNN saved as .keras and .h5 reloads with the same predictions', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'nabla-cnn-'));
  try {
    const model = cnn();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
    const { x } = squares(5, 4);
    const expected = Array.from((await model.predict(x, { verbose: 0 })).data);
    for (const file of ['cnn.keras', 'cnn.h5']) {
      await model.save(join(dir, file));
      const loaded = await loadModel(join(dir, file));
      assert.deepEqual(
        loaded.layers.map((l) => l.className),
        ['Conv2D', 'MaxPooling2D', 'Flatten', 'Dense'],
      );
      assert.deepEqual(Array.from((await loaded.predict(x, { verbose: 0 })).data), expected, file);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
