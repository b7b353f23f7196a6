// Optimizer state written by Python Keras resumes training exactly where it left off: the tf.keras 2.x layouts
// (per-variable slot names before 2.11, the flat list after) and Keras 3's. Fixtures and the numpy reference of
// the next step: test/fixtures/optimizer-state/make_fixtures.py.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/models/load-model.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

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
    assert.ok(Math.abs(got[i] - want[i]) <= tolerance * Math.max(1, Math.abs(want[i])), `${what}[${i}]: ${got[i]} vs ${want[i]}`);
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
