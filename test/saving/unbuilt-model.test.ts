// A model without an input shape saves its config (no variables) and loads back unbuilt, as Keras 3 does;
// it then builds and trains on the first data it sees.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense } from '../../src/layers/dense.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { randomData } from './models-for-tests.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-unbuilt-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

for (const extension of ['keras', 'h5']) {
  test(`an unbuilt model round-trips through .${extension} unbuilt, compiled, and then trains`, async () => {
    const model = new Sequential([new Dense(8, { activation: 'relu' }), new Dense(3, { activation: 'softmax' })]);
    model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const path = join(folder, `unbuilt.${extension}`);
    await model.save(path);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.message);
    process.on('warning', onWarning);
    const loaded = await loadModel(path);
    await new Promise((resolve) => setImmediate(resolve));
    process.off('warning', onWarning);
    assert.deepEqual(warnings, []);
    assert.equal(loaded.built, false);
    assert.deepEqual(
      loaded.layers.map((l) => l.getConfig().units),
      [8, 3],
    );
    assert.deepEqual(loaded.metricsNames, ['loss', 'accuracy']);
    const { x, y } = randomData(40, [5], 3);
    const history = await loaded.fit(x, y, { epochs: 3, verbose: 0, seed: 1 });
    assert.equal(loaded.built, true);
    assert.ok(history.history.loss[2] < history.history.loss[0], `loss ${history.history.loss.join(' → ')}`);
  });
}

test('weights from a file still need a built model', async () => {
  const source = new Sequential([new Dense(2, { inputShape: [4] })]);
  const path = join(folder, 'built.keras');
  await source.save(path);
  await assert.rejects(new Sequential([new Dense(2)]).loadWeights(path), /not built yet/);
});
