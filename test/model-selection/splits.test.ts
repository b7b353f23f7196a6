import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { trainTestSplit, trainTestSplitIndices } from '../../src/model-selection/train-test-split.ts';
import { KFold } from '../../src/model-selection/kfold.ts';
import { StratifiedKFold } from '../../src/model-selection/stratified-kfold.ts';
import { filterWarnings } from '../../src/model-selection/warnings.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { ValueError } from '../../src/errors.ts';

// Fixture made by scikit-learn 1.2: test/fixtures/sklearn/make-splits.py (command inside).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/sklearn/splits.json', import.meta.url), 'utf8'));
const opt = (v: number | null) => (v === null ? undefined : v);

function checksum(a: Int32Array): number {
  let sum = 0n;
  a.forEach((v, i) => (sum += BigInt(i) * BigInt(v)));
  return Number(sum % 2147483647n);
}

test('trainTestSplit indices equal scikit-learn for (n, testSize, trainSize, randomState) cases', () => {
  for (const c of fixture.train_test_split) {
    const [train, test] = trainTestSplitIndices(c.n, {
      testSize: opt(c.test_size),
      trainSize: opt(c.train_size),
      randomState: c.seed,
    });
    assert.deepEqual(Array.from(train), c.train, `n ${c.n} test ${c.test_size} seed ${c.seed}`);
    assert.deepEqual(Array.from(test), c.test);
  }
});

test('the tutorial split (60,000 and 48,000 rows, testSize 0.2, seed 42) equals scikit-learn', () => {
  for (const c of fixture.long_split) {
    const [train, test] = trainTestSplitIndices(c.n, { testSize: c.test_size, randomState: c.seed });
    for (const [ours, ref] of [
      [train, c.train],
      [test, c.test],
    ] as const) {
      assert.equal(ours.length, ref.n);
      assert.deepEqual(Array.from(ours.subarray(0, 20)), ref.head);
      assert.deepEqual(Array.from(ours.subarray(ours.length - 20)), ref.tail);
      assert.equal(checksum(ours), ref.checksum);
    }
  }
});

test('stratified trainTestSplit equals scikit-learn (StratifiedShuffleSplit, ties broken by the seed)', () => {
  for (const c of fixture.stratified_split) {
    const [train, test] = trainTestSplitIndices(c.y.length, {
      testSize: c.test_size,
      randomState: c.seed,
      stratify: c.y,
    });
    assert.deepEqual(Array.from(train), c.train, `n ${c.y.length} seed ${c.seed}`);
    assert.deepEqual(Array.from(test), c.test);
  }
});

test('KFold folds equal scikit-learn, with and without shuffling', () => {
  for (const c of fixture.kfold) {
    const folds = new KFold({ nSplits: c.n_splits, shuffle: c.shuffle, randomState: opt(c.seed) }).split(
      new Array(c.n).fill(0),
    );
    assert.deepEqual(
      folds.map(([tr, te]) => [Array.from(tr), Array.from(te)]),
      c.folds,
      `n ${c.n} k ${c.n_splits} seed ${c.seed}`,
    );
  }
});

test('StratifiedKFold folds equal scikit-learn, with and without shuffling', () => {
  filterWarnings('ignore', 'UserWarning');
  try {
    for (const c of fixture.stratified_kfold) {
      const cv = new StratifiedKFold({ nSplits: c.n_splits, shuffle: c.shuffle, randomState: opt(c.seed) });
      const folds = cv.split(new Array(c.y.length).fill(0), c.y);
      assert.deepEqual(
        folds.map(([tr, te]) => [Array.from(tr), Array.from(te)]),
        c.folds,
        `n ${c.y.length} k ${c.n_splits} seed ${c.seed}`,
      );
    }
  } finally {
    filterWarnings('once', 'UserWarning');
  }
});

test('trainTestSplit returns each input kind with its rows gathered in split order', () => {
  const x = new Tensor(
    Float32Array.from({ length: 20 }, (_, i) => i),
    [10, 2],
  );
  const y = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const yTyped = Uint8Array.from(y);
  const [xTrain, xTest, yTrain, yTest, tTrain, tTest] = trainTestSplit(x, y, yTyped, {
    testSize: 0.2,
    randomState: 42,
  });
  // numpy: RandomState(42).permutation(10) = [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]; test = first 2.
  assert.deepEqual(yTest, [8, 1]);
  assert.deepEqual(yTrain, [5, 0, 7, 2, 9, 4, 3, 6]);
  assert.ok(xTrain instanceof Tensor && xTest instanceof Tensor);
  assert.deepEqual(xTrain.shape, [8, 2]);
  assert.deepEqual(Array.from(xTest.data), [16, 17, 2, 3]);
  assert.ok(tTrain instanceof Uint8Array);
  assert.deepEqual(Array.from(tTest), [8, 1]);
});

test('shuffle=false takes the first rows for training; sizes round as scikit-learn (ceil test, floor train)', () => {
  const [train, test] = trainTestSplitIndices(10, { testSize: 0.25, shuffle: false });
  assert.deepEqual(Array.from(train), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(test), [7, 8, 9]);
  const [train2, test2] = trainTestSplitIndices(10, { trainSize: 0.55, shuffle: false });
  assert.equal(train2.length, 5);
  assert.equal(test2.length, 5);
});

test('bad sizes, lengths and stratification give clear errors', () => {
  assert.throws(() => trainTestSplitIndices(10, { testSize: 0 }), /testSize=0 should be/);
  assert.throws(() => trainTestSplitIndices(10, { testSize: 1.5 }), ValueError);
  assert.throws(() => trainTestSplitIndices(10, { testSize: -0.2 }), ValueError);
  assert.throws(() => trainTestSplitIndices(10, { testSize: 10 }), /smaller than the number of samples 10/);
  assert.throws(() => trainTestSplitIndices(10, { testSize: 0.6, trainSize: 0.6 }), /sum of testSize and trainSize/);
  assert.throws(() => trainTestSplit([1, 2, 3], [1, 2], { testSize: 1 }), /inconsistent numbers of samples: \[3, 2\]/);
  assert.throws(() => trainTestSplitIndices(4, { testSize: 0.5, stratify: [0, 0, 0, 1] }), /only 1 member/);
  assert.throws(() => trainTestSplitIndices(4, { shuffle: false, stratify: [0, 0, 1, 1] }), /shuffle=false/);
  assert.throws(() => new KFold({ nSplits: 1 }), /nSplits >= 2/);
  assert.throws(() => new KFold({ randomState: 3 }), /no effect since shuffle is false/);
  assert.throws(() => new KFold({ nSplits: 5 }).split([1, 2, 3]), /greater than the number of samples/);
  assert.throws(
    () => new StratifiedKFold({ nSplits: 3 }).split([1, 2, 3, 4], [0, 0, 1, 1]),
    /number of members in each class/,
  );
});

test('StratifiedKFold warns when a class has fewer members than folds', async () => {
  const seen: string[] = [];
  const listener = (w: Error) => seen.push(`${w.name}: ${w.message}`);
  process.on('warning', listener);
  new StratifiedKFold({ nSplits: 3 }).split(new Array(8).fill(0), [0, 0, 0, 0, 0, 0, 1, 1]);
  await new Promise((resolve) => setImmediate(resolve));
  process.off('warning', listener);
  assert.deepEqual(seen, [
    'UserWarning: The least populated class in y has only 2 members, which is less than nSplits=3.',
  ]);
});
