import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { blobs } from './fixtures-data.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { NestedModel } from '../../src/models/nested-model.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Softmax } from '../../src/layers/softmax.ts';
import { Adam } from '../../src/optimizers/adam.ts';
import { readKerasH5 } from '../../src/saving/keras-h5.ts';
import { readKerasZip } from '../../src/saving/keras-zip.ts';
import type { Tensor } from '../../src/tensor/tensor.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-nested-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

function logitsModel(): Sequential {
  return new Sequential([new Dense(8, { activation: 'relu', inputShape: [5], seed: 1 }), new Dense(3, { seed: 2 })]);
}

function softmaxRows(t: Tensor): number[] {
  const cols = t.shape[1];
  const out: number[] = [];
  for (let r = 0; r < t.shape[0]; r++) {
    const row = Array.from(t.data.subarray(r * cols, (r + 1) * cols));
    const max = Math.max(...row);
    const e = row.map((v) => Math.exp(v - max));
    const total = e.reduce((a, b) => a + b, 0);
    out.push(...e.map((v) => v / total));
  }
  return out;
}

function assertClose(got: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number, what: string): void {
  assert.equal(got.length, expected.length, what);
  for (let i = 0; i < got.length; i++)
    assert.ok(Math.abs(got[i] - expected[i]) <= tolerance, `${what} ${i}: ${got[i]} vs ${expected[i]}`);
}

test("the probability model Sequential([model, Softmax()]) predicts the softmax of the model's logits", async () => {
  const { x } = blobs(20, 5, 3, 1);
  const model = logitsModel();
  const probabilityModel = new Sequential([model, new Softmax()]);
  assert.ok(probabilityModel.layers[0] instanceof NestedModel);
  assert.equal((probabilityModel.layers[0] as NestedModel).model, model);
  assert.deepEqual(probabilityModel.outputShape, [null, 3]);
  assert.equal(probabilityModel.countParams(), model.countParams());
  const logits = await model.predict(x, { verbose: 0 });
  const probabilities = await probabilityModel.predict(x, { verbose: 0 });
  assertClose(probabilities.data, softmaxRows(logits), 1e-6, 'probability');
});

test("fitting through a nested model trains the inner model's layers, as fitting it alone does", async () => {
  const { x, y } = blobs(64, 5, 3, 2);
  const inner = logitsModel();
  const outer = new Sequential([inner, new Softmax()]);
  outer.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });
  await outer.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 3 });
  // The same network written flat: Dense(relu) → Dense(softmax) takes the same fused steps on the logits.
  const flat = new Sequential([
    new Dense(8, { activation: 'relu', inputShape: [5], seed: 1 }),
    new Dense(3, { activation: 'softmax', seed: 2 }),
  ]);
  flat.compile({ optimizer: new Adam({ learningRate: 0.01 }), loss: 'sparse_categorical_crossentropy' });
  await flat.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 3 });
  assert.deepEqual(
    inner.getWeights().map((w) => Array.from(w.data)),
    flat.getWeights().map((w) => Array.from(w.data)),
  );
  assertClose(
    (await outer.predict(x, { verbose: 0 })).data,
    softmaxRows(await inner.predict(x, { verbose: 0 })),
    1e-6,
    'after fit',
  );
});

test('model.trainable = false freezes a nested model inside the outer one', async () => {
  const { x, y } = blobs(32, 5, 3, 4);
  const base = logitsModel();
  const outer = new Sequential([base, new Dense(3, { activation: 'softmax', seed: 9 })]);
  base.trainable = false;
  assert.ok(base.layers.every((l) => !l.trainable));
  const frozen = base.getWeights().map((w) => Array.from(w.data));
  outer.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  await outer.fit(x, y, { epochs: 1, verbose: 0, seed: 1 });
  assert.deepEqual(
    base.getWeights().map((w) => Array.from(w.data)),
    frozen,
  );
  assert.match(outer.summaryText(), /Trainable params: 12\n/);
});

