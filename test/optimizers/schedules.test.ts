// Learning-rate schedules against their formulas, values worked out by hand at several steps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAllClose } from '../helpers/all-close.ts';
import {
  CosineDecay,
  CosineDecayRestarts,
  ExponentialDecay,
  InverseTimeDecay,
  PiecewiseConstantDecay,
  PolynomialDecay,
  getSchedule,
} from '../../src/optimizers/schedules/index.ts';
import type { LearningRateSchedule } from '../../src/optimizers/schedules/index.ts';

function at(schedule: LearningRateSchedule, steps: number[]): number[] {
  return steps.map((s) => schedule.call(s));
}

test('ExponentialDecay: lr0·rate^(step/decaySteps), the exponent floored with staircase', () => {
  const smooth = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5 });
  // 0.5^0.5 = 0.70710678…, 0.5^1.5 = 0.35355339…
  assertAllClose(at(smooth, [0, 5, 10, 15, 20]), [0.1, 0.070710678118654, 0.05, 0.035355339059327, 0.025], {
    rtol: 1e-12,
  });
  const stairs = new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 10, decayRate: 0.5, staircase: true });
  assertAllClose(at(stairs, [0, 9, 10, 15, 29, 30]), [0.1, 0.1, 0.05, 0.05, 0.025, 0.0125], { rtol: 1e-12 });
});

test('PiecewiseConstantDecay: a boundary belongs to the interval it ends', () => {
  const schedule = new PiecewiseConstantDecay({ boundaries: [10, 20], values: [1, 0.5, 0.1] });
  assert.deepEqual(at(schedule, [0, 10, 11, 20, 21, 1000]), [1, 1, 0.5, 0.5, 0.1, 0.1]);
  assert.throws(
    () => new PiecewiseConstantDecay({ boundaries: [10], values: [1] }),
    /1 less than the length of values/,
  );
  assert.throws(() => new PiecewiseConstantDecay({ boundaries: [20, 10], values: [1, 2, 3] }), /strictly increasing/);
});

test('PolynomialDecay: (lr0 − end)(1 − step/decaySteps)^power + end; cycle stretches decaySteps', () => {
  const once = new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 10, endLearningRate: 0.01, power: 2 });
  // step 5: 0.09·0.25 + 0.01; past decaySteps the end rate holds.
  assertAllClose(at(once, [0, 5, 10, 15]), [0.1, 0.0325, 0.01, 0.01], { rtol: 1e-12 });
  const cycling = new PolynomialDecay({
    initialLearningRate: 0.1,
    decaySteps: 10,
    endLearningRate: 0.01,
    power: 2,
    cycle: true,
  });
  // step 15: decaySteps becomes 20, (1 − 0.75)² = 0.0625 → 0.015625; step 0 keeps multiplier 1.
  assertAllClose(at(cycling, [0, 5, 15, 20]), [0.1, 0.0325, 0.015625, 0.01], { rtol: 1e-12 });
  assert.equal(new PolynomialDecay({ initialLearningRate: 1, decaySteps: 4 }).call(4), 0.0001, 'default end rate 1e-4');
});

test('InverseTimeDecay: lr0 / (1 + rate·step/decaySteps), floored with staircase', () => {
  const smooth = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 1, decayRate: 0.5 });
  assertAllClose(at(smooth, [0, 1, 2, 6]), [0.1, 0.1 / 1.5, 0.05, 0.025], { rtol: 1e-12 });
  const stairs = new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 4, decayRate: 0.5, staircase: true });
  assertAllClose(at(stairs, [3, 6, 8]), [0.1, 0.1 / 1.5, 0.05], { rtol: 1e-12 });
});

