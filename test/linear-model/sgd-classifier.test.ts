import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { SGDClassifier } from '../../src/linear-model/sgd-classifier.ts';
import type { SGDClassifierOptions } from '../../src/linear-model/sgd-options.ts';
import { filterWarnings } from '../../src/model-selection/warnings.ts';
import { RandomState } from '../../src/random/random-state.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { NablaError, ValueError } from '../../src/errors.ts';

// Fixture made by scikit-learn 1.2: test/fixtures/sklearn/make-sgd.py (command inside).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn/sgd.json', import.meta.url), 'utf8'));
type Fit = {
  name: string;
  data: string;
  params: Record<string, unknown>;
  coef: number[][];
  intercept: number[];
  n_iter: number;
  t: number;
  classes: number[];
  predict_train: number[];
  predict_test: number[];
  decision_test: number[] | number[][];
  proba_test?: number[][];
  score_test: number;
};
const fits: Fit[] = fixture.fits;

function optionsOf(params: Record<string, unknown>): SGDClassifierOptions {
  const camel = (key: string) => key.replace(/_(.)/g, (_, c: string) => c.toUpperCase());
  return Object.fromEntries(Object.entries(params).map(([k, v]) => [camel(k), v])) as SGDClassifierOptions;
}

const fitted = new Map<string, SGDClassifier>();

/** Fits the fixture's configuration once (tests share the fitted estimators). */
function fitFixture(fit: Fit): SGDClassifier {
  const data = fixture.datasets[fit.data];
  if (!fitted.has(fit.name)) {
    filterWarnings('ignore', 'ConvergenceWarning');
    try {
      fitted.set(fit.name, new SGDClassifier(optionsOf(fit.params)).fit(data.x_train, data.y_train));
    } finally {
      filterWarnings('once', 'ConvergenceWarning');
    }
  }
  return fitted.get(fit.name)!;
}

test('coef and intercept equal scikit-learn bit for bit (every loss, penalty, schedule; dense and sparse rows)', () => {
  for (const fit of fits) {
    const clf = fitFixture(fit);
    assert.deepEqual(clf.coef, fit.coef, fit.name);
    assert.deepEqual(clf.intercept, fit.intercept, fit.name);
    assert.equal(clf.nIter, fit.n_iter, fit.name);
    assert.equal(clf.t, fit.t, fit.name);
    assert.deepEqual(clf.classes, fit.classes, fit.name);
  }
});

test('predictions equal scikit-learn on train and test rows for every fixture fit', () => {
  for (const fit of fits) {
    const data = fixture.datasets[fit.data];
    const clf = fitFixture(fit);
    assert.deepEqual(Array.from(clf.predict(data.x_train).data), fit.predict_train, fit.name);
    assert.deepEqual(Array.from(clf.predict(data.x_test).data), fit.predict_test, fit.name);
    assert.equal(clf.score(data.x_test, data.y_test), fit.score_test, fit.name);
  }
});

