// A model using the new layers, activations, initializers, regularizers and constraints saves to .keras and
// .h5 and loads back with the same predictions, configs and reported loss.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense } from '../../src/layers/dense.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { GaussianNoise } from '../../src/layers/gaussian-noise.ts';
import { LayerNormalization } from '../../src/layers/layer-normalization.ts';
import { Normalization } from '../../src/layers/normalization.ts';
import { Rescaling } from '../../src/layers/rescaling.ts';
import { Reshape } from '../../src/layers/reshape.ts';
import { Orthogonal, VarianceScaling } from '../../src/initializers.ts';
import { L2 } from '../../src/regularizers.ts';
import { MaxNorm } from '../../src/constraints.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { Generator } from '../../src/random/generator.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-vocabulary-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

function model(): Sequential {
  const normalization = new Normalization({ inputShape: [6] });
  normalization.adapt([
    [1, 2, 3, 4, 5, 6],
    [3, 2, 1, 0, -1, 7],
    [0, 0, 0, 1, 1, 1],
  ]);
  return new Sequential([
    normalization,
    new Rescaling(0.5, { offset: 0.1 }),
    new Reshape([2, 3]),
    new LayerNormalization(),
    new Flatten(),
    new GaussianNoise(0.1, { seed: 3 }),
    new Dense(5, {
      activation: 'gelu',
      kernelInitializer: new Orthogonal({ gain: 1.5, seed: 1 }),
      kernelRegularizer: new L2(0.02),
      kernelConstraint: new MaxNorm({ maxValue: 3 }),
      activityRegularizer: 'l1',
    }),
    new Dense(3, {
      activation: 'mish',
      kernelInitializer: new VarianceScaling({ mode: 'fan_out', distribution: 'uniform', seed: 2 }),
      biasConstraint: 'non_neg',
    }),
    new Dense(1),
  ]);
}

for (const extension of ['.keras', '.h5']) {
  test(`save("${extension}") → loadModel: same layers, configs, predictions and regularized loss`, async () => {
    const original = model();
    original.compile({ optimizer: 'adam', loss: 'mse' });
    const g = new Generator(5);
    const x = new Tensor(
      Float32Array.from({ length: 60 }, () => g.normal()),
      [10, 6],
    );
    const y = new Tensor(
      Float32Array.from({ length: 10 }, () => g.normal()),
      [10, 1],
    );
    await original.fit(x, y, { epochs: 2, batchSize: 5, verbose: 0, seed: 1 });
    const file = join(folder, `model${extension}`);
    await original.save(file);
    const loaded = await loadModel(file);
    assert.deepEqual(
      loaded.layers.map((l) => l.className),
      original.layers.map((l) => l.className),
    );
    const configs = (m: Sequential) => m.layers.map((l) => ({ ...l.getConfig(), batchInputShape: undefined }));
    assert.deepEqual(configs(loaded), configs(original));
    assert.deepEqual((await loaded.predict(x, { verbose: 0 })).data, (await original.predict(x, { verbose: 0 })).data);
    loaded.compile({ optimizer: 'adam', loss: 'mse' });
    assert.equal(await loaded.evaluate(x, y, { verbose: 0 }), await original.evaluate(x, y, { verbose: 0 }));
  });
}