test('CosineDecay: half a cosine from lr0 to alpha·lr0; with warmup a line to the target first', () => {
  const plain = new CosineDecay({ initialLearningRate: 0.1, decaySteps: 10, alpha: 0.1 });
  // step 5: cos(π/2) = 0 → (0.9·0.5 + 0.1)·0.1; step 10 and later: alpha·lr0.
  assertAllClose(at(plain, [0, 5, 10, 20]), [0.1, 0.055, 0.01, 0.01], { rtol: 1e-12 });
  const warm = new CosineDecay({ initialLearningRate: 0, decaySteps: 10, warmupTarget: 0.2, warmupSteps: 5 });
  // warmup 0 → 0.2 over 5 steps (0.04 per step), then the decay from 0.2 (half way at step 10, 0 at 15).
  assertAllClose(at(warm, [0, 2, 5, 10, 15, 100]), [0, 0.08, 0.2, 0.1, 0, 0], { rtol: 1e-12, atol: 1e-15 });
  assertAllClose([warm.call(7.5)], [0.2 * 0.5 * (1 + Math.cos(Math.PI / 4))], { rtol: 1e-12 });
});

test('CosineDecayRestarts: periods of first·tMul^i steps starting at lr0·mMul^i', () => {
  const sgdr = new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, tMul: 2, mMul: 0.5 });
  // Period 0: steps 0–10; period 1 (0.5×): 10–30; period 2 (0.25×): 30–70.
  assertAllClose(at(sgdr, [0, 5, 10, 20, 30, 50]), [1, 0.5, 0.5, 0.25, 0.25, 0.125], { rtol: 1e-9, atol: 1e-12 });
  const even = new CosineDecayRestarts({ initialLearningRate: 1, firstDecaySteps: 10, tMul: 1, mMul: 0.5, alpha: 0.2 });
  // step 15: restart 1, half way: 0.5·0.5·(1 + 0) = 0.25 → 0.8·0.25 + 0.2; step 20: restart 2 begins at 0.25.
  assertAllClose(at(even, [15, 20]), [0.4, 0.2 + 0.8 * 0.25], { rtol: 1e-12 });
  assert.equal(sgdr.name, 'SGDRDecay');
});

test("configs round-trip, defaults are Keras 3's, bad arguments are refused by name", () => {
  const schedules = [
    new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 7, decayRate: 0.9, staircase: true }),
    new PiecewiseConstantDecay({ boundaries: [3], values: [0.1, 0.01] }),
    new PolynomialDecay({ initialLearningRate: 0.1, decaySteps: 7 }),
    new InverseTimeDecay({ initialLearningRate: 0.1, decaySteps: 7, decayRate: 0.5 }),
    new CosineDecay({ initialLearningRate: 0.1, decaySteps: 7 }),
    new CosineDecayRestarts({ initialLearningRate: 0.1, firstDecaySteps: 7 }),
  ];
  for (const schedule of schedules) {
    const copy = getSchedule(schedule.toSpec());
    assert.deepEqual(copy.getConfig(), schedule.getConfig());
    assert.deepEqual(at(copy, [0, 3, 9]), at(schedule, [0, 3, 9]));
  }
  assert.deepEqual(schedules[4].getConfig(), {
    initialLearningRate: 0.1,
    decaySteps: 7,
    alpha: 0,
    name: 'CosineDecay',
    warmupTarget: null,
    warmupSteps: 0,
  });
  assert.deepEqual(schedules[5].getConfig(), {
    initialLearningRate: 0.1,
    firstDecaySteps: 7,
    tMul: 2,
    mMul: 1,
    alpha: 0,
    name: 'SGDRDecay',
  });
  assert.equal(schedules[2].getConfig().endLearningRate, 0.0001);
  assert.throws(
    () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 0, decayRate: 0.5 }),
    /decaySteps` must be a finite number > 0/,
  );
  assert.throws(
    () => new ExponentialDecay({ initialLearningRate: 0.1, decaySteps: 5 } as never),
    /option 'decayRate' is required/,
  );
  assert.throws(
    () => new CosineDecay({ initialLearningRate: 0.1, decay_steps: 5 } as never),
    /unknown option 'decay_steps' \(did you mean 'decaySteps'\?\)/,
  );
  assert.throws(() => getSchedule({ className: 'OneCycle', config: {} }), /unknown learning rate schedule 'OneCycle'/);
});
