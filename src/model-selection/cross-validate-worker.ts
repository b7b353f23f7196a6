// A worker thread of crossValidate: rebuilds the estimator from its recipe, reads X from shared memory,
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
const data = new DenseRows(setup.float32 ? new Float32Array(setup.x) : new Float64Array(setup.x), setup.nFeatures);
if (setup.foldData !== undefined) EstimatorCtor.adoptFoldData?.(setup.foldData, data, setup.index);
const labels = new Float64Array(setup.labels);

parentPort!.on('message', (job: FoldJob | null) => {
  if (job === null) {
    parentPort!.close();
    return;
  }
  const estimator = EstimatorCtor.fromWorkerParams?.(setup.recipe.params) ?? new EstimatorCtor(setup.recipe.params);
  const result = fitAndScore(estimator, data, labels, job.train, job.test, setup.returnTrainScore);
  parentPort!.postMessage({ fold: job.fold, result, warnings: warnings.splice(0) });
});
