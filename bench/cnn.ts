// The CNN chapter's speed table: one epoch of Fashion-MNIST (48,000 rows, batch 32, Adam) of
// Conv2D(32)-MaxPool-Conv2D(64)-MaxPool-Dense(100)-Dropout-Dense(10), nabla's default (wasm) and blas backends
// against PyTorch on one thread and TensorFlow.js 4.22 (tfjs-layers' model.fit on the wasm backend, one thread),
// on the same rows, each contender in its own process, back to back. The tfjs wasm backend has no
// Conv2DBackpropFilter kernel; bench/peers/tfjs-conv2d-backprop-filter.ts builds it from the backend's own
// kernels (Transpose, PadV2, Conv2D) and checks it against the definition before the clock starts.
//
//   node --import tsx bench/cnn.ts                 1 epoch each
//   node --import tsx bench/cnn.ts --epochs 2      s/epoch = mean of the epochs after the first
//   node --import tsx bench/cnn.ts --rows 4800     a shorter epoch (a check that everything runs)
//   --no-torch / --no-tfjs skip a peer.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nb from '../src/index.ts';
import { printTable } from './lib/markdown-table.ts';
import { FEATURES, readBenchData, writeBenchData, type BenchData, type PeerResult } from './peers/bench-data.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const TORCH_ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

type ContenderId = 'nabla-wasm' | 'nabla-blas' | 'tfjs' | 'torch';
const LABELS: Record<ContenderId, string> = {
  'nabla-wasm': 'nabla wasm',
  'nabla-blas': 'nabla blas',
  tfjs: 'TensorFlow.js wasm (1 thread)',
  torch: 'PyTorch (1 thread)',
};

interface Options {
  epochs: number;
  rows: number;
  torch: boolean;
  tfjs: boolean;
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  return {
    epochs: value('--epochs', 1),
    rows: value('--rows', 0),
    torch: !argv.includes('--no-torch'),
    tfjs: !argv.includes('--no-tfjs'),
  };
}

/** Fashion-MNIST split as bench/speed.ts splits it: 80/20 of the training file (seed 42); no test rows needed. */
async function loadData(): Promise<{ data: BenchData; source: string }> {
  const loaded = await nb.datasets.fashionMnist.loadData({ offline: true, verbose: false });
  const [[images, labels]] = loaded;
  const [train, val] = nb.modelSelection.trainTestSplitIndices(images.shape[0], { testSize: 0.2, randomState: 42 });
  const take = (idx: ArrayLike<number>): [Float32Array, Int32Array] => {
    const x = new Float32Array(idx.length * FEATURES);
    const y = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      for (let j = 0; j < FEATURES; j++) x[i * FEATURES + j] = images.data[idx[i] * FEATURES + j] / 255;
      y[i] = labels.data[idx[i]];
    }
    return [x, y];
  };
  const [xTrain, yTrain] = take(train);
  const [xVal, yVal] = take(val);
  const none = { xTest: new Float32Array(0), yTest: new Int32Array(0), nTest: 0 };
  return {
    data: { xTrain, yTrain, xVal, yVal, nTrain: train.length, nVal: val.length, ...none },
    source: loaded.source.description,
  };
}

function runContender(id: ContenderId, folder: string, options: Options): PeerResult | string {
  const run =
    id === 'torch'
      ? spawnSync(
          PYTHON,
          [join(benchDir, 'peers', 'pytorch_cnn.py'), folder, String(options.epochs), '1', String(options.rows)],
          {
            encoding: 'utf8',
            timeout: 3_600_000,
            env: { ...process.env, ...TORCH_ONE_THREAD },
          },
        )
      : spawnSync(
          process.execPath,
          [
            '--import',
            'tsx',
            fileURLToPath(import.meta.url),
            '--child',
            id,
            folder,
            String(options.epochs),
            String(options.rows),
          ],
          {
            encoding: 'utf8',
            timeout: 3_600_000,
          },
        );
  if (run.status !== 0)
    return `${LABELS[id]} failed: ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-3).join(' ')}`;
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as PeerResult;
}

async function child(argv: string[]): Promise<void> {
  const [id, folder, epochs, rows] = argv.slice(argv.indexOf('--child') + 1);
  if (id === 'tfjs') {
    const { runTfjsCnn } = await import('./peers/tfjs-cnn.ts');
    console.log(JSON.stringify(await runTfjsCnn(readBenchData(folder), Number(epochs), Number(rows))));
    return;
  }
  const { runNablaCnn } = await import('./peers/nabla-cnn.ts');
  const result = await runNablaCnn(
    readBenchData(folder),
    id === 'nabla-blas' ? 'blas' : 'wasm',
    Number(epochs),
    Number(rows),
  );
  console.log(JSON.stringify(result));
}

/** Mean of the epochs after the first, or the only one. */
function steadyEpoch(r: PeerResult): number {
  const e = r.epochSeconds.length > 1 ? r.epochSeconds.slice(1) : r.epochSeconds;
  return e.reduce((a, b) => a + b, 0) / e.length;
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { data, source } = await loadData();
  const folder = mkdtempSync(join(tmpdir(), 'nabla-cnn-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  writeBenchData(folder, data);
  const contenders: ContenderId[] = ['nabla-wasm'];
  if (nb.blasAvailable()) contenders.push('nabla-blas');
  else console.log(`nabla blas skipped: ${nb.blasInfo().reason}`);
  if (options.tfjs) contenders.push('tfjs');
  else console.log('TensorFlow.js skipped: --no-tfjs');
  const torchProbe = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' });
  if (options.torch && torchProbe.status === 0) contenders.push('torch');
  else console.log(`PyTorch skipped: ${options.torch ? `${PYTHON} cannot import torch` : '--no-torch'}`);
  const rows = options.rows > 0 ? Math.min(options.rows, data.nTrain) : data.nTrain;
  console.log(
    `data: ${source}; ${rows} training rows per epoch, batch 32, Adam, ${options.epochs} epoch(s); validation on ${data.nVal} rows`,
  );
  const results = new Map<ContenderId, PeerResult>();
  for (const id of contenders) {
    const result = runContender(id, folder, options);
    if (typeof result === 'string') {
      console.log(result);
      continue;
    }
    results.set(id, result);
    process.stderr.write(
      `  ${LABELS[id]}: epochs ${result.epochSeconds.map((s) => s.toFixed(2)).join(', ')} s, val acc ${result.valAccuracy.toFixed(4)} (${result.version})\n`,
    );
  }
  const torch = results.get('torch');
  const tfjs = results.get('tfjs');
  const ratio = (r: PeerResult, base: PeerResult | undefined) =>
    base ? (steadyEpoch(r) / steadyEpoch(base)).toFixed(2) : '-';
  const rowsOut = [['contender', 's/epoch', '÷ PyTorch', '÷ TensorFlow.js', 'val accuracy', 'peak RSS (MB)']];
  for (const [id, r] of results) {
    rowsOut.push([
      LABELS[id],
      steadyEpoch(r).toFixed(2),
      ratio(r, torch),
      ratio(r, tfjs),
      r.valAccuracy.toFixed(4),
      r.peakRssMb.toFixed(0),
    ]);
  }
  printTable(rowsOut);
}

if (process.argv.includes('--child')) await child(process.argv);
else await main();
