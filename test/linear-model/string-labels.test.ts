// String and boolean class labels, as scikit-learn accepts them: classes sorted as numpy sorts them, the same
// fit as with numeric labels, predictions in the user's labels; splits that stratify by them equal scikit-learn's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ValueError } from '../../src/errors.ts';
import { SGDClassifier } from '../../src/linear-model/sgd-classifier.ts';
import { crossValidate } from '../../src/model-selection/cross-validate.ts';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.ts';
import { trainTestSplitIndices } from '../../src/model-selection/train-test-split.ts';
import { filterWarnings } from '../../src/model-selection/warnings.ts';

// Made by scikit-learn 1.2: test/fixtures/sklearn/make-string-labels.py (command inside).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn/string-labels.json', import.meta.url), 'utf8'));
const x: number[][] = fixture.x;
filterWarnings('ignore', 'ConvergenceWarning');

for (const key of ['str', 'bool'] as const) {
  test(`SGDClassifier on ${key === 'str' ? 'string' : 'boolean'} labels equals scikit-learn: classes, coef, predictions`, () => {
    const y: (string | boolean)[] = fixture[`y_${key}`];
    const expected = fixture[`fit_${key}`];
    const clf = new SGDClassifier({ randomState: 0, maxIter: 20 }).fit(x.slice(0, 70), y.slice(0, 70));
    assert.deepEqual(clf.classes, expected.classes);
    clf.coef.forEach((row, i) =>
      row.forEach((v, j) =>
        assert.ok(Math.abs(v - expected.coef[i][j]) <= 1e-12 * Math.max(1, Math.abs(v)), `coef[${i}][${j}]`),
      ),
    );
    assert.deepEqual(clf.predict(x.slice(70)), expected.predict_test);
    assert.equal(clf.score(x.slice(70), y.slice(70)), expected.score_test);
  });
}

test('StratifiedKFold, stratified trainTestSplit and crossValidate on string labels equal scikit-learn', async () => {
  const y: string[] = fixture.y_str;
  const folds = new StratifiedKFold({ nSplits: 3, shuffle: true, randomState: 1 }).split(x, y);
  assert.deepEqual(
    folds.map(([, testRows]) => Array.from(testRows)),
    fixture.stratified_folds,
  );
  const [train, testRows] = trainTestSplitIndices(y.length, { testSize: 0.3, randomState: 2, stratify: y });
  assert.deepEqual(Array.from(train), fixture.stratified_split.train);
  assert.deepEqual(Array.from(testRows), fixture.stratified_split.test);
  const result = await crossValidate(new SGDClassifier({ randomState: 0, maxIter: 20 }), x, y, { cv: 3 });
  assert.deepEqual(result.testScore, fixture.cross_validate_test_score);
});

test('a mix of strings and numbers is refused as scikit-learn refuses it', () => {
  assert.throws(
    () => new SGDClassifier().fit([[0], [1], [2]], ['a', 1, 'b'] as never),
    (e: Error) => e instanceof ValueError && /Mix of label input types \(string and number\)/.test(e.message),
  );
});
