// Streaming metrics against scikit-learn (test/fixtures/losses/make_losses.py) and hand-computed values; the
// data is fed in batches of 64 to exercise the state kept between updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as metrics from '../../src/metrics/index.ts';
import type { Metric } from '../../src/metrics/index.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { feedMetric } from '../helpers/feed-metric.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/losses/losses.json', import.meta.url), 'utf8'))
  .metrics as Record<string, number & number[] & number[][]>;

/** Feeds rows in batches of 64 and returns the result. */
function run(
  metric: Metric,
  predictions: number[][],
  targets: number[] | number[][],
  weights: number[] | null = null,
  labels = false,
): number {
  feedMetric(metric, predictions, targets, weights, labels);
  return metric.result();
}

const scores = ref.scores.map((s: number) => [s]);
const binary = ref.labels.map((l: number) => [l]);
const onehot = ref.classes.map((c: number) => Array.from({ length: 5 }, (_, j) => (j === c ? 1 : 0)));

test('AUC (ROC) is within the 200-threshold interpolation error of roc_auc_score, weighted too', () => {
  assertAllClose(run(new metrics.AUC(), scores, binary), ref.rocAuc, { atol: 1e-3, rtol: 0 });
  assertAllClose(run(new metrics.AUC(), scores, binary, ref.weights), ref.rocAucWeighted, { atol: 1e-3, rtol: 0 });
  // More thresholds, closer to the exact area.
  assertAllClose(run(new metrics.AUC({ numThresholds: 2000 }), scores, binary), ref.rocAuc, { atol: 3e-4, rtol: 0 });
});

test('AUC (PR, interpolation) is close to average_precision_score', () => {
  assertAllClose(run(new metrics.AUC({ curve: 'PR' }), scores, binary), ref.averagePrecision, { atol: 2e-3, rtol: 0 });
});

test('AUC by hand: three thresholds, ROC trapezoids and the interpolated PR area', () => {
  const p = [[0.9], [0.7], [0.6], [0.2]];
  const y = [[1], [1], [0], [1]];
  // Thresholds −ε, 0.5, 1 + ε: (tp, fp) = (3, 1), (2, 1), (0, 0).
  assertAllClose(run(new metrics.AUC({ numThresholds: 3 }), p, y), 1 / 3, { rtol: 1e-12 });
  const pr = (1 - Math.log(4 / 3)) / 3 + 4 / 9;
  assertAllClose(run(new metrics.AUC({ numThresholds: 3, curve: 'PR' }), p, y), pr, { rtol: 1e-12 });
  // Minoring / majoring PR: precision (3/4, 2/3, 0) over recall (1, 2/3, 0).
  assertAllClose(
    run(new metrics.AUC({ numThresholds: 3, curve: 'PR', summationMethod: 'minoring' }), p, y),
    (1 / 3) * (2 / 3),
    { rtol: 1e-12 },
  );
  assertAllClose(
    run(new metrics.AUC({ numThresholds: 3, curve: 'PR', summationMethod: 'majoring' }), p, y),
    (1 / 3) * 0.75 + (2 / 3) * (2 / 3),
    { rtol: 1e-12 },
  );
  assertAllClose(
    run(
      new metrics.AUC({ numThresholds: 3, fromLogits: true }),
      p.map(([v]) => [Math.log(v / (1 - v))]),
      y,
    ),
    1 / 3,
    { rtol: 1e-9 },
  );
});

test('Precision and Recall match scikit-learn: threshold, weights, classId, topK', () => {
  assertAllClose(run(new metrics.Precision(), scores, binary), ref.precision, { rtol: 1e-9 });
  assertAllClose(run(new metrics.Recall(), scores, binary), ref.recall, { rtol: 1e-9 });
  assertAllClose(run(new metrics.Precision(), scores, binary, ref.weights), ref.precisionWeighted, { rtol: 1e-6 });
  assertAllClose(run(new metrics.Recall({ thresholds: 0.3 }), scores, binary), ref.recallAt03, { rtol: 1e-9 });
  assertAllClose(run(new metrics.Precision({ classId: 2 }), ref.classScores, onehot), ref.precisionClass2, {
    rtol: 1e-9,
  });
  assertAllClose(run(new metrics.Precision({ topK: 2 }), ref.classScores, onehot), ref.precisionTop2, { rtol: 1e-9 });
  assertAllClose(
    run(new metrics.Recall({ topK: 2, classId: 1 }), ref.classScores, ref.classes, null, true),
    ref.recallTop2Class1,
    { rtol: 1e-9 },
  );
  assert.throws(() => new metrics.Precision({ thresholds: Number.NaN }), /thresholds must be a number in \[0, 1\]/);
});

test('F1Score matches f1_score: macro, micro, weighted, sample weights, a threshold', () => {
  assertAllClose(run(new metrics.F1Score({ average: 'macro' }), ref.classScores, onehot), ref.f1Macro, { rtol: 1e-9 });
  assertAllClose(run(new metrics.F1Score({ average: 'micro' }), ref.classScores, onehot), ref.f1Micro, { rtol: 1e-9 });
  assertAllClose(run(new metrics.F1Score({ average: 'weighted' }), ref.classScores, onehot), ref.f1Weighted, {
    rtol: 1e-9,
  });
  assertAllClose(
    run(new metrics.F1Score({ average: 'macro' }), ref.classScores, onehot, ref.weights),
    ref.f1MacroWeighted,
    { rtol: 1e-6 },
  );
  assertAllClose(
    run(new metrics.F1Score({ average: 'macro', threshold: 0.2 }), ref.classScores, onehot),
    ref.f1MacroAt02,
    { rtol: 1e-9 },
  );
  const perClass = new metrics.F1Score();
  run(perClass, ref.classScores, onehot);
  assertAllClose(perClass.classScores().reduce((a, b) => a + b) / 5, ref.f1Macro, { rtol: 1e-9 });
});

