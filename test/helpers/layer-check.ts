// One test routine for every layer, in the manner of Keras's run_layer_test: output shape, parameter count,
// the getConfig → createLayer round trip, the default backend against the reference backend, central finite
// differences of a scalar loss with respect to the input and to every trainable weight, and one training
// step inside a model. The reference backend computes in float32 (with float64 sums), so the finite
// differences use float32 steps and tolerances.
import assert from 'node:assert/strict';
import { createReferenceBackend } from '../../src/backend/reference/reference-backend.ts';
import type { Layer, LayerStep } from '../../src/layers/layer.ts';
import { createLayer } from '../../src/layers/registry.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { assertAllClose } from './all-close.ts';
import { checkGradient } from './gradient-check.ts';

export interface LayerCheckSpec {
  /** Makes a fresh layer (called more than once). */
  make: () => Layer;
  /** Shape of one input sample. */
  inputShape: number[];
  expectedOutputShape: number[];
  expectedParams: number;
  /** Trainable values (default: all of expectedParams). */
  expectedTrainableParams?: number;
  /** Samples per batch (default 3). */
  batch?: number;
  /** The input batch (default: standard normal values). */
  input?: Tensor;
  /** Run the forward pass of the gradient check in training mode (default false). */
  training?: boolean;
  /** Tolerances of the gradient check (float32 defaults of checkGradient). */
  rtol?: number;
  atol?: number;
  /** Check at most this many components per buffer (default 60). */
  maxChecks?: number;
  /** Also run one training step inside a model (default true). */
  trainStep?: boolean;
  seed?: number;
}

export function randomTensor(shape: number[], seed: number): Tensor {
  const g = new Generator(seed);
  const size = shape.reduce((a, b) => a * b, 1);
  return new Tensor(
    Float32Array.from({ length: size }, () => g.normal()),
    shape,
  );
}

/** Runs every check of the layer test; throws an AssertionError on the first failure. */
export async function runLayerTest(spec: LayerCheckSpec): Promise<void> {
  const seed = spec.seed ?? 1;
  const batch = spec.batch ?? spec.input?.shape[0] ?? 3;
  const x = spec.input ?? randomTensor([batch, ...spec.inputShape], seed);
  const layer = spec.make();
  layer.build(spec.inputShape, new Generator(seed));
  checkShapesAndParams(layer, spec);
  const y = layer.apply(x, { training: false });
  assert.deepEqual(y.shape, [batch, ...spec.expectedOutputShape], `${layer.className}: output shape of apply`);
  checkConfigRoundTrip(layer, spec.inputShape, x, y);
  checkGradients(layer, x, spec);
  if (spec.trainStep ?? true) await checkTrainingStep(spec);
}

function checkShapesAndParams(layer: Layer, spec: LayerCheckSpec): void {
  assert.deepEqual(layer.outputShape, [null, ...spec.expectedOutputShape], `${layer.className}: outputShape`);
  assert.equal(layer.countParams(), spec.expectedParams, `${layer.className}: parameter count`);
  assert.equal(
    layer.countTrainableParams(),
    spec.expectedTrainableParams ?? spec.expectedParams,
    `${layer.className}: trainable parameter count`,
  );
  assert.equal(layer.getWeights().length, layer.weightNames.length, `${layer.className}: one tensor per weight name`);
}

/** getConfig → createLayer → getConfig is the identity, and the copy computes the same output. */
function checkConfigRoundTrip(layer: Layer, inputShape: number[], x: Tensor, y: Tensor): void {
  const config = layer.getConfig();
  const copy = createLayer(layer.className, { ...config, name: `${layer.name}_copy` });
  assert.equal(copy.className, layer.className);
  assert.deepEqual(
    { ...copy.getConfig(), name: layer.name },
    config,
    `${layer.className}: getConfig → createLayer → getConfig`,
  );
  copy.build(inputShape);
  copy.setWeights(layer.getWeights());
  assert.deepEqual(
    Array.from(copy.apply(x).data),
    Array.from(y.data),
    `${layer.className}: same output after the round trip`,
  );
}

/**
 * The layer's step on the reference backend: its output against the default backend's (apply), then its
 * input and weight gradients against central differences of L = Σ r ⊙ y with fixed random weights r.
 */
function checkGradients(layer: Layer, x: Tensor, spec: LayerCheckSpec): void {
  const backend = createReferenceBackend();
  const rows = x.shape[0];
  const training = spec.training ?? false;
  const input = Float32Array.from(x.data);
  const inputGrad = new Float32Array(input.length);
  const generator = (): Generator => new Generator(99);
  const step: LayerStep = layer.createStep({
    backend,
    alloc: (n) => new Float32Array(n),
    maxRows: rows,
    input,
    inputGrad,
    withGradients: true,
    generator,
  });
  const outputs = rows * spec.expectedOutputShape.reduce((a, b) => a * b, 1);
  step.forward(rows, false);
  const fast = layer.apply(x, { training: false });
  assertAllClose(step.output.subarray(0, outputs), fast.data, { rtol: 1e-4, atol: 1e-5 });
  const r = randomTensor([outputs], 7).data;
  const loss = (): number => {
    step.forward(rows, training);
    let total = 0;
    for (let i = 0; i < outputs; i++) total += step.output[i] * r[i];
    return total;
  };
  loss();
  step.outputGrad!.set(r);
  for (const g of layer.gradientBuffers) g.fill(0);
  step.backward(rows);
  const options = { rtol: spec.rtol, atol: spec.atol, maxChecks: spec.maxChecks ?? 60, seed: spec.seed ?? 1 };
  const analyticInput = Float32Array.from(inputGrad);
  const analyticWeights = layer.gradientBuffers.map((g) => Float32Array.from(g));
  checkGradient(loss, input, analyticInput, { ...options, label: `${layer.className} input gradient` });
  layer.weightBuffers.forEach((w, i) => {
    if (!layer.isWeightTrainable(i)) return;
    checkGradient(loss, w, analyticWeights[i], {
      ...options,
      label: `${layer.className} gradient of ${layer.weightNames[i]}`,
    });
  });
}

/** One trainOnBatch inside a model gives a finite loss and changes every trainable weight of the layer. */
async function checkTrainingStep(spec: LayerCheckSpec): Promise<void> {
  const layer = spec.make();
  const head = spec.expectedOutputShape.length > 1 ? [new Flatten()] : [];
  const model = new Sequential([layer, ...head, new Dense(3, { activation: 'softmax', seed: 5 })]);
  model.build([null, ...spec.inputShape]);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const before = layer.getWeights().map((w) => Array.from(w.data));
  const labels = new Tensor(Int32Array.from([0, 1, 2, 0, 1, 2, 0, 1]), [8]);
  const loss = (await model.trainOnBatch(randomTensor([8, ...spec.inputShape], 2), labels)) as number;
  assert.ok(Number.isFinite(loss) && loss > 0, `${layer.className}: training loss ${loss}`);
  const after = layer.getWeights().map((w) => Array.from(w.data));
  after.forEach((w, i) => {
    if (layer.isWeightTrainable(i))
      assert.notDeepEqual(w, before[i], `${layer.className}: weight ${layer.weightNames[i]} changed by the step`);
  });
}
