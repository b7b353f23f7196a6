// Keras 3's base optimizer options on a flat buffer: clipping per weight array, global clipping, value clipping,
// weight decay before the update, schedules as the learning rate; values worked out by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllClose } from '../helpers/all-close.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { Adam } from '../../src/optimizers/adam.ts';
import { getOptimizer } from '../../src/optimizers/get-optimizer.ts';
import type { Optimizer } from '../../src/optimizers/optimizer.ts';
import { PiecewiseConstantDecay } from '../../src/optimizers/schedules/index.ts';
import { getBackend } from '../../src/backend/index.ts';
import { LearningRateScheduler } from '../../src/callbacks/learning-rate-scheduler.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/** Steps over two 2-element variables, 'd/kernel' then 'd/bias', in one flat buffer; returns the parameters. */
function run(optimizer: Optimizer, w0: number[], grads: number[][]): number[] {
  const backend = getBackend();
  const params = backend.allocFloat32(4);
  const g = backend.allocFloat32(4);
  params.set(w0);
  optimizer.build(
    [
      { name: 'd/kernel', shape: [2], offset: 0, trainable: true },
      { name: 'd/bias', shape: [2], offset: 2, trainable: true },
    ],
    params,
    g,
    backend,
  );
  for (const step of grads) {
    g.set(step);
    optimizer.applyGradients(backend);
  }
  return Array.from(params);
}

const ZERO = [0, 0, 0, 0];

test('clipnorm clips each weight array on its own, not the flat buffer', () => {
  // kernel gradient (3, 4) has norm 5 → (0.6, 0.8); bias gradient (0.3, 0.4) has norm 0.5 < 1 and stays.
  assertAllClose(run(new SGD({ learningRate: 1, clipnorm: 1 }), ZERO, [[3, 4, 0.3, 0.4]]), [-0.6, -0.8, -0.3, -0.4], {
    rtol: 1e-6,
  });
});

test('globalClipnorm scales every gradient by c / (norm of all of them)', () => {
  const norm = Math.sqrt(25 + 0.25);
  const expected = [3, 4, 0.3, 0.4].map((g) => -g / norm);
  assertAllClose(run(new SGD({ learningRate: 1, globalClipnorm: 1 }), ZERO, [[3, 4, 0.3, 0.4]]), expected, {
    rtol: 1e-6,
  });
  // Below the threshold nothing changes.
  assertAllClose(
    run(new SGD({ learningRate: 1, globalClipnorm: 10 }), ZERO, [[3, 4, 0.3, 0.4]]),
    [-3, -4, -0.3, -0.4],
    { rtol: 1e-6 },
  );
});

test('clipvalue clips each element to [-v, v]', () => {
  assertAllClose(
    run(new SGD({ learningRate: 1, clipvalue: 0.5 }), ZERO, [[3, -4, 0.3, -0.4]]),
    [-0.5, 0.5, -0.3, 0.4],
    { rtol: 1e-6 },
  );
});

test('weight decay w -= w·wd·lr comes before the update, and excluded names are skipped', () => {
  // Decay first: 1 − 1·0.5·0.5 − 0.5·1 = 0.25 (decaying after the update would give 0.375).
  assertAllClose(
    run(new SGD({ learningRate: 0.5, weightDecay: 0.5 }), [1, 2, 1, 2], [[1, 0, 1, 0]]),
    [0.25, 1.5, 0.25, 1.5],
    { rtol: 1e-6 },
  );
  const sgd = new SGD({ learningRate: 0.5, weightDecay: 0.5 });
  sgd.excludeFromWeightDecay({ varNames: ['bias'] });
  assertAllClose(run(sgd, [1, 2, 1, 2], [[1, 0, 1, 0]]), [0.25, 1.5, 0.5, 2], { rtol: 1e-6 });
});

test('clipping comes before weight decay: the decay uses the weights, not the clipped gradient', () => {
  // g (3, 4) clipped to (0.6, 0.8); w = 1 − 1·0.1·1 − 0.6 = 0.3 and 1 − 0.1 − 0.8 = 0.1.
  assertAllClose(
    run(new SGD({ learningRate: 1, clipnorm: 1, weightDecay: 0.1 }), [1, 1, 0, 0], [[3, 4, 0, 0]]),
    [0.3, 0.1, 0, 0],
    { rtol: 1e-6 },
  );
});

