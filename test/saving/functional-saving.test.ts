import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.ts';

const FIXTURES = new URL('../fixtures/functional/', import.meta.url).pathname;
const PYTHON = '/usr/bin/python3';

function hasH5py(): boolean {
  try {
    execFileSync(PYTHON, ['-c', 'import h5py'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

function uniform(shape: number[], seed: number): nb.Tensor {
  const g = new nb.random.Generator(seed);
  return new nb.Tensor(
    Float32Array.from({ length: shape[0] * shape[1] }, () => g.uniform() * 2 - 1),
    shape,
  );
}

/** Wide & deep with a shared layer: the layer `shared` is called on both branches. */
function buildModel(): nb.Model {
  nb.clearSession();
  const wide = nb.Input({ shape: [5] }),
    deep = nb.Input({ shape: [6] });
  const hidden = new nb.layers.Dense(8, { activation: 'relu', seed: 1 }).apply(deep);
  const shared = new nb.layers.Dense(5, { activation: 'tanh', seed: 2, name: 'shared' });
  const merged = new nb.layers.Add().apply([
    shared.apply(hidden),
    shared.apply(new nb.layers.Dense(8, { seed: 3 }).apply(wide)),
  ]);
  const out = new nb.layers.Dense(1, { seed: 4 }).apply(new nb.layers.Concatenate().apply([wide, merged]));
  return new nb.Model({ inputs: [wide, deep], outputs: out, name: 'wide_deep' });
}

for (const extension of ['.keras', '.h5']) {
  test(`a functional model saved as ${extension} reloads to identical predictions, compiled`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-functional-'));
    try {
      const model = buildModel();
      const x = [uniform([16, 5], 5), uniform([16, 6], 6)];
      model.compile({ optimizer: 'adam', loss: 'mse' });
      await model.fit(x, uniform([16, 1], 7), { epochs: 2, verbose: 0 });
      const path = join(dir, `model${extension}`);
      await model.save(path);
      const loaded = await nb.loadModel<nb.Model>(path);
      assert.ok(loaded instanceof nb.Model);
      assert.deepEqual(
        loaded.layers.map((l) => l.name),
        model.layers.map((l) => l.name),
      );
      assert.equal(loaded.getLayer('shared').inboundNodes.length, 2);
      const expected = (await model.predict(x, { verbose: 0 })) as nb.Tensor;
      const got = (await loaded.predict(x, { verbose: 0 })) as nb.Tensor;
      assert.deepEqual(Array.from(got.data), Array.from(expected.data));
      assert.equal(loaded.optimizer?.className, 'Adam');
      assert.equal(loaded.optimizer?.iterations, model.optimizer?.iterations);
      if (!hasH5py()) return;
      const layout = JSON.parse(
        execFileSync(PYTHON, [join(FIXTURES, 'check_functional_layout.py'), path], { encoding: 'utf8' }),
      );
      assert.equal(layout.class_name, 'Functional');
      assert.deepEqual(
        layout.layers,
        model.layers.map((l) => l.name),
      );
      assert.deepEqual(layout.input_layers, [
        ['input_1', 0, 0],
        ['input_2', 0, 0],
      ]);
      assert.deepEqual(layout.output_layers, [['dense_2', 0, 0]]);
      assert.deepEqual(layout.inbound_nodes.shared, [[['dense', 0, 0]], [['dense_1', 0, 0]]]);
      assert.deepEqual(layout.inbound_nodes.add, [
        [
          ['shared', 0, 0],
          ['shared', 1, 0],
        ],
      ]);
      assert.deepEqual(layout.inbound_nodes.input_1, []);
      if (extension === '.keras')
        assert.deepEqual(layout.weights, [
          'add',
          'concatenate',
          'dense',
          'dense_1',
          'dense_2',
          'dense_3',
          'input_layer',
          'input_layer_1',
        ]);
      else
        assert.deepEqual(
          layout.weights,
          model.layers.map((l) => l.name),
        );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a Functional .h5 in tf.keras 2 layout loads and predicts what numpy computes from its weights', async () => {
  const model = await nb.loadModel<nb.Model>(join(FIXTURES, 'tf2-functional.h5'));
  const reference = JSON.parse(readFileSync(join(FIXTURES, 'tf2-functional.json'), 'utf8')) as Record<
    string,
    number[][]
  >;
  assert.equal(model.name, 'wide_deep');
  assert.deepEqual(model.outputNames, ['main', 'aux']);
  // The file lists the layers in Keras's order, which the rebuilt model reproduces.
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ['input_1', 'input_2', 'dense', 'proj', 'shared', 'concatenate', 'add', 'main', 'aux'],
  );
  const toTensor = (rows: number[][]) => new nb.Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0].length]);
  const [main, aux] = (await model.predict([toTensor(reference.wide), toTensor(reference.deep)], {
    verbose: 0,
  })) as nb.Tensor[];
  reference.main
    .flat()
    .forEach((v, i) => assert.ok(Math.abs(main.data[i] - v) < 1e-5, `main ${i}: ${main.data[i]} vs ${v}`));
  reference.aux
    .flat()
    .forEach((v, i) => assert.ok(Math.abs(aux.data[i] - v) < 1e-5, `aux ${i}: ${aux.data[i]} vs ${v}`));
});

for (const extension of ['.keras', '.h5']) {
  test(`several outputs: losses, loss weights and metrics per output survive a ${extension} round trip`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nabla-functional-'));
    try {
      nb.clearSession();
      const x = nb.Input({ shape: [4] });
      const trunk = new nb.layers.Dense(6, { activation: 'relu', seed: 1 }).apply(x);
      const main = new nb.layers.Dense(1, { name: 'main', seed: 2 }).apply(trunk);
      const aux = new nb.layers.Dense(3, { name: 'aux', activation: 'softmax', seed: 3 }).apply(trunk);
      const model = new nb.Model({ inputs: x, outputs: [main, aux] });
      model.compile({
        optimizer: 'adam',
        loss: { main: 'mse', aux: 'sparse_categorical_crossentropy' },
        lossWeights: { main: 1, aux: 0.3 },
        metrics: { aux: ['accuracy'] },
      });
      const data = uniform([12, 4], 1);
      const y = [
        uniform([12, 1], 2),
        new nb.Tensor(
          Float32Array.from({ length: 12 }, (_, i) => i % 3),
          [12],
        ),
      ];
      await model.fit(data, y, { epochs: 2, verbose: 0 });
      const path = join(dir, `two-outputs${extension}`);
      await model.save(path);
      const loaded = await nb.loadModel<nb.Model>(path);
      assert.deepEqual(loaded.metricsNames, model.metricsNames);
      assert.deepEqual(
        await loaded.evaluate(data, y, { verbose: 0, returnDict: true }),
        await model.evaluate(data, y, { verbose: 0, returnDict: true }),
      );
      assert.equal(loaded.optimizer?.iterations, model.optimizer?.iterations);
      await loaded.fit(data, y, { epochs: 1, verbose: 0, shuffle: false });
      await model.fit(data, y, { epochs: 1, verbose: 0, shuffle: false });
      assert.deepEqual(
        loaded.getWeights().map((w) => Array.from(w.data)),
        model.getWeights().map((w) => Array.from(w.data)),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('the same model in Keras 3 .keras layout (mask kwargs, DTypePolicy, class-based weight paths) predicts the numpy reference', async () => {
  const model = await nb.loadModel<nb.Model>(join(FIXTURES, 'keras3-functional.keras'));
  const reference = JSON.parse(readFileSync(join(FIXTURES, 'tf2-functional.json'), 'utf8')) as Record<
    string,
    number[][]
  >;
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ['input_1', 'input_2', 'dense', 'proj', 'shared', 'concatenate', 'add', 'main', 'aux'],
  );
  const toTensor = (rows: number[][]) => new nb.Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0].length]);
  const [main, aux] = (await model.predict(
    { input_1: toTensor(reference.wide), input_2: toTensor(reference.deep) },
    { verbose: 0 },
  )) as nb.Tensor[];
  reference.main
    .flat()
    .forEach((v, i) => assert.ok(Math.abs(main.data[i] - v) < 1e-5, `main ${i}: ${main.data[i]} vs ${v}`));
  reference.aux
    .flat()
    .forEach((v, i) => assert.ok(Math.abs(aux.data[i] - v) < 1e-5, `aux ${i}: ${aux.data[i]} vs ${v}`));
});