test('summary shows the nested model as one row with its parameters, as Keras does', () => {
  const model = logitsModel();
  const outer = new Sequential([model, new Softmax()], { name: 'probability_model' });
  const text = outer.summaryText();
  assert.match(text, new RegExp(` ${model.name} \\(Sequential\\)\\s+\\(None, 3\\)\\s+75 `));
  assert.match(text, /softmax\S* \(Softmax\)\s+\(None, 3\)\s+0 /);
  assert.match(text, /Total params: 75\n/);
  model.layers[1].trainable = false;
  assert.match(outer.summaryText(), /Trainable params: 48\nNon-trainable params: 27\n/);
});

for (const extension of ['.keras', '.h5']) {
  test(`a nested model saved as ${extension} loads with its nesting and predicts the same`, async () => {
    const { x, y } = blobs(16, 5, 3, 5);
    const outer = new Sequential([logitsModel(), new Softmax()]);
    outer.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    await outer.fit(x, y, { epochs: 1, verbose: 0, seed: 2 });
    const file = join(folder, `nested${extension}`);
    await outer.save(file);
    const loaded = await loadModel(file);
    assert.deepEqual(
      loaded.layers.map((l) => l.className),
      ['Sequential', 'Softmax'],
    );
    assert.deepEqual(
      (loaded.layers[0] as NestedModel).layers.map((l) => l.className),
      ['Dense', 'Dense'],
    );
    assert.deepEqual((await loaded.predict(x, { verbose: 0 })).data, (await outer.predict(x, { verbose: 0 })).data);
    assert.equal(loaded.optimizer?.iterations, outer.optimizer?.iterations);
  });
}

test('Keras layouts of a nested model: config nesting and weight paths', async () => {
  const inner = logitsModel();
  const outer = new Sequential([inner, new Softmax()]);
  outer.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  const { x, y } = blobs(8, 5, 3, 6);
  await outer.trainOnBatch(x, y);
  const kerasFile = join(folder, 'layout.keras');
  await outer.save(kerasFile);
  const zip = await readKerasZip(kerasFile);
  const layers = (
    zip.config.config as { layers: { class_name: string; config: { layers?: { class_name: string }[] } }[] }
  ).layers;
  assert.deepEqual(
    layers.map((l) => l.class_name),
    ['InputLayer', 'Sequential', 'Softmax'],
  );
  assert.deepEqual(
    layers[1].config.layers!.map((l) => l.class_name),
    ['InputLayer', 'Dense', 'Dense'],
  );
  const paths = zip.objects
    .filter((o) => o.path !== 'optimizer')
    .map((o) => `${o.path}:${o.vars.length}`)
    .sort();
  assert.deepEqual(paths, [
    ':0',
    'layers/sequential/layers/dense:2',
    'layers/sequential/layers/dense_1:2',
    'layers/sequential:0',
    'layers/softmax:0',
  ]);

  const h5File = join(folder, 'layout.h5');
  await outer.save(h5File);
  const contents = await readKerasH5(h5File);
  assert.deepEqual(
    contents.layers.map((l) => [l.name, l.weights.map((w) => w.name)]),
    [
      [
        inner.name,
        [
          `${inner.layers[0].name}/kernel:0`,
          `${inner.layers[0].name}/bias:0`,
          `${inner.layers[1].name}/kernel:0`,
          `${inner.layers[1].name}/bias:0`,
        ],
      ],
      [outer.layers[1].name, []],
    ],
  );
  // tf.keras names optimizer slots after the variable's own layer, nested or not.
  assert.ok(contents.optimizerWeights!.some((w) => w.name === `Adam/m/${inner.layers[0].name}/kernel:0`));
  const modelConfig = contents.modelConfig!.config as { layers: { class_name: string }[] };
  assert.deepEqual(
    modelConfig.layers.map((l) => l.class_name),
    ['InputLayer', 'Sequential', 'Softmax'],
  );
});