test('a schedule sets the rate of each step from the iterations done before it', () => {
  const schedule = new PiecewiseConstantDecay({ boundaries: [1], values: [1, 0.1] });
  const sgd = new SGD({ learningRate: schedule });
  assert.equal(sgd.learningRate, 1);
  // Steps at iterations 0, 1, 2 use 1, 1, 0.1.
  assertAllClose(
    run(sgd, ZERO, [
      [1, 1, 1, 1],
      [1, 1, 1, 1],
      [1, 1, 1, 1],
    ]),
    [-2.1, -2.1, -2.1, -2.1],
    { rtol: 1e-6 },
  );
  assert.equal(sgd.iterations, 3);
  assert.equal(sgd.learningRate, 0.1);
  assert.throws(
    () => (sgd.learningRate = 0.5),
    /created with a LearningRateSchedule \(PiecewiseConstantDecay\).*not settable/,
  );
  // As in Keras, there is no learning_rate variable next to a schedule.
  assert.deepEqual(sgd.getWeightNames(), ['iteration']);
  const config = sgd.getConfig();
  assert.deepEqual(config.learningRate, {
    className: 'PiecewiseConstantDecay',
    config: { boundaries: [1], values: [1, 0.1], name: 'PiecewiseConstant' },
  });
  const copy = getOptimizer({ className: 'SGD', config });
  assert.deepEqual(copy.getConfig(), config);
  assert.equal(copy.learningRateSchedule?.call(5), 0.1);
});

test('LearningRateScheduler refuses to set the rate of an optimizer driven by a schedule, as Keras', async () => {
  const model = new Sequential([new Dense(2, { inputShape: [3], seed: 1 })]);
  model.compile({
    optimizer: new SGD({ learningRate: new PiecewiseConstantDecay({ boundaries: [5], values: [0.1, 0.01] }) }),
    loss: 'mse',
  });
  const x = new Tensor(new Float32Array(12).fill(0.5), [4, 3]);
  const y = new Tensor(new Float32Array(8).fill(1), [4, 2]);
  await assert.rejects(
    model.fit(x, y, { epochs: 1, verbose: 0, callbacks: [new LearningRateScheduler((_e, lr) => lr / 2)] }),
    /not settable/,
  );
  // With a number learning rate the callback works beside the base options.
  const plain = new Sequential([new Dense(2, { inputShape: [3], seed: 1 })]);
  plain.compile({ optimizer: new SGD({ learningRate: 0.1, clipnorm: 1, weightDecay: 0.01 }), loss: 'mse' });
  await plain.fit(x, y, { epochs: 2, verbose: 0, callbacks: [new LearningRateScheduler((_e, lr) => lr / 2)] });
  assert.equal(plain.optimizer?.learningRate, 0.025);
});

test('bad base options are refused by name; useEma is refused rather than ignored', () => {
  assert.throws(
    () => new SGD({ clipnorm: 1, globalClipnorm: 1 }),
    /only one of `clipnorm`, `clipvalue` and `globalClipnorm` can be set/,
  );
  assert.throws(() => new Adam({ clipvalue: 1, clipnorm: 1 }), /only one of/);
  assert.throws(() => new Adam({ useEma: true }), /useEma=true is not supported/);
  assert.throws(() => new SGD({ clipnorm: -1 }), /clipnorm must be a finite number >= 0/);
  assert.throws(() => new SGD({ weightDecay: Number.NaN }), /weightDecay must be a finite number/);
  assert.throws(
    () => new Adam({ weight_decay: 0.1 } as never),
    /unknown option 'weight_decay' \(did you mean 'weightDecay'\?\)/,
  );
  const config = new Adam({ clipnorm: 2, weightDecay: 0.01 }).getConfig();
  assert.equal(config.clipnorm, 2);
  assert.equal(config.weightDecay, 0.01);
  assert.deepEqual(getOptimizer({ className: 'Adam', config }).getConfig(), config);
});
