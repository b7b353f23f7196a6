// Optimizer state written by Python Keras resumes training exactly where it left off: the tf.keras 2.x layouts
// (per-variable slot names before 2.11, the flat list after) and Keras 3's. Fixtures and the numpy reference of
// the next step: test/fixtures/optimizer-state/make_fixtures.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/models/load-model.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { readKerasH5 } from '../../src/saving/keras-h5.ts';
import { readKerasZip } from '../../src/saving/keras-zip.ts';
import { KERAS_FIXTURES, skipWithoutFixtures } from './fixture-paths.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/optimizer-state/', import.meta.url));

interface Expected {
  iterations: number;
  x: number[][];
  y: number[];
  names: string[];
  m: Record<string, number[]>;
  v: Record<string, number[]>;
  after: Record<string, number[]>;
}

const expected = JSON.parse(readFileSync(`${FIXTURES}expected.json`, 'utf8')) as Expected;

function assertClose(got: ArrayLike<number>, want: readonly number[], tolerance: number, what: string): void {
  assert.equal(got.length, want.length, what);
  for (let i = 0; i < want.length; i++) {
    assert.ok(
      Math.abs(got[i] - want[i]) <= tolerance * Math.max(1, Math.abs(want[i])),
      `${what}[${i}]: ${got[i]} vs ${want[i]}`,
    );
  }
}

for (const file of ['tfkeras2.6_adam.h5', 'tfkeras2.12_adam.h5', 'keras3_adam.keras']) {
  test(`${file}: loads compiled with its Adam state, and the next step equals Keras's`, async () => {
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on('warning', onWarning);
    const model = await loadModel(`${FIXTURES}${file}`);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    assert.deepEqual(warnings, []);
    assert.equal(model.compileConfig?.loss, 'sparse_categorical_crossentropy');
    assert.deepEqual(model.metricsNames, ['loss', 'accuracy']);
    const optimizer = model.optimizer!;
    assert.equal(optimizer.className, 'Adam');
    assert.equal(optimizer.iterations, expected.iterations);
    const slotNames = optimizer.getWeightNames();
    const slots = optimizer.getWeights();
    for (const name of expected.names) {
      assertClose(slots[slotNames.indexOf(`${name}/momentum`)].data, expected.m[name], 0, `${name} m`);
      assertClose(slots[slotNames.indexOf(`${name}/velocity`)].data, expected.v[name], 0, `${name} v`);
    }
    const x = new Tensor(Float32Array.from(expected.x.flat()), [expected.x.length, expected.x[0].length]);
    const y = new Tensor(Int32Array.from(expected.y), [expected.y.length]);
    await model.trainOnBatch(x, y);
    assert.equal(optimizer.iterations, expected.iterations + 1);
    const weights = model.getWeights();
    expected.names.forEach((name, i) => assertClose(weights[i].data, expected.after[name], 2e-6, name));
  });
}

// The shared files written by Python Keras: every stored slot lands on the slot of the same variable.
const sharedSkip = skipWithoutFixtures;

test("shared tf.keras 2.12 file: each Adam/m|v/<layer>/<weight>:0 is restored into that variable's slot", {
  skip: sharedSkip,
}, async () => {
  const path = `${KERAS_FIXTURES}tfkeras2.12_fashion_flatten_dense_dropout.h5`;
  const model = await loadModel(path);
  const stored = (await readKerasH5(path)).optimizerWeights!;
  const names = model.optimizer!.getWeightNames();
  const slots = model.optimizer!.getWeights();
  const slotNames: Record<string, string> = { m: 'momentum', v: 'velocity' };
  const restored = stored.filter((record) => record.name.startsWith('Adam/'));
  assert.equal(restored.length, 8);
  for (const record of restored) {
    const [, slot, layer, weight] = record.name.replace(/:0$/, '').split('/');
    const index = names.indexOf(`${layer}/${weight}/${slotNames[slot]}`);
    assert.ok(index >= 2, record.name);
    assert.deepEqual(Array.from(slots[index].data), Array.from(record.data as Float32Array), record.name);
  }
});

test('shared Keras 3.10 file: optimizer/vars in Keras order land on the slots of the same variables', {
  skip: sharedSkip,
}, async () => {
  const path = `${KERAS_FIXTURES}keras3.10_mnist_flatten_dense_dropout.keras`;
  const model = await loadModel(path);
  const stored = (await readKerasZip(path)).objects.find((o) => o.path === 'optimizer')!.vars;
  const names = model.optimizer!.getWeightNames();
  const slots = model.optimizer!.getWeights();
  const variables = ['dense/kernel', 'dense/bias', 'dense_1/kernel', 'dense_1/bias', 'dense_2/kernel', 'dense_2/bias'];
  assert.equal(stored.length, 2 + 2 * variables.length);
  assert.equal(model.optimizer!.iterations, Number(stored[0].data[0]));
  variables.forEach((variable, k) => {
    for (const [offset, slot] of [
      [0, 'momentum'],
      [1, 'velocity'],
    ] as const) {
      const slotData = slots[names.indexOf(`${variable}/${slot}`)].data;
      assert.deepEqual(
        Array.from(slotData),
        Array.from(stored[2 + 2 * k + offset].data as Float32Array),
        `${variable} ${slot}`,
      );
    }
  });
});
