import type { DenseRows, Features, Labels } from './samples.ts';

/** How a worker thread rebuilds an estimator: the module and export of its class, and plain-data params. */
export interface WorkerRecipe {
  moduleUrl: string;
  exportName: string;
  /** Structured-cloneable data the class's static `fromWorkerParams` (or its constructor) accepts. */
  params: unknown;
}

/**
 * What an estimator derives from X once for every fold of a cross-validation (such as a sparse copy of the
 * rows), in place until `release` is called. `handle` is structured-cloneable data that the class's static
 * `adoptFoldData` takes in each worker thread.
 */
export interface FoldData {
  readonly handle: unknown;
  release(): void;
}

/** What crossValidate needs of an estimator (scikit-learn's fit / score / clone protocol). */
export interface Estimator {
  /** 'classifier' makes an integer cv stratified, as scikit-learn's is_classifier does. */
  readonly estimatorType?: 'classifier' | 'regressor';
  fit(x: Features, y: Labels): unknown;
  score(x: Features, y: Labels): number;
  /** An unfitted estimator with the same parameters (scikit-learn's clone). */
  clone(): Estimator;
  /** Present when the estimator can be rebuilt in a worker thread (for nJobs other than 1). */
  workerRecipe?(): WorkerRecipe;
  /**
   * Optional: prepares what every fold's fit can share (on this thread, and on `threads` worker threads
   * when threads > 1); null when there is nothing to share.
   */
  prepareFolds?(data: DenseRows, labels: Float64Array, threads: number): FoldData | null;
}
