// Loss and metric values against hand-computed numbers (docs/keras-facts.md §2, §3).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EPSILON, type LossBatch, getLoss, lossSum, usesLogits } from '../../src/losses.ts';
import { Mean, metricSum, resolveMetric } from '../../src/metrics.ts';
import type { ActivationName } from '../../src/activations.ts';

function batch(output: number[], targets: number[] | Int32Array, cols: number, fromLogits = false, activation: ActivationName = 'linear'): LossBatch {
  const rows = output.length / cols;
  return {
    output: Float32Array.from(output), targets: targets instanceof Int32Array ? targets : Float32Array.from(targets),
    rows, cols, fromLogits, grad: null, gradScale: 1 / rows, probs: new Float32Array(output.length), activation,
  };
}

test('sparse categorical cross-entropy on probabilities clips to [1e-7, 1 − 1e-7] (tf.keras form)', () => {
  const value = lossSum('sparse_categorical_crossentropy', batch([0.2, 0, 0.8], Int32Array.of(1), 3));
  assert.ok(Math.abs(value - -Math.log(EPSILON / (1 + EPSILON))) < 1e-6, `${value}`);
  const plain = lossSum('sparse_categorical_crossentropy', batch([0.2, 0.3, 0.5], Int32Array.of(2), 3));
  assert.ok(Math.abs(plain - -Math.log(0.5)) < 1e-6);
});

test('categorical cross-entropy renormalises, binary adds ε inside the logs, MSE averages the last axis', () => {
  assert.ok(Math.abs(lossSum('categorical_crossentropy', batch([0.5, 0.5, 1], [0, 0, 1], 3)) - Math.log(2)) < 1e-6);
  const bce = lossSum('binary_crossentropy', batch([0, 0.25], [1, 0], 2));
  const expected = (-Math.log(EPSILON + EPSILON) - Math.log(1 - 0.25 + EPSILON)) / 2;
  assert.ok(Math.abs(bce - expected) < 1e-5, `${bce} vs ${expected}`);
  assert.equal(lossSum('mean_squared_error', batch([1, 2, 0, 3], [0, 0, 0, 1], 2)), 2.5 + 2);
});

test('from logits: softmax and sigmoid cross-entropies, probabilities written for metrics', () => {
  const sparse = batch([0, Math.log(3)], Int32Array.of(1), 2, true, 'softmax');
  assert.ok(Math.abs(lossSum('sparse_categorical_crossentropy', sparse) - -Math.log(0.75)) < 1e-6);
  assert.ok(Math.abs(sparse.probs[0] - 0.25) < 1e-6);
  const sigmoid = batch([Math.log(3)], [1], 1, true, 'sigmoid');
  assert.ok(Math.abs(lossSum('binary_crossentropy', sigmoid) - -Math.log(0.75)) < 1e-6);
  assert.ok(Math.abs(sigmoid.probs[0] - 0.75) < 1e-6);
  // A very wrong logit does not saturate at −log(1e-7) as the clipped form would.
  assert.ok(lossSum('binary_crossentropy', batch([-40], [1], 1, true, 'sigmoid')) > 39.9);
});

test('which losses take logits from the last activation, and loss ids', () => {
  assert.equal(usesLogits('sparse_categorical_crossentropy', 'softmax'), true);
  assert.equal(usesLogits('binary_crossentropy', 'sigmoid'), true);
  assert.equal(usesLogits('binary_crossentropy', 'softmax'), false);
  assert.equal(usesLogits('mean_squared_error', 'softmax'), false);
  assert.equal(getLoss('mse'), 'mean_squared_error');
  assert.throws(() => getLoss('huber'), /unknown loss 'huber'/);
});

test("'accuracy' resolves by the shapes as Keras does and keeps the user's name", () => {
  assert.deepEqual(resolveMetric('accuracy', true, 10), { name: 'accuracy', fn: 'sparse_categorical_accuracy' });
  assert.deepEqual(resolveMetric('acc', false, 10), { name: 'acc', fn: 'categorical_accuracy' });
  assert.deepEqual(resolveMetric('accuracy', true, 1), { name: 'accuracy', fn: 'binary_accuracy' });
  assert.deepEqual(resolveMetric('categorical_accuracy', true, 3), { name: 'categorical_accuracy', fn: 'categorical_accuracy' });
});

test('metric sums: argmax matches, binary threshold is a strict > 0.5, weighted means', () => {
  const pred = Float32Array.from([0.1, 0.9, 0.6, 0.4, 0.5, 0.5]);
  assert.equal(metricSum('sparse_categorical_accuracy', pred, Int32Array.from([1, 1, 0]), 3, 2), 2);
  assert.equal(metricSum('categorical_accuracy', pred, Float32Array.from([0, 1, 1, 0, 0, 1]), 3, 2), 2);
  assert.equal(metricSum('binary_accuracy', Float32Array.from([0.5, 0.51]), Float32Array.from([0, 1]), 2, 1), 2);
  assert.equal(metricSum('binary_accuracy', Float32Array.from([0.5, 0.51]), Float32Array.from([1, 1]), 1, 2), 0.5);
  const mean = new Mean();
  mean.update(0.5 * 32, 32);
  mean.update(1 * 16, 16);
  assert.equal(mean.result(), (16 + 16) / 48);
});
