import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLayerTest } from '../helpers/layer-check.ts';
import { checkGradient } from '../helpers/gradient-check.ts';
import { getBackend } from '../../src/backend/index.ts';
import type { Layer } from '../../src/layers/layer.ts';
import { Softmax } from '../../src/layers/softmax.ts';
import { ReLU } from '../../src/layers/relu.ts';
import { LeakyReLU } from '../../src/layers/leaky-relu.ts';
import { ELU } from '../../src/layers/elu.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { ValueError } from '../../src/errors.ts';
import { layerConfigFromKeras } from '../../src/saving/config.ts';
import { createLayer } from '../../src/layers/registry.ts';

function outputOf(layer: Layer, values: number[], shape = [values.length]): number[] {
  return Array.from(layer.apply(new Tensor(Float32Array.from(values), [1, ...shape])).data);
}

function assertClose(got: number[], expected: number[], tolerance = 1e-6): void {
  assert.equal(got.length, expected.length);
  got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= tolerance, `value ${i}: ${v} vs ${expected[i]}`));
}

test("ReLU with maxValue, negativeSlope and threshold follows Keras's three pieces", () => {
  const layer = new ReLU({ maxValue: 6, negativeSlope: 0.1, threshold: 0.5 });
  // below the threshold 0.1·(x − 0.5); between x; from maxValue on 6
  assertClose(outputOf(layer, [-1, 0.2, 0.5, 3, 6, 7]), [-0.15, -0.03, 0.5, 3, 6, 6]);
  assertClose(outputOf(new ReLU(), [-2, 0, 1.5]), [0, 0, 1.5]);
});

test("LeakyReLU defaults to Keras's slope 0.3; ELU is alpha·(exp(x) − 1) below zero", () => {
  assertClose(outputOf(new LeakyReLU(), [-2, 0, 3]), [-0.6, 0, 3]);
  assertClose(outputOf(new LeakyReLU({ negativeSlope: 0.01 }), [-5]), [-0.05]);
  assertClose(outputOf(new ELU({ alpha: 0.5 }), [-1, 0, 2]), [0.5 * (Math.exp(-1) - 1), 0, 2]);
  assertClose(outputOf(new ELU(), [-3]), [Math.exp(-3) - 1]);
});

test('Softmax normalizes the last axis of each sample', () => {
  const x = [1, 2, 3, -1, 0, 4];
  const got = outputOf(new Softmax(), x, [2, 3]);
  const expected = [x.slice(0, 3), x.slice(3)].flatMap((row) => {
    const e = row.map(Math.exp);
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  });
  assertClose(got, expected);
  assertClose(outputOf(new Softmax({ axis: 2 }), x, [2, 3]), expected);
  assert.throws(() => outputOf(new Softmax({ axis: 1 }), x, [2, 3]), ValueError);
});

/** The input gradient of the layer's step against central differences of Σ r ⊙ layer(x). */
function checkInputGradient(make: () => Layer, values: Float32Array, sampleShape: number[], label: string): void {
  const rows = values.length / sampleShape.reduce((a, b) => a * b, 1);
  const layer = make();
  layer.build(sampleShape);
  const input = new Float32Array(values.length);
  const inputGrad = new Float32Array(values.length);
  const step = layer.createStep({
    backend: getBackend(),
    alloc: (n) => new Float32Array(n),
    maxRows: rows,
    input,
    inputGrad,
    withGradients: true,
    generator: () => new Generator(0),
  });
  const g = new Generator(3);
  const weights = Float32Array.from({ length: values.length }, () => g.normal());
  const projected = (x: ArrayLike<number>): number => {
    input.set(x);
    step.forward(rows, false);
    let total = 0;
    for (let i = 0; i < weights.length; i++) total += weights[i] * step.output[i];
    return total;
  };
  projected(values);
  step.outputGrad!.set(weights);
  step.backward(rows);
  const analytic = Float32Array.from(inputGrad);
  checkGradient((x) => projected(x), Float64Array.from(values), analytic, {
    label,
    rtol: 1e-2,
    atol: 1e-3,
    epsilon: 1e-3,
  });
}

/** Inputs kept at least 0.05 away from the kinks at `kinks`, where the finite differences would straddle them. */
function inputsAwayFrom(kinks: number[], count: number, seed: number): Float32Array {
  const g = new Generator(seed);
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    let v = 0;
    do v = 3 * g.normal();
    while (kinks.some((k) => Math.abs(v - k) < 0.05));
    out[i] = v;
  }
  return out;
}

test("each layer's backward pass is the gradient of its forward pass (finite differences)", () => {
  checkInputGradient(
    () => new ReLU({ maxValue: 2, negativeSlope: 0.2, threshold: -0.5 }),
    inputsAwayFrom([-0.5, 2], 24, 1),
    [6],
    'ReLU',
  );
  checkInputGradient(() => new LeakyReLU(), inputsAwayFrom([0], 24, 2), [6], 'LeakyReLU');
  checkInputGradient(() => new ELU({ alpha: 0.7 }), inputsAwayFrom([0], 24, 3), [6], 'ELU');
  checkInputGradient(() => new Softmax(), inputsAwayFrom([], 24, 4), [2, 4], 'Softmax');
});

test('Softmax, ReLU, LeakyReLU, ELU: shapes, config round trip, a training step', async () => {
  await runLayerTest({ make: () => new Softmax(), inputShape: [5], expectedOutputShape: [5], expectedParams: 0 });
  await runLayerTest({
    make: () => new ReLU({ maxValue: 6, negativeSlope: 0.1 }),
    inputShape: [4],
    expectedOutputShape: [4],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new LeakyReLU({ negativeSlope: 0.2 }),
    inputShape: [6],
    expectedOutputShape: [6],
    expectedParams: 0,
  });
  await runLayerTest({
    make: () => new ELU({ alpha: 0.5 }),
    inputShape: [4],
    expectedOutputShape: [4],
    expectedParams: 0,
  });
});

test('Keras configs: tf.keras 2.x LeakyReLU alpha, Keras 3 negative_slope, ReLU max_value', () => {
  const fromTf = createLayer(
    'LeakyReLU',
    layerConfigFromKeras('LeakyReLU', { name: 'lr', trainable: true, dtype: 'float32', alpha: 0.1 }, 'test'),
  );
  assert.equal((fromTf as LeakyReLU).negativeSlope, 0.1);
  const k3 = createLayer('LeakyReLU', layerConfigFromKeras('LeakyReLU', { name: 'lr3', negative_slope: 0.25 }, 'test'));
  assert.equal((k3 as LeakyReLU).negativeSlope, 0.25);
  const relu = createLayer(
    'ReLU',
    layerConfigFromKeras('ReLU', { name: 'r', max_value: 6.0, negative_slope: 0.0, threshold: 0.0 }, 'test'),
  ) as ReLU;
  assert.deepEqual([relu.maxValue, relu.negativeSlope, relu.threshold], [6, 0, 0]);
});

test('bad options are refused, naming the option', () => {
  assert.throws(() => new ReLU({ maxValue: -1 }), /maxValue/);
  assert.throws(() => new ReLU({ negativeSlope: -0.1 }), /negativeSlope/);
  assert.throws(() => new LeakyReLU({ negative_slope: 0.1 } as never), /did you mean 'negativeSlope'/);
  assert.throws(() => new ELU({ alpha: Number.NaN }), /alpha/);
  assert.throws(() => new Softmax({ axis: 0 }), /axis/);
  assert.throws(() => new Softmax({ axes: 1 } as never), ValueError);
});
