import { ValueError } from '../errors.ts';
import { physicalCores } from '../backend/cpu-cores.ts';
import type { CrossValidator } from './cross-validator.ts';
import type { Estimator } from './estimator.ts';
import { type FoldResult, fitAndScore } from './fit-and-score.ts';
import { KFold } from './kfold.ts';
import { runFoldsInWorkers } from './parallel-folds.ts';
import {
  type Features,
  type Labels,
  checkConsistentLength,
  gatherRows,
  toDenseRows,
  toLabelValues,
} from './samples.ts';
import { StratifiedKFold } from './stratified-kfold.ts';
import { checkOptions } from '../options.ts';
import { CROSS_VALIDATE_KEYS } from '../option-keys.ts';

/** crossValidate's options (scikit-learn's keyword arguments, camelCase). */
export interface CrossValidateOptions {
  /** Number of folds (default 5; stratified for a classifier, as scikit-learn) or a splitter. */
  cv?: number | CrossValidator;
  /**
   * Threads: 1 (default) runs on this thread; -1 uses every core (-2 all but one) when threads pay (large
   * data, separate cores); a count > 1 always uses that many worker threads. Results do not depend on it.
   */
  nJobs?: number;
  /** Also score each fold's training rows (default false). */
  returnTrainScore?: boolean;
}

/** Per-fold arrays, as scikit-learn's dict: test_score, fit_time, score_time (and train_score). */
export interface CrossValidateResult {
  testScore: number[];
  fitTime: number[];
  scoreTime: number[];
  trainScore?: number[];
}

// When threads pay (measured with bench/cross-validate.ts): starting a worker that loads the TypeScript
// sources costs 0.3 to 3 seconds, so below this many values of X a fold is quicker on this thread; and a
// second thread pays only on a second core (see cpu-cores.ts), so nJobs < 0 counts cores, not CPUs.
const MIN_VALUES_FOR_THREADS = 4_000_000;

/** scikit-learn's `check_cv`: an integer becomes (Stratified)KFold without shuffling. */
export function checkCv(cv: number | CrossValidator | undefined, classifier: boolean): CrossValidator {
  if (cv === undefined || typeof cv === 'number') {
    const nSplits = cv ?? 5;
    return classifier ? new StratifiedKFold({ nSplits }) : new KFold({ nSplits });
  }
  return cv;
}

function threadCount(nJobs: number, nFolds: number, nValues: number): number {
  if (!Number.isInteger(nJobs) || nJobs === 0)
    throw new ValueError(`nJobs must be a non-zero integer (1, 2, ..., or -1 for all cores), got ${nJobs}`);
  if (nJobs > 0) return Math.min(nJobs, nFolds);
  if (nValues < MIN_VALUES_FOR_THREADS) return 1;
  return Math.max(1, Math.min(physicalCores() + 1 + nJobs, nFolds));
}

/**
 * scikit-learn's `cross_validate(estimator, X, y, cv=5, n_jobs=None, return_train_score=False)` with the
 * estimator's own score: each fold fits a clone on the train rows and scores it on the test rows.
 */
export async function crossValidate(
  estimator: Estimator,
  x: Features,
  y: Labels,
  options: CrossValidateOptions = {},
): Promise<CrossValidateResult> {
  checkOptions('crossValidate', options, CROSS_VALIDATE_KEYS);
  checkConsistentLength(x, y);
  const splitter = checkCv(options.cv, estimator.estimatorType === 'classifier');
  const labels = toLabelValues(y);
  const splits = splitter.split(x, labels);
  const returnTrainScore = options.returnTrainScore ?? false;
  const data = toDenseRows(x);
  const threads = estimator.workerRecipe
    ? threadCount(options.nJobs ?? 1, splits.length, data.nSamples * data.nFeatures)
    : 1;
  const foldData = estimator.prepareFolds?.(data, labels, threads) ?? null;
  let results: FoldResult[];
  try {
    if (threads === 1) {
      results = splits.map(([train, test]) =>
        fitAndScore(estimator.clone(), data, labels, train, test, returnTrainScore),
      );
    } else {
      // Workers fit from the estimator's shared fold data and get the test rows they score with each fold;
      // without such data, or to score the train rows too, they read all of X from shared memory.
      const rows =
        foldData !== null && !returnTrainScore
          ? { sentPerFold: data, foldData: foldData.handle }
          : { shared: gatherRows(data, null, true), foldData: foldData?.handle };
      results = await runFoldsInWorkers(estimator.workerRecipe!(), rows, labels, splits, returnTrainScore, threads);
    }
  } finally {
    foldData?.release();
  }
  const scores: CrossValidateResult = {
    testScore: results.map((r) => r.testScore),
    fitTime: results.map((r) => r.fitTime),
    scoreTime: results.map((r) => r.scoreTime),
  };
  if (returnTrainScore) scores.trainScore = results.map((r) => r.trainScore!);
  return scores;
}
