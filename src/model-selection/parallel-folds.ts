import { Worker } from 'node:worker_threads';
import type { WorkerRecipe } from './estimator.ts';
import type { FoldResult } from './fit-and-score.ts';
import { type DenseRows, gatherRows } from './samples.ts';
import type { SplitIndices } from './shuffle-split.ts';
import { type WarningCategory, warn } from './warnings.ts';

// Runs crossValidate's folds on worker threads; each worker takes the next fold when it finishes one, and
// the results are put back in fold order, so the output is the same as a run on one thread. The workers
// read X in one of two ways: all of it from a SharedArrayBuffer, without a copy (and fit from the estimator's
// shared fold data, a sparse copy of the rows, where it has some: see Estimator.prepareFolds); or, when the
// estimator has fold data and no train scores are asked, fit from that data, with the rows each fold scores
// sent along with the fold (a fifth of X at a time, not all of it).

/** How the workers get X. */
export type WorkerRows =
  | { readonly shared: DenseRows; readonly foldData?: unknown }
  | { readonly sentPerFold: DenseRows; readonly foldData: unknown };

/** What a worker is started with. */
export interface WorkerSetup {
  recipe: WorkerRecipe;
  /** All of X in shared memory, or null when the rows to score come with each fold. */
  x: SharedArrayBuffer | null;
  /** The element type of X's values. */
  float32: boolean;
  nFeatures: number;
  /** The estimator's FoldData handle (see Estimator.prepareFolds), or undefined. */
  foldData: unknown;
  /** This worker's number, 0 to threads - 1 (its slot in shared fold data). */
  index: number;
  labels: Float64Array;
  returnTrainScore: boolean;
}

/** One fold sent to a worker, with the rows it scores when X is not shared. */
export interface FoldJob {
  fold: number;
  train: Int32Array;
  test: Int32Array;
  testRows?: Float32Array | Float64Array;
}

interface FoldReply {
  fold: number;
  result: FoldResult;
  warnings: { category: WarningCategory; message: string }[];
}

// From the sources (under tsx) the worker is TypeScript: Node 20 does not apply `--import tsx` to a worker's own
// entry file, so a small script registers tsx's loader in the worker first, then imports the worker module.
// From the compiled package (dist/) it is plain JavaScript, started directly (tsx is not installed there).
const FROM_SOURCES = import.meta.url.endsWith('.ts');
const WORKER_URL = new URL(FROM_SOURCES ? './cross-validate-worker.ts' : './cross-validate-worker.js', import.meta.url);

function startWorker(workerData: WorkerSetup): Worker {
  if (!FROM_SOURCES) return new Worker(WORKER_URL, { workerData });
  const bootstrap = `(async () => {
  const { register } = await import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))});
  register();
  await import(${JSON.stringify(WORKER_URL.href)});
})();`;
  return new Worker(bootstrap, { eval: true, workerData });
}

/** Fits and scores every split on `nThreads` worker threads; results in split order. */
export async function runFoldsInWorkers(
  recipe: WorkerRecipe,
  rows: WorkerRows,
  labels: Float64Array,
  splits: SplitIndices[],
  returnTrainScore: boolean,
  nThreads: number,
): Promise<FoldResult[]> {
  const data = 'shared' in rows ? rows.shared : rows.sentPerFold;
  if ('shared' in rows && (!(data.data.buffer instanceof SharedArrayBuffer) || data.rows !== null)) {
    throw new Error('runFoldsInWorkers needs DenseRows over a whole SharedArrayBuffer');
  }
  // Train scores read the train rows (most of X): those runs share X rather than send it fold by fold.
  if ('sentPerFold' in rows && returnTrainScore)
    throw new Error('runFoldsInWorkers sends no train rows: share X for train scores');
  const setupOf = (index: number): WorkerSetup => ({
    recipe,
    x: 'shared' in rows ? (data.data.buffer as SharedArrayBuffer) : null,
    float32: data.data instanceof Float32Array,
    nFeatures: data.nFeatures,
    foldData: 'foldData' in rows ? rows.foldData : undefined,
    index,
    labels,
    returnTrainScore,
  });
  const jobOf = (fold: number): [FoldJob, ArrayBuffer[]] => {
    const [train, test] = splits[fold];
    if ('shared' in rows) return [{ fold, train, test }, []];
    const testRows = gatherRows(data, test).data;
    return [{ fold, train, test, testRows }, [testRows.buffer as ArrayBuffer]];
  };
  const results: FoldResult[] = new Array(splits.length);
  const workers: Worker[] = [];
  let next = 0;
  const runWorker = (index: number) =>
    new Promise<void>((resolve, reject) => {
      const worker = startWorker(setupOf(index));
      workers.push(worker);
      const sendNext = () => {
        if (next >= splits.length) {
          worker.postMessage(null);
          return;
        }
        const [job, transfer] = jobOf(next++);
        worker.postMessage(job, transfer);
      };
      worker.on('message', (reply: FoldReply) => {
        results[reply.fold] = reply.result;
        for (const w of reply.warnings) warn(w.category, w.message);
        sendNext();
      });
      worker.once('error', reject);
      worker.once('exit', (code) =>
        code === 0 ? resolve() : reject(new Error(`a cross-validation worker exited with code ${code}`)),
      );
      sendNext();
    });
  try {
    await Promise.all(Array.from({ length: Math.min(nThreads, splits.length) }, (_, index) => runWorker(index)));
  } catch (error) {
    // One fold failed (bad input, an estimator error): stop the other workers, then report it.
    await Promise.all(workers.map((w) => w.terminate()));
    throw error;
  }
  return results;
}
