// Confusion-count metrics against scikit-learn (test/fixtures/metrics/make_confusion.py): thresholds as lists,
// topK and classId, the four count metrics, multi-label AUC and the rate-at-bound metrics; Keras's documented
// examples as hand checks. Data is fed in batches of 64 to exercise the state kept between updates.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Dense } from '../../src/layers/dense.ts';
import * as metrics from '../../src/metrics/index.ts';
import type { Metric } from '../../src/metrics/index.ts';
import { Tracker } from '../../src/metrics/tracker.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { feedMetric } from '../helpers/feed-metric.ts';

const ref = JSON.parse(readFileSync(new URL('../fixtures/metrics/confusion.json', import.meta.url), 'utf8'));

const column = (v: number[]): number[][] => v.map((x) => [x]);
const scores = column(ref.scores);
const binary = column(ref.labels);
const onehot = (ref.classes as number[]).map((c) => Array.from({ length: 5 }, (_, j) => (j === c ? 1 : 0)));

test('Precision and Recall with a list of thresholds: one value per threshold, in the given order', () => {
  for (const [weights, expected] of [
    [null, ref.plain],
    [ref.weights, ref.weighted],
  ] as const) {
    const p = new metrics.Precision({ thresholds: ref.thresholds });
    const r = new metrics.Recall({ thresholds: ref.thresholds });
    feedMetric(p, scores, binary, weights);
    feedMetric(r, scores, binary, weights);
    assertAllClose(p.results(), expected.precision, { rtol: 1e-6 });
    assertAllClose(r.results(), expected.recall, { rtol: 1e-6 });
  }
  // A single threshold in a list or alone gives the same number.
  const one = new metrics.Precision({ thresholds: [0.35] });
  feedMetric(one, scores, binary);
  assertAllClose(one.result(), ref.plain.precision[3], { rtol: 1e-12 });
  assert.throws(() => new metrics.Precision({ thresholds: ref.thresholds }).result(), /results\(\) gives one value/);
});

test('TruePositives, FalsePositives, TrueNegatives, FalseNegatives match confusion_matrix per threshold', () => {
  const make = {
    tp: metrics.TruePositives,
    fp: metrics.FalsePositives,
    tn: metrics.TrueNegatives,
    fn: metrics.FalseNegatives,
  };
  for (const [key, Make] of Object.entries(make)) {
    const m = new Make({ thresholds: ref.thresholds });
    feedMetric(m, scores, binary, ref.weights);
    assertAllClose(m.results(), ref.weighted[key], { rtol: 1e-6 });
    const half = new Make();
    feedMetric(half, scores, binary);
    assert.equal(half.result(), ref.plain[key][2], `${key} at the default threshold 0.5`);
  }
  assert.equal(new metrics.TruePositives().name, 'true_positives');
  assert.equal(new metrics.FalseNegatives({ thresholds: 0.3 }).getConfig().thresholds, 0.3);
  assert.throws(() => new metrics.TruePositives({ topK: 1 } as never), /unknown option 'topK'/);
  assert.ok(
    metrics.resolveMetric('true_negatives', { sparseTargets: false, outputUnits: 1 }) instanceof metrics.TrueNegatives,
  );
});

test('topK keeps the k largest of a row before the thresholds; classId scores one column', () => {
  const p = new metrics.Precision({ topK: 2, classId: 3, thresholds: ref.topkThresholds });
  feedMetric(p, ref.classScores, onehot);
  assertAllClose(p.results(), ref.precisionTop2Class3, { rtol: 1e-9 });
  // The same from integer labels.
  feedMetric(p, ref.classScores, ref.classes, null, true);
  assertAllClose(p.results(), ref.precisionTop2Class3, { rtol: 1e-9 });
  const r = new metrics.Recall({ topK: 2, thresholds: ref.topkThresholds });
  feedMetric(r, ref.classScores, onehot);
  assertAllClose(r.results(), ref.recallTop2All, { rtol: 1e-9 });
  assert.throws(() => feedMetric(new metrics.Recall({ classId: 5 }), ref.classScores, onehot), /classId 5 is outside/);
});

test('thresholds are checked as Keras checks them: numbers in [0, 1]', () => {
  assert.throws(() => new metrics.Precision({ thresholds: 1.5 }), /thresholds must be a number in \[0, 1\]/);
  assert.throws(() => new metrics.Recall({ thresholds: [0.2, -0.1] }), /thresholds must be/);
  assert.throws(() => new metrics.Recall({ thresholds: [] }), /non-empty/);
  assert.throws(() => new metrics.Precision({ topK: 0 }), /topK must be an integer >= 1/);
});

