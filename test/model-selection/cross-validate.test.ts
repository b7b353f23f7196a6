import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { crossValidate, checkCv } from '../../src/model-selection/cross-validate.ts';
import { KFold } from '../../src/model-selection/kfold.ts';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.ts';
import { accuracyScore } from '../../src/model-selection/accuracy-score.ts';
import { filterWarnings } from '../../src/model-selection/warnings.ts';
import { SGDClassifier } from '../../src/linear-model/sgd-classifier.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { DenseRows, toDenseRows } from '../../src/model-selection/samples.ts';

// Data from the scikit-learn fixture (test/fixtures/sklearn/make-sgd.py): 700 samples, 20 features, 5 classes.
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn/sgd.json', import.meta.url), 'utf8'));
const { x_train: rows, y_train: labels } = fixture.datasets.larger as { x_train: number[][]; y_train: number[] };
const x = new Tensor(Float32Array.from(rows.flat()), [rows.length, rows[0].length]);
const y = new Tensor(Int32Array.from(labels), [labels.length]);
filterWarnings('ignore', 'ConvergenceWarning');

const estimator = () => new SGDClassifier({ loss: 'log_loss', maxIter: 5, randomState: 42 });

test('an integer cv is stratified for a classifier and plain k-fold otherwise (scikit-learn check_cv)', () => {
  assert.ok(checkCv(undefined, true) instanceof StratifiedKFold);
  assert.equal(checkCv(undefined, true).getNSplits(), 5);
  assert.ok(checkCv(3, false) instanceof KFold);
});

test('crossValidate scores each fold of StratifiedKFold(5) with a fresh fit, as done by hand', async () => {
  const scores = await crossValidate(estimator(), rows, labels);
  const folds = new StratifiedKFold({ nSplits: 5 }).split(rows, labels);
  const expected = folds.map(([train, test]) => {
    const clf = estimator().fit(
      Array.from(train, (i) => rows[i]),
      Array.from(train, (i) => labels[i]),
    );
    return clf.score(
      Array.from(test, (i) => rows[i]),
      Array.from(test, (i) => labels[i]),
    );
  });
  assert.deepEqual(scores.testScore, expected);
  assert.equal(scores.fitTime.length, 5);
  assert.equal(scores.scoreTime.length, 5);
  assert.ok([...scores.fitTime, ...scores.scoreTime].every((t) => t >= 0));
  assert.equal(scores.trainScore, undefined);
});

test('nJobs with worker threads gives the same results as one thread', async () => {
  const options = { cv: new KFold({ nSplits: 3, shuffle: true, randomState: 0 }), returnTrainScore: true };
  const single = await crossValidate(estimator(), x, y, { ...options, nJobs: 1 });
  const threaded = await crossValidate(estimator(), x, y, { ...options, nJobs: 2 });
  assert.deepEqual(threaded.testScore, single.testScore);
  assert.deepEqual(threaded.trainScore, single.trainScore);
  assert.equal(single.trainScore!.length, 3);
});

test('nJobs -1 on small data stays on this thread and agrees; bad nJobs is refused', async () => {
  const scores = await crossValidate(estimator(), rows, labels, { cv: 4, nJobs: -1 });
  const reference = await crossValidate(estimator(), rows, labels, { cv: 4 });
  assert.deepEqual(scores.testScore, reference.testScore);
  await assert.rejects(crossValidate(estimator(), rows, labels, { nJobs: 0 }), /nJobs must be a non-zero integer/);
  await assert.rejects(crossValidate(estimator(), rows, labels.slice(1)), /inconsistent numbers of samples/);
});

test('accuracyScore counts exact matches', () => {
  assert.equal(accuracyScore([0, 1, 2, 2], [0, 2, 2, 2]), 0.75);
  assert.equal(accuracyScore(new Tensor(Int32Array.of(1, 1), [2]), [1, 0], { normalize: false }), 1);
  assert.throws(() => accuracyScore([1], [1, 2]), /inconsistent numbers of samples: \[1, 2\]/);
});

