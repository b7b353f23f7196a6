// Single optimizer steps on a flat buffer against the Keras 3 formulas written out by hand (docs/optimizers.md).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllClose } from '../helpers/all-close.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { Adam } from '../../src/optimizers/adam.ts';
import { RMSprop } from '../../src/optimizers/rmsprop.ts';
import { Adagrad } from '../../src/optimizers/adagrad.ts';
import type { Optimizer } from '../../src/optimizers/optimizer.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { getBackend } from '../../src/backend/index.ts';

const W0 = [0.5, -1, 2, 0.25];
const G = [
  [0.1, -0.2, 0.3, 0],
  [0.05, 0.4, -0.3, 0.2],
  [-0.1, 0.1, 0.2, -0.4],
];

/** Runs three steps over two variables (a 2-vector and a 2-vector) laid out in one flat buffer. */
function run(optimizer: Optimizer): number[] {
  const backend = getBackend();
  const params = backend.allocFloat32(4);
  const grads = backend.allocFloat32(4);
  params.set(W0);
  optimizer.build(
    [
      { name: 'd/kernel', shape: [2], offset: 0, trainable: true },
      { name: 'd/bias', shape: [2], offset: 2, trainable: true },
    ],
    params,
    grads,
    backend,
  );
  for (const g of G) {
    grads.set(g);
    optimizer.applyGradients(backend);
  }
  return Array.from(params);
}

/** The same three steps in float64, one element at a time. */
function reference(
  update: (w: number, g: number, state: Record<string, number>, t: number) => number,
  init: Record<string, number> = {},
): number[] {
  return W0.map((w0, i) => {
    const state = { ...init };
    let w = w0;
    G.forEach((g, step) => (w = update(w, g[i], state, step + 1)));
    return w;
  });
}

test('SGD, momentum and Nesterov', () => {
  assertAllClose(
    run(new SGD({ learningRate: 0.1 })),
    reference((w, g) => w - 0.1 * g),
    { rtol: 1e-6 },
  );
  assertAllClose(
    run(new SGD({ learningRate: 0.1, momentum: 0.9 })),
    reference((w, g, s) => {
      s.m = 0.9 * (s.m ?? 0) - 0.1 * g;
      return w + s.m;
    }),
    { rtol: 1e-6 },
  );
  assertAllClose(
    run(new SGD({ learningRate: 0.1, momentum: 0.9, nesterov: true })),
    reference((w, g, s) => {
      s.m = 0.9 * (s.m ?? 0) - 0.1 * g;
      return w + 0.9 * s.m - 0.1 * g;
    }),
    { rtol: 1e-6 },
  );
});

test('Adam and AMSGrad: ε after the square root, bias correction in the step size', () => {
  const adam =
    (amsgrad: boolean) =>
    (w: number, g: number, s: Record<string, number>, t: number): number => {
      s.m = (s.m ?? 0) + (g - (s.m ?? 0)) * 0.1;
      s.v = (s.v ?? 0) + (g * g - (s.v ?? 0)) * 0.001;
      s.vh = Math.max(s.vh ?? 0, s.v);
      const alpha = (0.01 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
      return w - (alpha * s.m) / (Math.sqrt(amsgrad ? s.vh : s.v) + 1e-7);
    };
  assertAllClose(run(new Adam({ learningRate: 0.01 })), reference(adam(false)), { rtol: 1e-6 });
  assertAllClose(run(new Adam({ learningRate: 0.01, amsgrad: true })), reference(adam(true)), { rtol: 1e-6 });
});

test('RMSprop plain, with momentum, centered: ε inside the square root', () => {
  const rms =
    (momentum: number, centered: boolean) =>
    (w: number, g: number, s: Record<string, number>): number => {
      s.v = 0.9 * (s.v ?? 0) + 0.1 * g * g;
      s.a = 0.9 * (s.a ?? 0) + 0.1 * g;
      const inc = (0.01 * g) / Math.sqrt((centered ? s.v - s.a * s.a : s.v) + 1e-7);
      if (momentum === 0) return w - inc;
      s.mom = momentum * (s.mom ?? 0) + inc;
      return w - s.mom;
    };
  assertAllClose(run(new RMSprop({ learningRate: 0.01 })), reference(rms(0, false)), { rtol: 1e-5 });
  assertAllClose(run(new RMSprop({ learningRate: 0.01, momentum: 0.5 })), reference(rms(0.5, false)), { rtol: 1e-5 });
  assertAllClose(run(new RMSprop({ learningRate: 0.01, centered: true })), reference(rms(0, true)), { rtol: 1e-5 });
  assertAllClose(run(new RMSprop({ learningRate: 0.01, centered: true, momentum: 0.5 })), reference(rms(0.5, true)), {
    rtol: 1e-5,
  });
});

test('Adagrad starts its accumulator at 0.1', () => {
  assertAllClose(
    run(new Adagrad({ learningRate: 0.1 })),
    reference(
      (w, g, s) => {
        s.acc += g * g;
        return w - (0.1 * g) / Math.sqrt(s.acc + 1e-7);
      },
      { acc: 0.1 },
    ),
    { rtol: 1e-6 },
  );
});

test('state order: iterations, learning rate, then slots interleaved per variable; restorable before build', () => {
  const adam = new Adam();
  run(adam);
  assert.deepEqual(adam.getWeightNames(), [
    'iteration',
    'learning_rate',
    'd/kernel/momentum',
    'd/kernel/velocity',
    'd/bias/momentum',
    'd/bias/velocity',
  ]);
  const state = adam.getWeights();
  assert.equal(state[0].data[0], 3);
  assert.deepEqual(state[2].shape, [2]);
  const copy = new Adam();
  copy.setWeights(state);
  assert.equal(copy.iterations, 3);
  const backend = getBackend();
  const params = backend.allocFloat32(4);
  copy.build(
    [
      { name: 'd/kernel', shape: [2], offset: 0, trainable: true },
      { name: 'd/bias', shape: [2], offset: 2, trainable: true },
    ],
    params,
    backend.allocFloat32(4),
    backend,
  );
  copy.getWeights().forEach((w, i) => assert.deepEqual(Array.from(w.data), Array.from(state[i].data)));
  assert.throws(
    () => copy.setWeights([state[0], state[1], new Tensor(new Float32Array(3), [3]), state[3], state[4], state[5]]),
    /expected shape \(2,\), got \(3,\)/,
  );
  assert.equal(new SGD().getWeights().length, 2, 'plain SGD has no slots');
});

test('bad hyper-parameters are rejected with the valid range', () => {
  assert.throws(() => new SGD({ learningRate: -1 }), /learningRate must be a finite number >= 0/);
  assert.throws(() => new Adam({ beta1: 1 }), /beta1 must be a number in \[0, 1\)/);
  assert.throws(() => new RMSprop({ rho: -0.1 }), /rho/);
  const sgd = new SGD();
  sgd.learningRate = 0.5;
  assert.equal(sgd.getConfig().learningRate, 0.5);
  assert.throws(() => (sgd.learningRate = Number.NaN), /finite/);
});
