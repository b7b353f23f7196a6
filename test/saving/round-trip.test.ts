// save → load gives the same model; save mid-training → load → continue gives the same weights as training
// without the interruption (the optimizer state travels with the model).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense } from '../../src/layers/dense.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { Adam } from '../../src/optimizers/adam.ts';
import { RMSprop } from '../../src/optimizers/rmsprop.ts';
import type { Optimizer } from '../../src/optimizers/optimizer.ts';
import { readKerasH5, writeKerasH5Weights } from '../../src/saving/keras-h5.ts';
import { readKerasZip } from '../../src/saving/keras-zip.ts';
import { allWeights, fashionMlp, randomData, smallMlp } from './models-for-tests.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-roundtrip-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

const data = randomData(40, [12], 3, 11);
const fitOptions = { batchSize: 8, shuffle: false, verbose: 0 as const };

for (const extension of ['.h5', '.keras']) {
  test(`save("${extension}") → loadModel gives identical predictions, config and compile settings`, async () => {
    const model = fashionMlp();
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const { x, y } = randomData(24, [28, 28], 10, 3);
    await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, seed: 1 });
    const file = join(folder, `whole${extension}`);
    await model.save(file);
    const loaded = await loadModel(file);
    assert.deepEqual((await loaded.predict(x, { verbose: 0 })).data, (await model.predict(x, { verbose: 0 })).data);
    assert.deepEqual(
      loaded.layers.map((l) => [l.className, l.name]),
      model.layers.map((l) => [l.className, l.name]),
    );
    // Keras 3 keeps the input shape on the InputLayer only, so the first layer loses its own copy there.
    const withoutInputShape = (m: Sequential) =>
      m.layers.map((l) => ({ ...l.getConfig(), batchInputShape: undefined }));
    assert.deepEqual(withoutInputShape(loaded), withoutInputShape(model));
    assert.deepEqual(loaded.inputShape, [null, 28, 28]);
    assert.equal(loaded.name, model.name);
    assert.equal(loaded.compileConfig?.loss, 'sparse_categorical_crossentropy');
    assert.deepEqual(loaded.compileConfig?.metrics, ['accuracy']);
    assert.equal(loaded.optimizer?.iterations, 3);
  });
}

for (const extension of ['.h5', '.weights.h5']) {
  test(`saveWeights("${extension}") → loadWeights into a fresh model restores every weight`, async () => {
    const source = smallMlp(21);
    const file = join(folder, `w${extension}`);
    await source.saveWeights(file);
    const target = smallMlp(99);
    assert.notDeepEqual(allWeights(target), allWeights(source));
    await target.loadWeights(file);
    assert.deepEqual(allWeights(target), allWeights(source));
  });
}

test('loadWeights byName matches layer names and leaves other layers alone', async () => {
  const source = new Sequential([
    new Dense(4, { inputShape: [3], name: 'alpha', seed: 1 }),
    new Dense(2, { name: 'beta', seed: 2 }),
  ]);
  const file = join(folder, 'named.h5');
  await source.saveWeights(file);
  const target = new Sequential([
    new Dense(4, { inputShape: [3], name: 'gamma', seed: 3 }),
    new Dense(2, { name: 'beta', seed: 4 }),
  ]);
  const gammaBefore = target.layers[0].getWeights();
  await target.loadWeights(file, { byName: true });
  assert.deepEqual(target.layers[0].getWeights(), gammaBefore);
  assert.deepEqual(target.layers[1].getWeights(), source.layers[1].getWeights());
  // By topology the names do not matter.
  await target.loadWeights(file);
  assert.deepEqual(target.layers[0].getWeights(), source.layers[0].getWeights());
});

// A learning rate exact in float32, so that the value stored as float32 in .keras files is the same number.
const LR = 2 ** -9;
const optimizers: [string, () => Optimizer][] = [
  ['Adam', () => new Adam({ learningRate: LR })],
  ['SGD with Nesterov momentum', () => new SGD({ learningRate: LR, momentum: 0.875, nesterov: true })],
  ['RMSprop, centered with momentum', () => new RMSprop({ learningRate: LR, momentum: 0.5, centered: true })],
];

