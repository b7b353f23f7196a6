import type { Estimator } from './estimator.ts';
import { type DenseRows, takeRows } from './samples.ts';

/** The scores and timings of one fold (scikit-learn's `_fit_and_score`), times in seconds. */
export interface FoldResult {
  testScore: number;
  trainScore?: number;
  fitTime: number;
  scoreTime: number;
}

/**
 * Fits a fresh estimator on the train rows and scores it on the test rows (and the train rows if asked).
 * `testRows` gives the test rows as a dense copy where `data` is only a key to shared fold data (a worker
 * thread that fits from an estimator's shared sparse rows and was sent the rows it scores).
 */
export function fitAndScore(
  estimator: Estimator,
  data: DenseRows,
  labels: Float64Array,
  train: Int32Array,
  test: Int32Array,
  returnTrainScore: boolean,
  testRows: DenseRows | null = null,
): FoldResult {
  const xTrain = data.take(train);
  const yTrain = takeRows(labels, train);
  const start = performance.now();
  estimator.fit(xTrain, yTrain);
  const fitted = performance.now();
  const testScore = estimator.score(testRows ?? data.take(test), takeRows(labels, test));
  const scored = performance.now();
  const result: FoldResult = { testScore, fitTime: (fitted - start) / 1000, scoreTime: (scored - fitted) / 1000 };
  if (returnTrainScore) result.trainScore = estimator.score(xTrain, yTrain);
  return result;
}
