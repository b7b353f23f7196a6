// The tf.keras 2.6 CNN written by Python Keras loads and reproduces a float64 reference computed from its
// weights with numpy and PyTorch (test/fixtures/conv/make_cnn_reference.py).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { KERAS_FIXTURES, skipWithoutFixtures as skip } from '../saving/fixture-paths.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { type BackendName, blasAvailable, getBackend, setBackend } from '../../src/backend/registry.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { assertAllClose } from '../helpers/all-close.ts';

interface Reference {
  model_file: string;
  input_shape: number[];
  inputs: number[];
  outputs: number[][];
  argmax: number[];
  tolerance: number;
}

const reference = JSON.parse(
  readFileSync(new URL('../fixtures/conv/cnn_reference.json', import.meta.url), 'utf8'),
) as Reference;

test('the tf.keras 2.6 CNN loads and reproduces the float64 reference within 1e-4 on every backend', {
  skip,
}, async () => {
  const model = await loadModel(KERAS_FIXTURES + reference.model_file);
  assert.deepEqual(
    model.layers.map((l) => l.className),
    ['Conv2D', 'MaxPooling2D', 'Conv2D', 'MaxPooling2D', 'Flatten', 'Dropout', 'Dense'],
  );
  assert.deepEqual(
    model.layers.map((l) => l.name),
    ['conv2d', 'max_pooling2d', 'conv2d_1', 'max_pooling2d_1', 'flatten', 'dropout', 'dense'],
  );
  assert.equal(model.countParams(), 34826);
  const x = new Tensor(Float32Array.from(reference.inputs), reference.input_shape);
  const previous = getBackend().name;
  try {
    // The blas backend runs the convolution products through the system BLAS, where one is found.
    const backends: BackendName[] = ['wasm', 'reference', ...(blasAvailable() ? (['blas'] as const) : [])];
    for (const backend of backends) {
      setBackend(backend);
      const y = await model.predict(x, { verbose: 0 });
      assertAllClose(y.data, reference.outputs.flat(), { atol: reference.tolerance, rtol: 0 });
      const argmax = reference.outputs.map((_, i) => {
        const row = Array.from(y.data.slice(i * 10, i * 10 + 10));
        return row.indexOf(Math.max(...row));
      });
      assert.deepEqual(argmax, reference.argmax, backend);
    }
  } finally {
    setBackend(previous as BackendName);
  }
});
