// A small layer test harness in the spirit of Keras's `layer_test`: build, output shape, a training step
// inside a model, and the getConfig → createLayer round trip.
import assert from 'node:assert/strict';
import type { Layer } from '../../src/layers/layer.ts';
import { createLayer } from '../../src/layers/registry.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

export interface LayerTestSpec {
  make: () => Layer;
  inputShape: number[];
  expectedOutputShape: number[];
  expectedParams: number;
}

export function randomTensor(shape: number[], seed: number): Tensor {
  const g = new Generator(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float32Array.from({ length: size }, () => g.normal()), shape);
}

export async function layerTest(spec: LayerTestSpec): Promise<void> {
  const layer = spec.make();
  const x = randomTensor([5, ...spec.inputShape], 1);
  const y = layer.apply(x);
  assert.deepEqual(y.shape, [5, ...spec.expectedOutputShape], 'output shape of apply');
  assert.deepEqual(layer.outputShape, [null, ...spec.expectedOutputShape], 'outputShape');
  assert.equal(layer.countParams(), spec.expectedParams, 'parameter count');
  assert.equal(layer.getWeights().length, layer.weightNames.length);

  // Round trip through the config: same class, same config, same output with the same weights.
  const config = layer.getConfig();
  const copy = createLayer(layer.className, { ...config, name: `${layer.name}_copy` });
  assert.equal(copy.className, layer.className);
  assert.deepEqual({ ...copy.getConfig(), name: layer.name }, config, 'getConfig → createLayer → getConfig');
  copy.build(spec.inputShape);
  copy.setWeights(layer.getWeights());
  assert.deepEqual(Array.from(copy.apply(x).data), Array.from(y.data), 'same output after the round trip');

  // One training step inside a model changes the trainable weights and gives a finite loss.
  const fresh = spec.make();
  const model = new Sequential([fresh, new Dense(3, { activation: 'softmax' })]);
  model.build([null, ...spec.inputShape]);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const before = model.getWeights().map((w) => Array.from(w.data));
  const loss = (await model.trainOnBatch(randomTensor([8, ...spec.inputShape], 2), new Tensor(Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1]), [8]))) as number;
  assert.ok(Number.isFinite(loss) && loss > 0, `training loss ${loss}`);
  const after = model.getWeights().map((w) => Array.from(w.data));
  after.forEach((w, i) => assert.notDeepEqual(w, before[i], `weight ${i} changed by the step`));
}
