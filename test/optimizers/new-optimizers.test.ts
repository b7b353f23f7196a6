// AdamW, Adamax, Nadam, Adadelta, Lion and Ftrl: Keras 3's defaults, string ids, configs, argument checks, and
// Ftrl's L1 path (which the golden trajectories leave out) against its formula by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllClose } from '../helpers/all-close.ts';
import { AdamW } from '../../src/optimizers/adamw.ts';
import { Adamax } from '../../src/optimizers/adamax.ts';
import { Nadam } from '../../src/optimizers/nadam.ts';
import { Adadelta } from '../../src/optimizers/adadelta.ts';
import { Lion } from '../../src/optimizers/lion.ts';
import { Ftrl } from '../../src/optimizers/ftrl.ts';
import { getOptimizer } from '../../src/optimizers/get-optimizer.ts';
import type { Optimizer } from '../../src/optimizers/optimizer.ts';
import { getBackend } from '../../src/backend/index.ts';

test("string ids give Keras 3's classes with Keras 3's defaults", () => {
  const expected: [string, string, Record<string, unknown>][] = [
    [
      'adamw',
      'AdamW',
      { learningRate: 0.001, weightDecay: 0.004, beta1: 0.9, beta2: 0.999, epsilon: 1e-7, amsgrad: false },
    ],
    ['adamax', 'Adamax', { learningRate: 0.001, weightDecay: null, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
    ['nadam', 'Nadam', { learningRate: 0.001, beta1: 0.9, beta2: 0.999, epsilon: 1e-7 }],
    ['adadelta', 'Adadelta', { learningRate: 0.001, rho: 0.95, epsilon: 1e-7 }],
    ['lion', 'Lion', { learningRate: 0.001, beta1: 0.9, beta2: 0.99 }],
    [
      'ftrl',
      'Ftrl',
      {
        learningRate: 0.001,
        learningRatePower: -0.5,
        initialAccumulatorValue: 0.1,
        l1RegularizationStrength: 0,
        l2RegularizationStrength: 0,
        l2ShrinkageRegularizationStrength: 0,
        beta: 0,
      },
    ],
  ];
  for (const [id, className, defaults] of expected) {
    const optimizer = getOptimizer(id);
    assert.equal(optimizer.className, className);
    assert.equal(optimizer.name, id);
    const config = optimizer.getConfig();
    for (const [key, value] of Object.entries(defaults)) assert.equal(config[key], value, `${className} ${key}`);
    // Configs round-trip through the class name, as Keras's from_config.
    assert.deepEqual(getOptimizer({ className, config }).getConfig(), config);
  }
});

test('slots are named as Keras 3 names them, interleaved per variable', () => {
  const backend = getBackend();
  const slots = (optimizer: Optimizer) => {
    optimizer.build(
      [{ name: 'd/kernel', shape: [1], offset: 0, trainable: true }],
      backend.allocFloat32(1),
      backend.allocFloat32(1),
      backend,
    );
    return optimizer.getWeightNames();
  };
  assert.deepEqual(slots(new AdamW()), ['iteration', 'learning_rate', 'd/kernel/momentum', 'd/kernel/velocity']);
  assert.deepEqual(slots(new Adamax()), ['iteration', 'learning_rate', 'd/kernel/momentum', 'd/kernel/norm']);
  assert.deepEqual(slots(new Nadam()), [
    'iteration',
    'learning_rate',
    'd/kernel/momentum',
    'd/kernel/velocity',
    'u_product',
  ]);
  assert.deepEqual(slots(new Adadelta()), [
    'iteration',
    'learning_rate',
    'd/kernel/accumulated_grad',
    'd/kernel/accumulated_delta_var',
  ]);
  assert.deepEqual(slots(new Lion()), ['iteration', 'learning_rate', 'd/kernel/momentum']);
  assert.deepEqual(slots(new Ftrl()), ['iteration', 'learning_rate', 'd/kernel/accumulator', 'd/kernel/linear']);
});

test('Ftrl with L1: weights whose |z| stays under λ1 become exactly 0, the others follow the closed form', () => {
  const backend = getBackend();
  const params = backend.allocFloat32(2);
  const grads = backend.allocFloat32(2);
  params.set([0.5, 0.05]);
  grads.set([0.2, 0.01]);
  const ftrl = new Ftrl({
    learningRate: 0.1,
    l1RegularizationStrength: 0.05,
    l2RegularizationStrength: 0.01,
    beta: 0.2,
  });
  ftrl.build([{ name: 'w', shape: [2], offset: 0, trainable: true }], params, grads, backend);
  ftrl.applyGradients(backend);
  // n' = 0.1 + g²; z = g − (√n' − √0.1)/lr · w; w = (clip(z, ±λ1) − z) / (√n'/lr + 2(λ2 + β/(2 lr))).
  const expected = [
    [0.5, 0.2],
    [0.05, 0.01],
  ].map(([w, g]) => {
    const n = 0.1 + g * g;
    const z = g - ((Math.sqrt(n) - Math.sqrt(0.1)) / 0.1) * w;
    const quadratic = Math.sqrt(n) / 0.1 + 2 * (0.01 + 0.2 / 0.2);
    return (Math.min(Math.max(z, -0.05), 0.05) - z) / quadratic;
  });
  assert.equal(expected[1], 0);
  assertAllClose(Array.from(params), expected, { rtol: 1e-6 });
  assert.equal(params[1], 0);
});

test('bad arguments are refused as Keras refuses them', () => {
  assert.throws(() => new AdamW({ weightDecay: null }), /`weightDecay` must be a number/);
  assert.throws(() => new Lion({ beta1: 0 }), /`beta1` must be in the \(0, 1\] range/);
  assert.throws(() => new Ftrl({ learningRatePower: 0.5 }), /`learningRatePower` needs to be negative or zero/);
  assert.throws(
    () => new Ftrl({ l1RegularizationStrength: -1 }),
    /l1RegularizationStrength must be a finite number >= 0/,
  );
  assert.throws(() => new Adadelta({ rho: 1 }), /rho must be a number in \[0, 1\)/);
  assert.throws(() => new Nadam({ beta_1: 0.5 } as never), /unknown option 'beta_1' \(did you mean 'beta1'\?\)/);
  assert.throws(() => getOptimizer('adafactor'), /unknown optimizer 'adafactor'.*'lion', 'ftrl'/);
});
