// Optional: Python Keras 3 itself loads what nabla writes. Runs when NABLA_KERAS_PYTHON names a Python with
// Keras 3 and a backend (see test/fixtures/saving/check_with_keras.py); skipped otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Adam } from '../../src/optimizers/adam.ts';
import { RMSprop } from '../../src/optimizers/rmsprop.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import type { Optimizer } from '../../src/optimizers/optimizer.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { randomData } from './models-for-tests.ts';

const python = process.env.NABLA_KERAS_PYTHON;
const skip = python
  ? false
  : 'set NABLA_KERAS_PYTHON to a Python with Keras 3 and a backend (e.g. KERAS_BACKEND=jax) to check files with Keras itself';
const SCRIPT = fileURLToPath(new URL('../fixtures/saving/check_with_keras.py', import.meta.url));

test('Python Keras 3 loads nabla .keras/.h5/.weights.h5 files with the same weights, outputs and optimizer state', {
  skip,
  timeout: 300_000,
}, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-real-keras-'));
  try {
    const { x, y } = randomData(40, [12], 3, 1);
    const expected: Record<string, object> = {};
    const cases: [string, Optimizer][] = [
      ['rmsprop', new RMSprop({ momentum: 0.5, centered: true })],
      ['adam', new Adam({ amsgrad: true })],
      ['sgd', new SGD({ momentum: 0.9, nesterov: true })],
    ];
    for (const [name, optimizer] of cases) {
      const model = new Sequential(
        [
          new Dense(16, { activation: 'relu', inputShape: [12], name: `${name}_hidden` }),
          new Dense(3, { activation: 'softmax', name: `${name}_out` }),
        ],
        { name },
      );
      model.compile({ optimizer, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
      await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0 });
      await model.save(join(folder, `${name}.keras`));
      await model.save(join(folder, `${name}.h5`));
      await model.saveWeights(join(folder, `${name}.weights.h5`));
      await model.saveWeights(join(folder, `${name}-legacy.h5`));
      const probe = x.data.slice(0, 3 * 12);
      const outputs = (await model.predict(new Tensor(probe, [3, 12]), { verbose: 0 })).data;
      expected[name] = {
        optimizer: { names: optimizer.getWeightNames(), values: optimizer.getWeights().map((w) => Array.from(w.data)) },
        weights: model.getWeights().map((w) => Array.from(w.data)),
        inputs: [0, 1, 2].map((r) => Array.from(probe.slice(r * 12, r * 12 + 12))),
        outputs: [0, 1, 2].map((r) => Array.from(outputs.slice(r * 3, r * 3 + 3))),
        units: [16, 3],
        activations: ['relu', 'softmax'],
        layer_names: model.layers.map((l) => l.name),
      };
    }
    writeFileSync(join(folder, 'expected.json'), JSON.stringify(expected));
    const run = spawnSync(python!, [SCRIPT, folder], {
      encoding: 'utf8',
      env: { KERAS_BACKEND: 'jax', ...process.env },
    });
    assert.match(run.stdout, /VERDICT: OK/, `${run.stdout}\n${run.stderr}`);
    assert.equal((run.stdout.match(/^ok /gm) ?? []).length, 3 * 8, run.stdout);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
