// Every loss against float64 numpy / torch.nn.functional values (test/fixtures/losses/make_losses.py), its
// gradient against central differences, and Keras's sample-weighted reduction Σ w·l / n.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as losses from '../../src/losses/index.ts';
import type { Loss, LossRows } from '../../src/losses/index.ts';
import { checkGradient } from '../helpers/gradient-check.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

interface Case {
  loss: string;
  options: Record<string, number | boolean>;
  y: number[][];
  p: number[][];
  w: number[];
  perSample: number[];
  mean: number;
  weightedMean: number;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/losses/losses.json', import.meta.url), 'utf8')) as {
  losses: Case[];
};

/** The loss object for a fixture case, and whether its output is logits. */
function lossFor(c: Case): { loss: Loss; logits: boolean } {
  const o = c.options;
  switch (c.loss) {
    case 'categorical_crossentropy_logits':
      return {
        loss: new losses.CategoricalCrossentropy({ fromLogits: true, labelSmoothing: o.labelSmoothing as number }),
        logits: true,
      };
    case 'binary_crossentropy_logits':
      return {
        loss: new losses.BinaryCrossentropy({ fromLogits: true, labelSmoothing: o.labelSmoothing as number }),
        logits: true,
      };
    case 'categorical_crossentropy':
      return {
        loss: new losses.CategoricalCrossentropy({ labelSmoothing: o.labelSmoothing as number }),
        logits: false,
      };
    case 'huber':
      return { loss: new losses.Huber(o as { delta?: number }), logits: false };
    case 'binary_focal_crossentropy':
      return { loss: new losses.BinaryFocalCrossentropy(o), logits: o.fromLogits === true };
    default:
      return { loss: losses.getLoss(c.loss), logits: false };
  }
}

/** The batch in float64 (the loss code only indexes its arrays), so that finite differences are tight. */
function rowsOf(c: Case, output: Float64Array, weights: boolean, grad: Float64Array | null, logits: boolean): LossRows {
  return {
    output: output as unknown as Float32Array,
    targets: Float64Array.from(c.y.flat()) as unknown as Float32Array,
    rows: c.y.length,
    cols: c.y[0].length,
    logits,
    weights: weights ? Float32Array.from(c.w) : null,
    grad: grad as unknown as Float32Array | null,
    probs: null,
  };
}

for (const c of fixture.losses) {
  const label = `${c.loss} ${JSON.stringify(c.options)}`;
  test(`${label}: values, weighted mean and gradient`, () => {
    const { loss, logits } = lossFor(c);
    const output = Float64Array.from(c.p.flat());
    const rows = c.y.length;
    assertAllClose(loss.sampleLosses(rowsOf(c, output, false, null, logits)), c.perSample, {
      rtol: 1e-6,
      atol: 1e-9,
      message: label,
    });
    const mean = loss.batchLoss(rowsOf(c, output, false, null, logits)) / rows;
    assertAllClose(mean, c.mean, { rtol: 1e-6, atol: 1e-9, message: `${label} mean` });
    for (const weighted of [false, true]) {
      const grad = new Float64Array(output.length);
      const value = loss.batchLoss(rowsOf(c, output, weighted, grad, logits)) / rows;
      if (weighted) assertAllClose(value, c.weightedMean, { rtol: 1e-6, atol: 1e-9, message: `${label} weighted` });
      const f = (p: Float64Array | Float32Array): number =>
        loss.batchLoss(rowsOf(c, p as Float64Array, weighted, null, logits)) / rows;
      checkGradient(f, output, grad, { label, epsilon: 1e-6, rtol: 1e-4, atol: 1e-7 });
    }
  });
}

test('sparse categorical cross-entropy: labels, ignoreClass averages over the rows kept, clipped probabilities', () => {
  const z = Float64Array.from([1, 2, 0.5, -1, 0, 3, 2, 2, 2]);
  const labels = Int32Array.from([1, -1, 0]);
  const loss = new losses.SparseCategoricalCrossentropy({ fromLogits: true, ignoreClass: -1 });
  const grad = new Float64Array(9);
  const b = (output: Float64Array, g: Float64Array | null): LossRows => ({
    output: output as unknown as Float32Array,
    targets: labels,
    rows: 3,
    cols: 3,
    logits: true,
    weights: null,
    grad: g as unknown as Float32Array | null,
    probs: null,
  });
  const lse = (a: number, b2: number, c2: number): number => Math.log(Math.exp(a) + Math.exp(b2) + Math.exp(c2));
  const expected = (lse(1, 2, 0.5) - 2 + lse(2, 2, 2) - 2) / 2;
  assertAllClose(loss.batchLoss(b(z, grad)) / 3, expected, { rtol: 1e-12 });
  assert.deepEqual(Array.from(grad.subarray(3, 6)), [0, 0, 0]);
  checkGradient((p) => loss.batchLoss(b(p as Float64Array, null)) / 3, z, grad, { label: 'ignoreClass' });
  // From probabilities, tf.keras clips to [ε, 1 − ε] before the log.
  const plain = new losses.SparseCategoricalCrossentropy();
  const p = Float32Array.from([0.2, 0, 0.8]);
  const value = plain.batchLoss({
    output: p,
    targets: Int32Array.of(1),
    rows: 1,
    cols: 3,
    logits: false,
    weights: null,
    grad: null,
    probs: null,
  });
  assertAllClose(value, -Math.log(losses.EPSILON / (1 + losses.EPSILON)), { rtol: 1e-6 });
});

