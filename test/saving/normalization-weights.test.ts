// Normalization's adapted statistics as Keras 3 keeps them: non-trainable weights mean, variance and count
// (int64 in files), saved, loaded and counted by summary as Keras does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.ts';
import { readKerasH5 } from '../../src/saving/keras-h5.ts';
import { readKerasZip } from '../../src/saving/keras-zip.ts';

const FIXTURES = new URL('../fixtures/saving/normalization/', import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), 'nabla-normalization-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

const reference = JSON.parse(readFileSync(join(FIXTURES, 'normalization.json'), 'utf8')) as {
  x: number[][];
  y: number[][];
  mean: number[];
  variance: number[];
  count: number;
};

const output = async (model: nb.Sequential, x: nb.Tensor | number[][]): Promise<Float32Array> =>
  ((await model.predict(x, { verbose: 0 })) as nb.Tensor).data as Float32Array;

for (const file of ['keras3-normalization.keras', 'tfkeras-normalization.h5']) {
  test(`${file}: Normalization weights written as Keras writes them load and normalize with those statistics`, async () => {
    const model = await nb.loadModel(join(FIXTURES, file));
    const norm = model.layers[0] as nb.layers.Normalization;
    assert.equal(norm.className, 'Normalization');
    const [mean, variance, count] = norm.getWeights();
    assert.deepEqual([...mean.data], [...Float32Array.from(reference.mean)]);
    assert.deepEqual([...variance.data], [...Float32Array.from(reference.variance)]);
    assert.deepEqual([count.shape, [...count.data]], [[], [reference.count]]);
    const y = await output(model, reference.x);
    const expected = reference.y.flat();
    for (let i = 0; i < expected.length; i++)
      assert.ok(Math.abs(y[i] - expected[i]) < 1e-4, `output ${i}: ${y[i]} vs ${expected[i]}`);
  });
}

function adaptedModel(): { model: nb.Sequential; data: nb.Tensor } {
  const g = new nb.random.Generator(5);
  const data = new nb.Tensor(
    Float32Array.from({ length: 40 * 3 }, (_, i) => g.normal() * (1 + (i % 3)) + 10 * (i % 3)),
    [40, 3],
  );
  const norm = new nb.layers.Normalization({ inputShape: [3] });
  norm.adapt(data);
  return { model: new nb.Sequential([norm, new nb.layers.Dense(2, { seed: 2 })]), data };
}

for (const extension of ['.keras', '.h5']) {
  test(`adapt → save ${extension} → load gives identical weights and outputs; count is stored as int64`, async () => {
    const { model, data } = adaptedModel();
    const path = join(folder, `adapted${extension}`);
    await model.save(path);
    const loaded = await nb.loadModel(path);
    assert.deepEqual(
      loaded.getWeights().map((w) => [w.shape, [...w.data]]),
      model.getWeights().map((w) => [w.shape, [...w.data]]),
    );
    assert.deepEqual(await output(loaded, data), await output(model, data));
    const stored =
      extension === '.keras'
        ? (await readKerasZip(path)).objects.find((o) => o.path === 'layers/normalization')!.vars
        : (await readKerasH5(path)).layers.find((l) => l.name === model.layers[0].name)!.weights;
    assert.deepEqual(
      stored.map((r) => [r.shape, r.data.constructor.name]),
      [
        [[3], 'Float32Array'],
        [[3], 'Float32Array'],
        [[], 'BigInt64Array'],
      ],
    );
    if (extension === '.h5')
      assert.deepEqual(
        stored.map((r) => r.name),
        ['mean', 'variance', 'count'].map((w) => `${model.layers[0].name}/${w}:0`),
      );
  });
}

test("summary counts an adapted Normalization's statistics as Non-trainable params: 2·features + 1", () => {
  const { model } = adaptedModel();
  // mean (3) + variance (3) + count (1) = 7 non-trainable; Dense(3 → 2) = 8 trainable.
  assert.match(model.summaryText(), /Total params: 15\nTrainable params: 8\nNon-trainable params: 7\n/);
  const global = new nb.Sequential([new nb.layers.Normalization({ axis: null, inputShape: [4] })]);
  assert.match(global.summaryText(), /Total params: 3\nTrainable params: 0\nNon-trainable params: 3\n/);
  // Statistics given to the constructor are constants: no weights, as in Keras.
  const given = new nb.Sequential([new nb.layers.Normalization({ mean: [1, 2], variance: [1, 1], inputShape: [2] })]);
  assert.match(given.summaryText(), /Total params: 0\n/);
});

test('fit leaves the adapted statistics as they are', async () => {
  const { model, data } = adaptedModel();
  const before = model.layers[0].getWeights().map((w) => [...w.data]);
  model.compile({ optimizer: 'adam', loss: 'mse' });
  await model.fit(data, new nb.Tensor(new Float32Array(80), [40, 2]), { epochs: 2, verbose: 0, seed: 1 });
  assert.deepEqual(
    model.layers[0].getWeights().map((w) => [...w.data]),
    before,
  );
});