test('a metric with several thresholds is refused by compile-time tracking, naming results()', () => {
  assert.throws(
    () => new Tracker([new metrics.Precision({ thresholds: [0.3, 0.6] })]),
    /has 2 thresholds.*results\(\)/,
  );
  assert.doesNotThrow(() => new Tracker([new metrics.Precision({ thresholds: [0.3] })]));
});

test('AUC multiLabel: per-label ROC areas equal roc_auc_score, averaged or weighted by labelWeights', () => {
  const auc = new metrics.AUC({ multiLabel: true, numLabels: 4 });
  feedMetric(auc, ref.multiScores, ref.multiLabels);
  assertAllClose(auc.result(), ref.rocAucMacro, { rtol: 1e-9 });
  const weighted = new metrics.AUC({ multiLabel: true, labelWeights: ref.labelWeights });
  feedMetric(weighted, ref.multiScores, ref.multiLabels);
  assertAllClose(weighted.result(), ref.rocAucLabelWeighted, { rtol: 1e-9 });
  assert.equal(weighted.numLabels, 4);
  // Sample weights act inside each label's curve.
  const rows = new metrics.AUC({ multiLabel: true });
  feedMetric(rows, ref.multiScores, ref.multiLabels, ref.rowWeights);
  const perLabel = ref.rocAucPerLabelRowWeighted as number[];
  assertAllClose(rows.result(), perLabel.reduce((a, v) => a + v, 0) / 4, { rtol: 1e-6 });
  // Without multiLabel, labelWeights weigh each column's values in the one flattened curve.
  const flat = new metrics.AUC({ labelWeights: ref.labelWeights });
  feedMetric(flat, ref.multiScores, ref.multiLabels, ref.rowWeights);
  assertAllClose(flat.result(), ref.rocAucFlatLabelWeighted, { rtol: 1e-6 });
});

test('AUC multiLabel PR and minoring: the mean of the single-label AUCs of each column', () => {
  for (const options of [
    { curve: 'PR' },
    { curve: 'PR', summationMethod: 'majoring' },
    { summationMethod: 'minoring', fromLogits: true },
  ] as const) {
    const multi = new metrics.AUC({ ...options, multiLabel: true });
    feedMetric(multi, ref.multiScores, ref.multiLabels);
    const single = [0, 1, 2, 3].map((j) => {
      const m = new metrics.AUC(options);
      feedMetric(
        m,
        (ref.multiScores as number[][]).map((r) => [r[j]]),
        (ref.multiLabels as number[][]).map((r) => [r[j]]),
      );
      return m.result();
    });
    assert.ok(Math.max(...single) - Math.min(...single) > 0.05, 'the labels differ');
    assertAllClose(multi.result(), single.reduce((a, v) => a + v, 0) / 4, { rtol: 1e-12 });
  }
});

test('AUC multi-label options are checked', () => {
  assert.throws(() => new metrics.AUC({ numLabels: 3 }), /numLabels is needed only with multiLabel/);
  assert.throws(() => new metrics.AUC({ multiLabel: true, numLabels: 2, labelWeights: [1] }), /1 weights/);
  assert.throws(() => new metrics.AUC({ labelWeights: [1, -1] }), /non-negative/);
  assert.throws(
    () => feedMetric(new metrics.AUC({ multiLabel: true, numLabels: 3 }), ref.multiScores, ref.multiLabels),
    /3 labels/,
  );
  assert.deepEqual(new metrics.AUC({ multiLabel: true, numLabels: 4 }).getConfig().numLabels, 4);
});

test('AUC clamps scores to [0, 1] on evenly spaced thresholds, as Keras buckets them', () => {
  // A score of 1.5 lands in the top bucket (below 1 + ε) and −0.5 in the lowest (above −ε).
  const auc = new metrics.AUC({ numThresholds: 3 });
  feedMetric(auc, [[1.5], [-0.5], [0.7]], [[1], [0], [0]]);
  // (tp, fp) at −ε, 0.5, 1 + ε: (1, 2), (1, 1), (0, 0), so TPR (1, 1, 0) over FPR (1, 0.5, 0): 0.5·1 + 0.5·0.5.
  // Unclamped, it would be (1, 1), (1, 1), (1, 0): 0.25.
  assertAllClose(auc.result(), 0.75, { rtol: 1e-12 });
});