for (const [label, makeOptimizer] of optimizers) {
  for (const extension of ['.h5', '.keras']) {
    test(`${label}: 3 epochs, save("${extension}"), load, 3 more epochs = 6 uninterrupted epochs`, async () => {
      const straight = smallMlp(5);
      straight.compile({ optimizer: makeOptimizer(), loss: 'sparse_categorical_crossentropy' });
      await straight.fit(data.x, data.y, { ...fitOptions, epochs: 6 });

      const first = smallMlp(5);
      first.compile({ optimizer: makeOptimizer(), loss: 'sparse_categorical_crossentropy' });
      await first.fit(data.x, data.y, { ...fitOptions, epochs: 3 });
      const file = join(folder, `resume-${label.replace(/\W+/g, '-')}${extension}`);
      await first.save(file);
      const resumed = await loadModel(file);
      assert.equal(resumed.optimizer?.iterations, 15);
      await resumed.fit(data.x, data.y, { ...fitOptions, epochs: 3 });

      assert.deepEqual(allWeights(resumed), allWeights(straight));
      // Without the optimizer state the continuation differs (the test can tell).
      const fresh = smallMlp(5);
      fresh.setWeights(first.getWeights());
      fresh.compile({ optimizer: makeOptimizer(), loss: 'sparse_categorical_crossentropy' });
      await fresh.fit(data.x, data.y, { ...fitOptions, epochs: 3 });
      assert.notDeepEqual(allWeights(fresh), allWeights(straight));
    });
  }
}

test("optimizer slots are stored in Keras's order: Adam interleaves m and v per variable, RMSprop keeps blocks", async () => {
  const rms = smallMlp(4);
  rms.compile({ optimizer: new RMSprop({ momentum: 0.5, centered: true }), loss: 'sparse_categorical_crossentropy' });
  await rms.fit(data.x, data.y, { ...fitOptions, epochs: 1 });
  const kerasFile = join(folder, 'order.keras');
  await rms.save(kerasFile);
  const optimizerVars = (await readKerasZip(kerasFile)).objects.find((o) => o.path === 'optimizer')!.vars;
  const variableShapes = ['12,16', '16', '16,3', '3'];
  assert.deepEqual(
    optimizerVars.slice(2).map((v) => v.shape.join(',')),
    [...variableShapes, ...variableShapes, ...variableShapes],
  );
  const h5File = join(folder, 'order.h5');
  await rms.save(h5File);
  const names = (await readKerasH5(h5File)).optimizerWeights!.map((w) => w.name);
  const [first, second] = rms.layers.map((l) => l.name);
  assert.deepEqual(names.slice(0, 6), [
    'iteration:0',
    `RMSprop/velocity/${first}/kernel:0`,
    `RMSprop/velocity/${first}/bias:0`,
    `RMSprop/velocity/${second}/kernel:0`,
    `RMSprop/velocity/${second}/bias:0`,
    `RMSprop/momentum/${first}/kernel:0`,
  ]);

  const adam = smallMlp(4);
  adam.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  await adam.fit(data.x, data.y, { ...fitOptions, epochs: 1 });
  await adam.save(h5File);
  const adamNames = (await readKerasH5(h5File)).optimizerWeights!.map((w) => w.name);
  const [a] = adam.layers.map((l) => l.name);
  assert.deepEqual(adamNames.slice(0, 4), [
    'iteration:0',
    `Adam/m/${a}/kernel:0`,
    `Adam/v/${a}/kernel:0`,
    `Adam/m/${a}/bias:0`,
  ]);
});

test("legacy .h5 weight names with or without ':0' and with deeper nesting (Keras 3's paths) all load", async () => {
  const source = smallMlp(31);
  const layers = source.layers.map((layer, i) => ({
    name: layer.name,
    weights: layer.getWeights().map((w, k) => ({
      // Keras 2.x 'dense/kernel:0', Keras 3 'sequential/dense/kernel' (no ':0', nested deeper), or bare 'bias'.
      name:
        i === 0
          ? `${layer.name}/${layer.weightNames[k]}:0`
          : k === 0
            ? `sequential/${layer.name}/${layer.weightNames[k]}`
            : layer.weightNames[k],
      shape: [...w.shape],
      data: w.data as Float32Array,
    })),
  }));
  const file = join(folder, 'names.h5');
  await writeKerasH5Weights(file, { layers });
  const target = smallMlp(32);
  await target.loadWeights(file);
  assert.deepEqual(allWeights(target), allWeights(source));
});
