// The tutorial's baseline, timed against scikit-learn on the same data and machine:
//   sc = SGDClassifier(loss='log_loss', max_iter=5, random_state=42)
//   scores = cross_validate(sc, train_scaled, train_target, n_jobs=-1); np.mean(scores['test_score'])
// on Fashion-MNIST's 60,000 training images scaled to [0, 1]. scikit-learn (/usr/bin/python3) reads the very
// same float32 values from a temporary file. Prints a table with the mean test score, the wall time and the
// ratio of times (against the tutorial's n_jobs=-1); `--quick` uses the first 12,000 rows. nJobs=2 forces
// two worker threads, to show whether threads pay on this machine (nJobs=-1 decides by itself).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../src/index.ts';

const quick = process.argv.includes('--quick');

async function loadScaled(): Promise<{ x: nb.Tensor; y: nb.Tensor; source: string }> {
  const [[images, labels]] = await nb.datasets.fashionMnist.loadData({ offline: true, verbose: false }).then((d) => {
    (globalThis as { source?: string }).source = d.source.description;
    return d;
  });
  const rows = quick ? 12000 : images.shape[0];
  const pixels = images.data.subarray(0, rows * 784);
  const scaled = Float32Array.from(pixels, (v) => v / 255);
  const y = new nb.Tensor(Int32Array.from(labels.data.subarray(0, rows)), [rows]);
  return { x: new nb.Tensor(scaled, [rows, 784]), y, source: (globalThis as { source?: string }).source ?? '' };
}

const PYTHON = `
import json, sys, time, warnings
import numpy as np
from sklearn.linear_model import SGDClassifier
from sklearn.model_selection import cross_validate
warnings.simplefilter('ignore')
folder, rows, n_jobs = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
x = np.fromfile(folder + '/x.f32', dtype=np.float32).reshape(rows, 784)
y = np.fromfile(folder + '/y.i32', dtype=np.int32)
sc = SGDClassifier(loss='log_loss', max_iter=5, random_state=42)
start = time.perf_counter()
scores = cross_validate(sc, x, y, n_jobs=n_jobs)
seconds = time.perf_counter() - start
import sklearn
print(json.dumps({'version': sklearn.__version__, 'scores': scores['test_score'].tolist(),
                  'fit': scores['fit_time'].tolist(), 'seconds': seconds}))
`;

interface Run {
  label: string;
  scores: number[];
  fitTimes: number[];
  seconds: number;
}

function runScikitLearn(x: nb.Tensor, y: nb.Tensor, nJobs: number): Run {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-bench-cv-'));
  try {
    const xData = x.data as Float32Array;
    writeFileSync(join(folder, 'x.f32'), new Uint8Array(xData.buffer, xData.byteOffset, xData.byteLength));
    const yData = y.data as Int32Array;
    writeFileSync(join(folder, 'y.i32'), new Uint8Array(yData.buffer, yData.byteOffset, yData.byteLength));
    const out = execFileSync('/usr/bin/python3', ['-c', PYTHON, folder, String(x.shape[0]), String(nJobs)], {
      encoding: 'utf8',
      env: { ...process.env, PYTHONWARNINGS: 'ignore' }, // also silences the ConvergenceWarning in joblib's workers
    });
    const parsed = JSON.parse(out.trim().split('\n').pop()!);
    return {
      label: `scikit-learn ${parsed.version}, n_jobs=${nJobs}`,
      scores: parsed.scores,
      fitTimes: parsed.fit,
      seconds: parsed.seconds,
    };
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

async function runNabla(x: nb.Tensor, y: nb.Tensor, nJobs: number): Promise<Run> {
  nb.linearModel.filterWarnings('ignore', 'ConvergenceWarning');
  const sc = new nb.linearModel.SGDClassifier({ loss: 'log_loss', maxIter: 5, randomState: 42 });
  const start = performance.now();
  const scores = await nb.modelSelection.crossValidate(sc, x, y, { nJobs });
  const seconds = (performance.now() - start) / 1000;
  return { label: `nabla, nJobs=${nJobs}`, scores: scores.testScore, fitTimes: scores.fitTime, seconds };
}

const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;

const { x, y, source } = await loadScaled();
console.log(`Fashion-MNIST training set, ${x.shape[0]} rows x 784, scaled to [0, 1] (${source})`);
console.log("SGDClassifier(loss='log_loss', max_iter=5, random_state=42), cross_validate with 5 stratified folds\n");
const reference = runScikitLearn(x, y, -1);
const runs = [
  reference,
  runScikitLearn(x, y, 1),
  await runNabla(x, y, -1),
  await runNabla(x, y, 1),
  await runNabla(x, y, 2),
];
console.log('| run | mean test score | fold scores | mean fit time (s) | wall time (s) | time / scikit-learn |');
console.log('|---|---|---|---|---|---|');
for (const run of runs) {
  const folds = run.scores.map((s) => s.toFixed(4)).join(' ');
  const ratio = (run.seconds / reference.seconds).toFixed(2);
  console.log(
    `| ${run.label} | ${mean(run.scores).toFixed(4)} | ${folds} | ${mean(run.fitTimes).toFixed(2)} | ${run.seconds.toFixed(2)} | ${ratio} |`,
  );
}
const gap = Math.abs(mean(runs[2].scores) - mean(reference.scores));
console.log(
  `\nmean test score difference to scikit-learn: ${gap.toFixed(4)} (target <= 0.015): ${gap <= 0.015 ? 'ok' : 'FAILED'}`,
);