test('top-k accuracies match top_k_accuracy_score; accuracy, RMSE and MAE are streaming weighted means', () => {
  assertAllClose(run(new metrics.TopKCategoricalAccuracy({ k: 2 }), ref.classScores, onehot), ref.topK2, {
    rtol: 1e-9,
  });
  assertAllClose(
    run(new metrics.SparseTopKCategoricalAccuracy({ k: 2 }), ref.classScores, ref.classes, null, true),
    ref.topK2,
    { rtol: 1e-9 },
  );
  assertAllClose(
    run(new metrics.SparseTopKCategoricalAccuracy({ k: 3 }), ref.classScores, ref.classes, ref.weights, true),
    ref.topK3Weighted,
    { rtol: 1e-6 },
  );
  assertAllClose(run(new metrics.SparseCategoricalAccuracy(), ref.classScores, ref.classes, null, true), ref.accuracy, {
    rtol: 1e-9,
  });
  assertAllClose(run(new metrics.RootMeanSquaredError(), ref.classScores, onehot), ref.rmse, { rtol: 1e-6 });
  assertAllClose(run(new metrics.RootMeanSquaredError(), ref.classScores, onehot, ref.weights), ref.rmseWeighted, {
    rtol: 1e-6,
  });
  assertAllClose(
    run(metrics.resolveMetric('mae', { sparseTargets: false, outputUnits: 5 }), ref.classScores, onehot),
    ref.mae,
    { rtol: 1e-6 },
  );
  // Ties with the k-th largest count as in the top k (Keras's in_top_k).
  assert.equal(run(new metrics.SparseTopKCategoricalAccuracy({ k: 1 }), [[0.5, 0.5]], [1], null, true), 1);
});

test("ids resolve to Keras's classes and names; 'accuracy' by the data's shapes", () => {
  const ctx = { sparseTargets: true, outputUnits: 10 };
  assert.ok(metrics.resolveMetric('accuracy', ctx) instanceof metrics.SparseCategoricalAccuracy);
  assert.ok(
    metrics.resolveMetric('acc', { sparseTargets: false, outputUnits: 10 }) instanceof metrics.CategoricalAccuracy,
  );
  assert.ok(
    metrics.resolveMetric('accuracy', { sparseTargets: false, outputUnits: 1 }) instanceof metrics.BinaryAccuracy,
  );
  assert.equal(metrics.resolveMetric('acc', ctx).name, 'acc');
  assert.equal(new metrics.AUC({ curve: 'PR' }).name, 'auc');
  assert.equal(new metrics.Precision().name, 'precision');
  assert.equal(new metrics.RootMeanSquaredError().name, 'root_mean_squared_error');
  assert.equal(new metrics.F1Score().name, 'f1_score');
  assert.equal(new metrics.TopKCategoricalAccuracy().k, 5);
  assert.equal(metrics.resolveMetric('mse', ctx).name, 'mse');
  assert.ok(metrics.resolveMetric('auc', ctx) instanceof metrics.AUC);
  assert.throws(() => metrics.checkMetricSpec('aucc'), /unknown metric 'aucc'/);
  assert.throws(
    () => new metrics.AUC({ num_thresholds: 10 } as never),
    /unknown option 'num_thresholds' \(did you mean 'numThresholds'\?\)/,
  );
  assert.throws(() => new metrics.AUC({ curve: 'roc' as never }), /curve must be one of 'ROC', 'PR'/);
  assert.throws(() => new metrics.AUC({ multi_label: true } as never), /did you mean 'multiLabel'/);
});

test('updateState on tensors, as keras.metrics objects are updated', () => {
  const m = new metrics.SparseCategoricalAccuracy();
  m.updateState(
    new Tensor(Int32Array.of(2, 1), [2]),
    new Tensor(Float32Array.of(0.1, 0.6, 0.3, 0.05, 0.95, 0), [2, 3]),
  );
  assert.equal(m.result(), 0.5);
  const auc = new metrics.AUC({ numThresholds: 3 });
  auc.updateState(new Tensor(Float32Array.of(1, 1, 0, 1), [4]), new Tensor(Float32Array.of(0.9, 0.7, 0.6, 0.2), [4]));
  assertAllClose(auc.result(), 1 / 3, { rtol: 1e-12 });
  auc.resetState();
  assert.equal(auc.result(), 0);
  const p = new metrics.Precision();
  p.updateState(
    new Tensor(Float32Array.of(0, 1, 1, 1), [4]),
    new Tensor(Float32Array.of(1, 1, 1, 0), [4]),
    new Tensor(Float32Array.of(1, 1, 3, 1), [4]),
  );
  assertAllClose(p.result(), 4 / 5, { rtol: 1e-12 });
});