test("rate-at-bound metrics: Keras's documented examples", () => {
  const y = new Tensor(Float32Array.of(0, 0, 0, 1, 1), [5]);
  const p = new Tensor(Float32Array.of(0, 0.3, 0.8, 0.3, 0.8), [5]);
  const check = (m: Metric, expected: number, weights?: number[]): void => {
    m.resetState();
    m.updateState(y, p, weights === undefined ? undefined : new Tensor(Float32Array.from(weights), [5]));
    assertAllClose(m.result(), expected, { rtol: 1e-6 });
  };
  check(new metrics.SensitivityAtSpecificity(0.5), 0.5);
  check(new metrics.SensitivityAtSpecificity(0.5), 1 / 3, [1, 1, 2, 2, 1]);
  check(new metrics.SpecificityAtSensitivity(0.5), 2 / 3);
  check(new metrics.SpecificityAtSensitivity(0.5), 0.5, [1, 1, 2, 2, 2]);
  check(new metrics.PrecisionAtRecall(0.5), 0.5);
  check(new metrics.PrecisionAtRecall(0.5), 1 / 3, [2, 2, 2, 1, 1]);
  const r = new metrics.RecallAtPrecision(0.8);
  r.updateState(new Tensor(Float32Array.of(0, 0, 1, 1), [4]), new Tensor(Float32Array.of(0, 0.5, 0.3, 0.9), [4]));
  assertAllClose(r.result(), 0.5, { rtol: 1e-6 });
});

test('rate-at-bound metrics match the best rate over the 200 thresholds from scikit-learn', () => {
  const bin = column(ref.binScores);
  const make = (): [string, Metric][] => [
    ['sensitivityAtSpecificity', new metrics.SensitivityAtSpecificity(0.8)],
    ['specificityAtSensitivity', new metrics.SpecificityAtSensitivity(0.7)],
    ['precisionAtRecall', new metrics.PrecisionAtRecall(0.6)],
    ['recallAtPrecision', new metrics.RecallAtPrecision(0.75)],
  ];
  for (const [key, m] of make()) {
    feedMetric(m, bin, binary);
    assertAllClose(m.result(), ref.atConstraint[key], { rtol: 1e-9 });
    feedMetric(m, bin, binary, ref.weights);
    assertAllClose(m.result(), ref.atConstraintWeighted[key], { rtol: 1e-6 });
  }
  // classId picks the column: the binary data as column 1 of 2.
  const m = new metrics.PrecisionAtRecall(0.6, { classId: 1 });
  feedMetric(
    m,
    bin.map(([s]) => [1 - s, s]),
    binary.map(([l]) => [1 - l, l]),
  );
  assertAllClose(m.result(), ref.atConstraint.precisionAtRecall, { rtol: 1e-9 });
  assert.equal(m.name, 'precision_at_recall');
  assert.deepEqual(m.getConfig(), { name: 'precision_at_recall', recall: 0.6, numThresholds: 200, classId: 1 });
  assert.throws(() => new metrics.RecallAtPrecision(1.2), /precision must be a number in \[0, 1\]/);
  assert.throws(() => new metrics.SpecificityAtSensitivity(0.5, { numThresholds: 0 }), /numThresholds/);
});

test('compile: multi-label AUC and a rate-at-bound metric log the values a standalone metric gives on predict', async () => {
  const model = new Sequential([new Dense(4, { activation: 'sigmoid', inputShape: [4], seed: 3 })]);
  const auc = new metrics.AUC({ multiLabel: true, name: 'auc_ml' });
  const par = new metrics.PrecisionAtRecall(0.5);
  model.compile({ optimizer: 'adam', loss: 'binary_crossentropy', metrics: [auc, par, 'true_positives'] });
  const x = new Tensor(Float32Array.from((ref.multiScores as number[][]).flat()), [250, 4]);
  const y = new Tensor(Float32Array.from((ref.multiLabels as number[][]).flat()), [250, 4]);
  const logs = (await model.evaluate(x, y, { verbose: 0, returnDict: true })) as Record<string, number>;
  const p = await model.predict(x, { verbose: 0 });
  for (const [key, m] of [
    ['auc_ml', new metrics.AUC({ multiLabel: true })],
    ['precision_at_recall', new metrics.PrecisionAtRecall(0.5)],
    ['true_positives', new metrics.TruePositives()],
  ] as const) {
    m.updateState(y, p);
    assertAllClose(logs[key], m.result(), { rtol: 1e-6 });
  }
});