test('an error in a worker thread rejects crossValidate and stops the other workers', async () => {
  const sorted = Array.from({ length: 40 }, (_, i) => (i < 20 ? 0 : 1));
  const features = sorted.map((_, i) => [i % 3, (i * 7) % 5]);
  const cv = new KFold({ nSplits: 2 }); // each training half holds one class only
  await assert.rejects(
    crossValidate(new SGDClassifier(), features, sorted, { cv, nJobs: 2 }),
    /number of classes has to be greater than one/,
  );
});

test('sparse float32 images: the matrix shared by all folds (one thread; two that are sent the rows they score, or that read X shared to score the train rows too) scores as fold-by-fold fits', async () => {
  // Pixel-like data: most values zero, the rest k/255 in float32, as the tutorial's scaled images.
  const n = 300;
  const d = 64;
  const values = new Float32Array(n * d);
  const classes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    classes[i] = i % 4;
    for (let j = 0; j < d; j++) {
      const on = (j * 7 + i * 3) % 5 < 2 || (j % 4 === classes[i] && (i * j) % 3 === 0);
      values[i * d + j] = on ? ((i * 31 + j * 17) % 256) / 255 : 0;
    }
  }
  const images = new Tensor(values, [n, d]);
  const target = new Tensor(classes, [n]);
  assert.ok(
    estimator().prepareFolds(toDenseRows(images), Float64Array.from(classes), 1) !== null,
    'these images take the shared sparse matrix',
  );
  const single = await crossValidate(estimator(), images, target, { nJobs: 1, returnTrainScore: true });
  const threaded = await crossValidate(estimator(), images, target, { nJobs: 2, returnTrainScore: true });
  const sentRows = await crossValidate(estimator(), images, target, { nJobs: 2 });
  assert.deepEqual(threaded.trainScore, single.trainScore);
  const nested = Array.from({ length: n }, (_, i) => Array.from(values.subarray(i * d, (i + 1) * d)));
  const folds = new StratifiedKFold({ nSplits: 5 }).split(nested, Array.from(classes));
  const byHand = folds.map(([train, test]) => {
    const clf = estimator().fit(
      Array.from(train, (i) => nested[i]),
      Array.from(train, (i) => classes[i]),
    );
    return clf.score(
      Array.from(test, (i) => nested[i]),
      Array.from(test, (i) => classes[i]),
    );
  });
  assert.deepEqual(single.testScore, byHand);
  assert.deepEqual(threaded.testScore, byHand);
  assert.deepEqual(sentRows.testScore, byHand);
  assert.ok(new Set(byHand).size > 1, 'the folds should not all score the same');
});

test('a view over some rows of its storage scores the same on one thread and on two, as fits on those rows by hand', async () => {
  // Sparse pixel-like storage; the view holds every storage row but the first ten, in reverse order.
  const n = 120;
  const d = 32;
  const storage = new Float32Array(n * d);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) storage[i * d + j] = (j * 7 + i * 3) % 5 < 2 ? ((i * 31 + j) % 256) / 255 : 0;
  }
  const rows = Int32Array.from({ length: n - 10 }, (_, i) => n - 1 - i);
  const labels = Array.from(rows, (row) => ((row * 13) % 7 < 3 ? 0 : 1));
  const view = new DenseRows(storage, d, rows);
  const cv = new KFold({ nSplits: 4, shuffle: true, randomState: 0 });
  const single = await crossValidate(estimator(), view, labels, { cv, nJobs: 1 });
  const threaded = await crossValidate(estimator(), view, labels, { cv, nJobs: 2 });
  const nested = Array.from(rows, (row) => Array.from(storage.subarray(row * d, (row + 1) * d)));
  const byHand = cv.split(nested, labels).map(([train, test]) => {
    const clf = estimator().fit(
      Array.from(train, (i) => nested[i]),
      Array.from(train, (i) => labels[i]),
    );
    return clf.score(
      Array.from(test, (i) => nested[i]),
      Array.from(test, (i) => labels[i]),
    );
  });
  assert.deepEqual(single.testScore, byHand);
  assert.deepEqual(threaded.testScore, byHand);
});