test('a loss that takes logits writes the probabilities metrics see', () => {
  const probs = new Float32Array(2);
  const loss = new losses.BinaryCrossentropy({ fromLogits: true });
  loss.batchLoss({
    output: Float32Array.of(Math.log(3), 0),
    targets: Float32Array.of(1, 0),
    rows: 1,
    cols: 2,
    logits: true,
    weights: null,
    grad: null,
    probs,
  });
  assertAllClose(probs, [0.75, 0.5], { rtol: 1e-6 });
});

test('ids, aliases and options: unknown ids and keys are refused', () => {
  assert.equal(losses.getLoss('mse').name, 'mean_squared_error');
  assert.equal(losses.getLoss('kld').name, 'kl_divergence');
  assert.equal(losses.getLoss('huber').name, 'huber_loss');
  assert.ok(losses.getLoss('binary_focal_crossentropy') instanceof losses.BinaryFocalCrossentropy);
  assert.throws(() => losses.getLoss('hingee'), /unknown loss 'hingee'.*'huber'/);
  assert.throws(
    () => new losses.SparseCategoricalCrossentropy({ from_logits: true } as never),
    /unknown option 'from_logits' \(did you mean 'fromLogits'\?\)/,
  );
  assert.throws(() => new losses.Huber({ delta: -1 }), /delta must be a number in \[0, Infinity\]/);
  assert.throws(() => new losses.CategoricalCrossentropy({ labelSmoothing: 2 }), /labelSmoothing/);
  assert.throws(() => new losses.MeanSquaredError({ reduction: 'sum' } as never), /unknown option 'reduction'/);
  assert.throws(() => new losses.CosineSimilarity({ axis: 0 }), /axis must be -1/);
  assert.deepEqual(new losses.BinaryFocalCrossentropy({ gamma: 3 }).getConfig(), {
    name: 'binary_focal_crossentropy',
    reduction: 'sum_over_batch_size',
    applyClassBalancing: false,
    alpha: 0.25,
    gamma: 3,
    fromLogits: false,
    labelSmoothing: 0,
    axis: -1,
  });
});

test('a loss object is saved under its Keras function id', () => {
  assert.equal(losses.lossIdOf(new losses.Huber({ delta: 2 })), 'huber');
  assert.equal(
    losses.lossIdOf(new losses.SparseCategoricalCrossentropy({ fromLogits: true })),
    'sparse_categorical_crossentropy',
  );
  assert.equal(
    losses.lossIdOf(
      losses.getLoss(function myLoss(t) {
        return t;
      }),
    ),
    'myLoss',
  );
});

test('a loss called on tensors, as keras.losses objects are; shapes checked', () => {
  const yTrue = new Tensor(Float32Array.of(0, 1, 0, 0), [2, 2]);
  const yPred = new Tensor(Float32Array.of(0.6, 0.4, 0.4, 0.6), [2, 2]);
  // Keras's documented example: binary_crossentropy → [0.916, 0.714] per sample, here reduced to their mean.
  assertAllClose(new losses.BinaryCrossentropy().call(yTrue, yPred), (0.9163 + 0.7136) / 2, { rtol: 1e-3 });
  assertAllClose(new losses.Huber().call(yTrue, yPred), 0.155, { rtol: 1e-3 });
  const w = new Tensor(Float32Array.of(2, 0), [2]);
  assertAllClose(new losses.MeanSquaredError().call(yTrue, yPred, w), (2 * (0.36 + 0.36)) / 2 / 2, { rtol: 1e-6 });
  const labels = new Tensor(Int32Array.of(1, 2), [2]);
  const probs = new Tensor(Float32Array.of(0.05, 0.95, 0, 0.1, 0.8, 0.1), [2, 3]);
  assertAllClose(new losses.SparseCategoricalCrossentropy().call(labels, probs), (0.0513 + Math.LN10) / 2, {
    rtol: 1e-3,
  });
  assert.throws(
    () => new losses.MeanSquaredError().call(labels, yPred),
    /yTrue must hold the shape of yPred, \(2, 2\)/,
  );
});
