// A worker thread of crossValidate: rebuilds the estimator from its recipe, reads X from shared memory or
// scores the test rows sent with each fold (fitting from the estimator's shared fold data, where it has some),
// and fits and scores the folds its parent sends, one message each (null ends it).
import { parentPort, workerData } from 'node:worker_threads';
import type { Estimator } from './estimator.ts';
import { fitAndScore } from './fit-and-score.ts';
import { DenseRows } from './samples.ts';
import { type WarningCategory, redirectWarnings } from './warnings.ts';
import type { FoldJob, WorkerSetup } from './parallel-folds.ts';

type EstimatorClass = {
  new (params: unknown): Estimator;
  fromWorkerParams?: (params: unknown) => Estimator;
  adoptFoldData?: (handle: unknown, data: DenseRows, slot: number) => void;
};

const setup = workerData as WorkerSetup;
const warnings: { category: WarningCategory; message: string }[] = [];
redirectWarnings((category, message) => warnings.push({ category, message }));

const loaded = (await import(setup.recipe.moduleUrl)) as Record<string, EstimatorClass>;
const EstimatorCtor = loaded[setup.recipe.exportName];
// Without shared X, the storage is empty: it only names the rows that the shared fold data holds.
const storage = setup.x ?? new ArrayBuffer(0);
const data = new DenseRows(setup.float32 ? new Float32Array(storage) : new Float64Array(storage), setup.nFeatures);
if (setup.foldData !== undefined) EstimatorCtor.adoptFoldData?.(setup.foldData, data, setup.index);
const rowsOf = (values: Float32Array | Float64Array | undefined) =>
  values === undefined ? null : new DenseRows(values, setup.nFeatures);
const labels = new Float64Array(setup.labels);

parentPort!.on('message', (job: FoldJob | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  const estimator = EstimatorCtor.fromWorkerParams?.(setup.recipe.params) ?? new EstimatorCtor(setup.recipe.params);
  const result = fitAndScore(
    estimator,
    data,
    labels,
    job.train,
    job.test,
    setup.returnTrainScore,
    rowsOf(job.testRows),
  );
  parentPort!.postMessage({ fold: job.fold, result, warnings: warnings.splice(0) });
});
