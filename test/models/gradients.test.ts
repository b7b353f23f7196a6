// Finite-difference checks of the planned backward pass through whole small models: every activation,
// every loss, both the logits (fused) and the clipped-probabilities paths.
import { test } from 'node:test';
import { checkCompiledModelGradient } from '../helpers/model-gradient-check.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Activation } from '../../src/layers/activation.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import type { Layer } from '../../src/layers/layer.ts';
import { ACTIVATIONS, type ActivationName } from '../../src/activations.ts';
import type { LossId } from '../../src/losses.ts';

const ROWS = 6;

function data(seed: number, units: number, loss: string): [Tensor, Tensor] {
  const g = new Generator(seed);
  const x = new Tensor(
    Float32Array.from({ length: ROWS * 2 * 3 }, () => g.normal()),
    [ROWS, 2, 3],
  );
  if (loss === 'sparse_categorical_crossentropy')
    return [
      x,
      new Tensor(
        Int32Array.from({ length: ROWS }, (_, i) => i % units),
        [ROWS],
      ),
    ];
  if (loss === 'categorical_crossentropy') {
    // Soft targets that sum to one per row.
    const y = new Float32Array(ROWS * units);
    for (let r = 0; r < ROWS; r++) {
      let s = 0;
      for (let j = 0; j < units; j++) s += y[r * units + j] = g.uniform() + 0.1;
      for (let j = 0; j < units; j++) y[r * units + j] /= s;
    }
    return [x, new Tensor(y, [ROWS, units])];
  }
  if (['binary_crossentropy', 'binary_focal_crossentropy', 'hinge'].includes(loss))
    return [
      x,
      new Tensor(
        Float32Array.from({ length: ROWS * units }, () => (g.uniform() < 0.5 ? 0 : 1)),
        [ROWS, units],
      ),
    ];
  return [
    x,
    new Tensor(
      Float32Array.from({ length: ROWS * units }, () => g.normal()),
      [ROWS, units],
    ),
  ];
}

/** Checks d(loss)/d(weights) of the training step against central differences of evaluate's loss. */
async function checkModel(label: string, layers: Layer[], loss: LossId, units: number): Promise<void> {
  const model = new Sequential(layers);
  model.build([null, 2, 3]);
  const [x, y] = data(5, units, loss);
  await checkCompiledModelGradient(label, model, x, y, loss);
}

for (const activation of ACTIVATIONS) {
  test(`gradient through Flatten → Dense(${activation}) → Dense(softmax) with sparse categorical cross-entropy`, async () => {
    await checkModel(
      activation,
      [new Flatten(), new Dense(5, { activation, seed: 1 }), new Dense(4, { activation: 'softmax', seed: 2 })],
      'sparse_categorical_crossentropy',
      4,
    );
  });
}

for (const activation of ['gelu', 'silu', 'mish', 'hard_silu', 'log_softmax', 'elu'] as const) {
  test(`gradient through an Activation('${activation}') layer between two Dense layers`, async () => {
    const layers = [
      new Flatten(),
      new Dense(5, { seed: 1 }),
      new Activation(activation),
      new Dense(4, { activation: 'softmax', seed: 2 }),
    ];
    await checkModel(`Activation ${activation}`, layers, 'sparse_categorical_crossentropy', 4);
  });
}

const heads: [string, ActivationName, LossId][] = [
  ['categorical_crossentropy from softmax logits', 'softmax', 'categorical_crossentropy'],
  ['binary_crossentropy from sigmoid logits', 'sigmoid', 'binary_crossentropy'],
  ['mean_squared_error on a linear output', 'linear', 'mean_squared_error'],
  ['mean_squared_error through softmax', 'softmax', 'mean_squared_error'],
  ['sparse categorical cross-entropy on clipped sigmoid probabilities', 'sigmoid', 'sparse_categorical_crossentropy'],
  ['categorical cross-entropy on renormalised sigmoid probabilities', 'sigmoid', 'categorical_crossentropy'],
  ['binary cross-entropy on clipped softmax probabilities', 'softmax', 'binary_crossentropy'],
  ['binary cross-entropy on tanh outputs squashed by an Activation layer', 'tanh', 'binary_crossentropy'],
  ['huber on a linear output', 'linear', 'huber'],
  ['log_cosh through sigmoid', 'sigmoid', 'log_cosh'],
  ['kl_divergence through softmax', 'softmax', 'kl_divergence'],
  ['cosine_similarity on a linear output', 'linear', 'cosine_similarity'],
  ['binary focal cross-entropy through sigmoid', 'sigmoid', 'binary_focal_crossentropy'],
  ['hinge on a linear output', 'linear', 'hinge'],
];
for (const [label, activation, loss] of heads) {
  test(`gradient: ${label}`, async () => {
    const out: Layer[] =
      activation === 'tanh'
        ? [new Dense(3, { activation: 'tanh', seed: 2 }), new Activation('sigmoid')]
        : [new Dense(3, { activation, seed: 2 })];
    await checkModel(label, [new Flatten(), new Dense(5, { activation: 'tanh', seed: 1 }), ...out], loss, 3);
  });
}