test('decisionFunction and predictProba match scikit-learn (float32 output)', () => {
  for (const fit of fits) {
    const data = fixture.datasets[fit.data];
    const clf = fitFixture(fit);
    const scores = clf.decisionFunction(data.x_test);
    const reference = (fit.decision_test as (number | number[])[]).flat();
    const scale = Math.max(...reference.map(Math.abs));
    assert.equal(scores.size, reference.length);
    scores.data.forEach((v, i) => assert.ok(Math.abs(v - reference[i]) <= 1e-6 * scale, `${fit.name} score ${i}`));
    if (fit.proba_test !== undefined) {
      const proba = clf.predictProba(data.x_test);
      const expected = fit.proba_test.flat();
      assert.deepEqual(proba.shape, [fit.proba_test.length, fit.classes.length]);
      proba.data.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${fit.name} proba ${i}`));
    }
  }
});

/** §9's per-sample rule written out plainly (no scale factor, explicit shrink), one epoch in data order. */
function referenceEpoch(
  x: number[][],
  labels: number[],
  positive: number,
  loss: 'hinge' | 'log_loss',
  alpha = 1e-4,
): { w: number[]; b: number } {
  const dloss = (p: number, y: number) => {
    const z = p * y;
    if (loss === 'hinge') return z <= 1 ? -y : 0;
    if (z > 18) return Math.exp(-z) * -y;
    if (z < -18) return -y;
    return -y / (Math.exp(z) + 1);
  };
  const typw = Math.sqrt(1 / Math.sqrt(alpha));
  const optimalInit = 1 / ((typw / Math.max(1, dloss(-typw, 1))) * alpha);
  const w = new Array(x[0].length).fill(0);
  let b = 0;
  x.forEach((row, i) => {
    const t = i + 1;
    const y = labels[i] === positive ? 1 : -1;
    const p = row.reduce((s, v, j) => s + v * w[j], 0) + b;
    const eta = 1 / (alpha * (optimalInit + t - 1));
    const update = -eta * dloss(p, y);
    for (let j = 0; j < w.length; j++) w[j] = w[j] * Math.max(0, 1 - eta * alpha) + update * row[j];
    b += update;
  });
  return { w, b };
}

test('one epoch without shuffling equals a plain float64 implementation of the update rule within 1e-6', () => {
  const data = fixture.datasets.multi;
  for (const loss of ['hinge', 'log_loss'] as const) {
    const clf = new SGDClassifier({ loss, maxIter: 1, shuffle: false, tol: null }).fit(data.x_train, data.y_train);
    clf.classes.forEach((positive, c) => {
      const { w, b } = referenceEpoch(data.x_train, data.y_train, positive, loss);
      w.forEach((v, j) => assert.ok(Math.abs(clf.coef[c][j] - v) < 1e-6, `${loss} class ${positive} coef ${j}`));
      assert.ok(Math.abs(clf.intercept[c] - b) < 1e-6);
    });
  }
});

test('Tensors (float32 or uint8, any trailing shape) and nested arrays give the same fit', () => {
  const rows = [
    [0, 3, 1, 0],
    [2, 0, 0, 1],
    [0, 0, 4, 4],
    [1, 1, 0, 0],
    [3, 3, 0, 1],
    [0, 1, 2, 3],
  ];
  const y = [0, 1, 2, 1, 0, 2];
  const reference = new SGDClassifier({ maxIter: 7, tol: null, randomState: 3 }).fit(rows, y);
  const asUint8 = new Tensor(Uint8Array.from(rows.flat()), [6, 2, 2]);
  const asFloat = new Tensor(Float32Array.from(rows.flat()), [6, 4]);
  for (const x of [asUint8, asFloat, rows.map((r) => [r.slice(0, 2), r.slice(2)])]) {
    const clf = new SGDClassifier({ maxIter: 7, tol: null, randomState: 3 }).fit(
      x,
      new Tensor(Int32Array.from(y), [6]),
    );
    assert.deepEqual(clf.coef, reference.coef);
  }
  const predicted = reference.predict(asFloat);
  assert.equal(predicted.dtype, 'int32');
  assert.deepEqual(predicted.shape, [6]);
});

test('a RandomState instance draws like its seed, and clone() copies it at its current point', () => {
  const data = fixture.datasets.multi;
  const bySeed = new SGDClassifier({ maxIter: 3, tol: null, randomState: 42 }).fit(data.x_train, data.y_train);
  const template = new SGDClassifier({ maxIter: 3, tol: null, randomState: new RandomState(42) });
  const copy = template.clone();
  template.fit(data.x_train, data.y_train);
  copy.fit(data.x_train, data.y_train);
  assert.deepEqual(template.coef, bySeed.coef);
  assert.deepEqual(copy.coef, bySeed.coef);
  const advanced = template.clone().fit(data.x_train, data.y_train);
  assert.notDeepEqual(advanced.coef, bySeed.coef);
});

test('ConvergenceWarning is printed once per message and can be silenced', async () => {
  const data = fixture.datasets.multi;
  const seen: string[] = [];
  const listener = (w: Error) => seen.push(w.name);
  process.on('warning', listener);
  try {
    filterWarnings('always', 'ConvergenceWarning');
    new SGDClassifier({ maxIter: 2, randomState: 0 }).fit(data.x_train, data.y_train);
    filterWarnings('once', 'ConvergenceWarning');
    new SGDClassifier({ maxIter: 2, randomState: 0 }).fit(data.x_train, data.y_train);
    new SGDClassifier({ maxIter: 2, randomState: 0 }).fit(data.x_train, data.y_train);
    filterWarnings('ignore', 'ConvergenceWarning');
    new SGDClassifier({ maxIter: 2, randomState: 0 }).fit(data.x_train, data.y_train);
    new SGDClassifier({ maxIter: 2, randomState: 0, tol: null }).fit(data.x_train, data.y_train);
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', listener);
    filterWarnings('once', 'ConvergenceWarning');
  }
  // 'always' printed the first; 'once' had already seen that message, so the next two stayed silent.
  assert.deepEqual(seen, ['ConvergenceWarning']);
});

test('bad input gives errors that name the problem and the expected form', () => {
  const x = [
    [0, 1],
    [1, 0],
    [1, 1],
  ];
  assert.throws(
    () => new SGDClassifier({ loss: 'log' as never }),
    /unknown loss 'log': expected one of 'hinge', 'log_loss', 'modified_huber', 'squared_hinge', 'perceptron'/,
  );
  assert.throws(
    () => new SGDClassifier({ penalty: 'l3' as never }),
    /unknown penalty 'l3': expected one of 'l2', 'l1', 'elasticnet', null/,
  );
  assert.throws(() => new SGDClassifier({ learningRate: 'constant' }), /eta0 must be > 0/);
  assert.throws(() => new SGDClassifier({ alpha: 0 }), /alpha must be > 0 since learningRate is 'optimal'/);
  assert.throws(() => new SGDClassifier({ maxIter: 0 }), ValueError);
  assert.throws(() => new SGDClassifier().fit(x, [0, 1]), /inconsistent numbers of samples: \[3, 2\]/);
  assert.throws(() => new SGDClassifier().fit(x, [1, 1, 1]), /number of classes has to be greater than one/);
  assert.throws(
    () =>
      new SGDClassifier().fit(
        [
          [0, NaN],
          [1, 0],
          [1, 1],
        ],
        [0, 1, 0],
      ),
    /X contains NaN or infinity \(sample 0, feature 1\)/,
  );
  assert.throws(
    () => new SGDClassifier().fit(new Tensor(Float32Array.of(1, 2, 3), [3]), [0, 1, 0]),
    /expected 2-D samples/,
  );
  assert.throws(() => new SGDClassifier().predict(x), /not fitted yet/);
  const clf = new SGDClassifier({ maxIter: 5, tol: null }).fit(x, [0, 1, 0]);
  assert.throws(
    () => clf.predictProba(x),
    (e: unknown) => e instanceof NablaError && /not available for loss='hinge'/.test(e.message),
  );
  assert.throws(() => clf.predict([[1, 2, 3]]), /X has 3 features, but this SGDClassifier was fitted with 2/);
});
