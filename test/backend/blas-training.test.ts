// The issue-7 test models trained a few steps on each backend through setBackend: weights, losses and
// predictions agree within 1e-5 between the reference, wasm and blas backends (blas only where a system BLAS
// is found; without one 'blas' is wasm and is not compared again).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blasAvailable, blasInfo, setBackend, type BackendName } from '../../src/backend/registry.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import type { Layer } from '../../src/layers/layer.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { assertWithin } from './harness.ts';

const ROWS = 96;
const FEATURES = 784;

/** Fashion-MNIST-like rows: pixels in [0, 1), a third of them zero, labels 0..9 tied to the pixels. */
function data(seed: number): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const x = new Float32Array(ROWS * FEATURES);
  const y = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    y[i] = Math.floor(g.uniform() * 10);
    for (let j = 0; j < FEATURES; j++) {
      const u = g.uniform();
      x[i * FEATURES + j] = u < 1 / 3 ? 0 : (u + (j % 10 === y[i] ? 0.5 : 0)) / 1.5;
    }
  }
  return { x: new Tensor(x, [ROWS, FEATURES]), y: new Tensor(y, [ROWS]) };
}

type ModelKind = 'dense10-rmsprop' | 'mlp-adam' | 'mlp-dropout-adam';

function buildModel(kind: ModelKind): Sequential {
  const layers: Layer[] = [new Flatten({ inputShape: [FEATURES] })];
  if (kind !== 'dense10-rmsprop') layers.push(new Dense(100, { activation: 'relu', seed: 1 }));
  if (kind === 'mlp-dropout-adam') layers.push(new Dropout(0.3, { seed: 4 }));
  layers.push(new Dense(10, { activation: 'softmax', seed: 2 }));
  const model = new Sequential(layers);
  model.compile({
    optimizer: kind === 'dense10-rmsprop' ? 'rmsprop' : 'adam',
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

interface Outcome {
  weights: Float32Array[];
  losses: number[];
  probs: Float32Array;
}

async function train(kind: ModelKind, backend: BackendName): Promise<Outcome> {
  setBackend(backend);
  try {
    const { x, y } = data(3);
    const model = buildModel(kind);
    const history = await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, seed: 5, validationData: [x, y] });
    const probs = await model.predict(x, { verbose: 0 });
    return {
      weights: model.getWeights().map((w) => Float32Array.from(w.data as Float32Array)),
      losses: [...history.history.loss, ...history.history.val_loss],
      probs: Float32Array.from(probs.data as Float32Array),
    };
  } finally {
    setBackend('wasm');
  }
}

function assertSame(actual: Outcome, expected: Outcome, label: string): void {
  assert.equal(actual.weights.length, expected.weights.length);
  actual.weights.forEach((w, i) =>
    assertWithin(w, expected.weights[i], `${label} weight ${i}`, { rtol: 0, atol: 1e-5 }),
  );
  assertWithin(actual.losses, expected.losses, `${label} losses`, { rtol: 0, atol: 1e-5 });
  assertWithin(actual.probs, expected.probs, `${label} predictions`, { rtol: 0, atol: 1e-5 });
}

const backends: BackendName[] = blasAvailable() ? ['wasm', 'blas'] : ['wasm'];
const note = blasAvailable() ? `blas: ${blasInfo().library}` : `blas not compared: ${blasInfo().reason}`;

for (const kind of ['dense10-rmsprop', 'mlp-adam', 'mlp-dropout-adam'] as const) {
  test(`${kind}: 6 training steps give the same weights, losses and predictions on reference, ${backends.join(', ')} (${note})`, async () => {
    const expected = await train(kind, 'reference');
    // The steps really moved the weights (a comparison of untrained models would prove nothing).
    const initial = buildModel(kind);
    initial.build([null, FEATURES]);
    assert.ok(initial.getWeights()[0].data.some((v, i) => Math.abs(v - expected.weights[0][i]) > 1e-4));
    for (const backend of backends) assertSame(await train(kind, backend), expected, `${kind} on ${backend}`);
  });
}
