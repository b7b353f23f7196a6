// Issue 7's speed table: nabla (wasm; wasm with fused multiply-adds where the runtime can load that build;
// and blas where a system BLAS is found) against TensorFlow.js 4.22 wasm
// and PyTorch (1 thread), on the same Fashion-MNIST rows, batch 32, 48,000 rows per epoch, same optimizers.
// Every contender runs in its own process (clean JIT state and its own peak RSS), one model at a time, all
// contenders of a model back to back so that their ratios come from the same minutes of a shared machine.
//
//   node --import tsx bench/speed.ts                 3 epochs each, s/epoch = mean of epochs 2..3
//   node --import tsx bench/speed.ts --epochs 5      more epochs
//   node --import tsx bench/speed.ts --repeat 2      everything twice: the ratio ranges show the noise
//   node --import tsx bench/speed.ts --quick         1 epoch; TensorFlow.js 300 steps scaled to an epoch
//   --no-tfjs / --no-torch skip a peer; --model mlp runs one model (dense10 | mlp | mlp-dropout)
// PyTorch runs when /usr/bin/python3 can import torch (Debian's python3-torch); skipped with a note otherwise.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as nb from '../src/index.ts';
import { relaxedBuildFlags } from '../src/backend/wasm/kernel-builds.mjs';
import { printTable } from './lib/markdown-table.ts';
import {
  FEATURES,
  MODELS,
  readBenchData,
  writeBenchData,
  type BenchData,
  type ModelSpec,
  type PeerResult,
} from './peers/bench-data.ts';

const benchDir = dirname(fileURLToPath(import.meta.url));
const PYTHON = '/usr/bin/python3';
const TFJS_QUICK_STEPS = 300;
// torch.set_num_threads(1) does not reach the BLAS that Debian's PyTorch calls (OpenBLAS through libblas.so.3,
// BLAS_INFO=generic): left alone, its threads spin against each other and the 784-100-10 epoch takes 5–15×
// longer on 2 vCPUs. One thread means one thread everywhere.
const TORCH_ONE_THREAD = { OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1' };

type ContenderId = 'nabla-wasm' | 'nabla-wasm-fma' | 'nabla-blas' | 'tfjs' | 'torch';
const LABELS: Record<ContenderId, string> = {
  'nabla-wasm': 'nabla wasm',
  'nabla-wasm-fma': 'nabla wasm FMA',
  'nabla-blas': 'nabla blas',
  tfjs: 'tfjs-wasm',
  torch: 'PyTorch',
};
/** nabla's contenders, which report their times against PyTorch's. */
const NABLA_CONTENDERS = ['nabla-wasm', 'nabla-wasm-fma', 'nabla-blas'] as const;
// The relaxed-SIMD build of the kernels (fused multiply-adds) loads by default from Node.js 21 on; on
// Node.js 20 it needs a V8 flag (relaxedBuildFlags), and the 'nabla wasm FMA' contender shows what it brings.

interface Options {
  epochs: number;
  repeat: number;
  quick: boolean;
  tfjs: boolean;
  torch: boolean;
  models: readonly ModelSpec[];
}

function parseOptions(argv: string[]): Options {
  const value = (flag: string, fallback: number): number => {
    const i = argv.indexOf(flag);
    return i >= 0 ? Number(argv[i + 1]) : fallback;
  };
  const quick = argv.includes('--quick');
  const modelIndex = argv.indexOf('--model');
  const models = modelIndex >= 0 ? MODELS.filter((m) => m.id === argv[modelIndex + 1]) : MODELS;
  if (models.length === 0) throw new Error(`--model: expected one of ${MODELS.map((m) => m.id).join(', ')}`);
  return {
    epochs: quick ? 1 : value('--epochs', 3),
    repeat: value('--repeat', 1),
    quick,
    tfjs: !argv.includes('--no-tfjs'),
    torch: !argv.includes('--no-torch'),
    models,
  };
}

/** Fashion-MNIST as bench/training.ts splits it: 80/20 of the training file (seed 42), plus the test file. */
async function loadData(): Promise<{ data: BenchData; source: string }> {
  const loaded = await nb.datasets.fashionMnist.loadData({ offline: true, verbose: false });
  const [[images, labels], [testImages, testLabels]] = loaded;
  const [train, val] = nb.modelSelection.trainTestSplitIndices(images.shape[0], { testSize: 0.2, randomState: 42 });
  const take = (img: nb.Tensor, lab: nb.Tensor, idx: ArrayLike<number>): [Float32Array, Int32Array] => {
    const x = new Float32Array(idx.length * FEATURES);
    const y = new Int32Array(idx.length);
    for (let i = 0; i < idx.length; i++) {
      const row = idx[i];
      for (let j = 0; j < FEATURES; j++) x[i * FEATURES + j] = img.data[row * FEATURES + j] / 255;
      y[i] = lab.data[row];
    }
    return [x, y];
  };
  const [xTrain, yTrain] = take(images, labels, train);
  const [xVal, yVal] = take(images, labels, val);
  const [xTest, yTest] = take(
    testImages,
    testLabels,
    Array.from({ length: testImages.shape[0] }, (_, i) => i),
  );
  const data = {
    xTrain,
    yTrain,
    xVal,
    yVal,
    xTest,
    yTest,
    nTrain: train.length,
    nVal: val.length,
    nTest: testImages.shape[0],
  };
  return { data, source: loaded.source.description };
}

/** Runs one contender on one model in a child process; its last stdout line is a PeerResult. */
function runContender(id: ContenderId, spec: ModelSpec, folder: string, options: Options): PeerResult | string {
  const run =
    id === 'torch'
      ? spawnSync(PYTHON, [join(benchDir, 'peers', 'pytorch_mlp.py'), folder, spec.id, String(options.epochs), '1'], {
          encoding: 'utf8',
          timeout: 900_000,
          env: { ...process.env, ...TORCH_ONE_THREAD },
        })
      : spawnSync(
          process.execPath,
          [
            ...(id === 'nabla-wasm-fma' ? (relaxedBuildFlags() ?? []) : []),
            '--import',
            'tsx',
            fileURLToPath(import.meta.url),
            '--child',
            id,
            spec.id,
            folder,
            String(options.epochs),
            options.quick ? String(TFJS_QUICK_STEPS) : 'all',
          ],
          {
            encoding: 'utf8',
            timeout: 900_000,
            env: { ...process.env },
          },
        );
  if (run.status !== 0)
    return `${LABELS[id]} failed: ${(run.stderr || run.error?.message || '').trim().split('\n').slice(-3).join(' ')}`;
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as PeerResult;
}

/** Child mode: `--child <contender> <model> <folder> <epochs> <steps|all>`. */
async function child(argv: string[]): Promise<void> {
  const [id, modelId, folder, epochs, steps] = argv.slice(argv.indexOf('--child') + 1);
  const spec = MODELS.find((m) => m.id === modelId)!;
  const data = readBenchData(folder);
  let result: PeerResult;
  if (id === 'tfjs') {
    const { runTfjsMlp } = await import('./peers/tfjs-mlp.ts');
    result = await runTfjsMlp(spec, data, Number(epochs), steps === 'all' ? Infinity : Number(steps));
  } else {
    const { runNablaMlp } = await import('./peers/nabla-mlp.ts');
    if (id === 'nabla-wasm-fma' && !nb.wasmInfo().fusedMultiplyAdd)
      throw new Error('the relaxed-SIMD build did not load');
    result = await runNablaMlp(spec, data, id === 'nabla-blas' ? 'blas' : 'wasm', Number(epochs));
  }
  console.log(JSON.stringify(result));
}

/** null when the 'nabla wasm FMA' contender runs: the default build lacks FMA here and the V8 flag enables it. */
function fusedMultiplyAddContender(): string | null {
  if (nb.wasmInfo().fusedMultiplyAdd) return 'nabla wasm already uses the relaxed-SIMD (FMA) build on this Node.js';
  return relaxedBuildFlags() !== null
    ? null
    : 'nabla wasm FMA skipped: this Node.js cannot load the relaxed-SIMD build, not even with its V8 flag';
}

function torchAvailable(): string | null {
  const run = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return run.status === 0
    ? null
    : `PyTorch skipped: ${PYTHON} cannot import torch (${(run.stderr || run.error?.message || '').trim().split('\n').pop()})`;
}

/** Mean of the epochs after the first (JIT, planning and allocation warm-up), or the only one. */
function steadyEpoch(r: PeerResult): number {
  const e = r.epochSeconds.length > 1 ? r.epochSeconds.slice(1) : r.epochSeconds;
  return e.reduce((a, b) => a + b, 0) / e.length;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

type Runs = Map<ContenderId, PeerResult[]>;

/** "median (min–max)" of a ratio over the repeats, or '-' when a side is missing. */
function ratioCell(runs: Runs, top: ContenderId, bottom: ContenderId, metric: (r: PeerResult) => number): string {
  const a = runs.get(top);
  const b = runs.get(bottom);
  if (!a?.length || !b?.length) return '-';
  const ratios = a.slice(0, b.length).map((r, i) => metric(r) / metric(b[i]));
  const range = ratios.length > 1 ? ` (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})` : '';
  return `${median(ratios).toFixed(2)}${range}`;
}

function secondsCell(runs: Runs, id: ContenderId, metric: (r: PeerResult) => number): string {
  const results = runs.get(id);
  if (!results?.length) return '-';
  const values = results.map(metric);
  const spread = results.flatMap((r) => (r.epochSeconds.length > 1 ? r.epochSeconds.slice(1) : r.epochSeconds));
  const noise =
    metric === steadyEpoch && spread.length > 1
      ? ` [${Math.min(...spread).toFixed(2)}–${Math.max(...spread).toFixed(2)}]`
      : '';
  return `${median(values).toFixed(3)}${noise}`;
}

function report(all: Map<string, Runs>, options: Options, contenders: ContenderId[]): void {
  const has = (id: ContenderId): boolean => contenders.includes(id);
  console.log(
    '\nSeconds per epoch (median over repeats; [min–max] of single epochs after the first); ratios = time ÷ time, same run',
  );
  const head = ['model', ...contenders.map((id) => `${LABELS[id]} s/epoch`)];
  const pairs: [ContenderId, ContenderId][] = [
    ['nabla-wasm', 'torch'],
    ['nabla-wasm-fma', 'torch'],
    ['nabla-blas', 'torch'],
    ['tfjs', 'nabla-wasm'],
    ['tfjs', 'nabla-wasm-fma'],
    ['tfjs', 'nabla-blas'],
    ['nabla-blas', 'nabla-wasm'],
  ];
  const shown = pairs.filter(([a, b]) => has(a) && has(b));
  const rows = [[...head, ...shown.map(([a, b]) => `${LABELS[a]} ÷ ${LABELS[b]}`)]];
  for (const spec of options.models) {
    const runs = all.get(spec.id)!;
    rows.push([
      spec.name,
      ...contenders.map((id) => secondsCell(runs, id, steadyEpoch)),
      ...shown.map(([a, b]) => ratioCell(runs, a, b, steadyEpoch)),
    ]);
  }
  printTable(rows);

  console.log(
    `\nValidation accuracy on 12,000 rows after ${options.epochs} epoch(s) (last repeat); spread = max − min`,
  );
  const accRows = [['model', ...contenders.map((id) => LABELS[id]), 'spread']];
  for (const spec of options.models) {
    const runs = all.get(spec.id)!;
    const accs = contenders.map((id) => runs.get(id)?.at(-1)?.valAccuracy);
    const known = accs.filter((a): a is number => a !== undefined);
    const spread = Math.max(...known) - Math.min(...known);
    accRows.push([
      spec.name,
      ...accs.map((a) => (a === undefined ? '-' : a.toFixed(4))),
      `${spread.toFixed(4)} ${spread <= 0.01 ? '(≤ 0.01)' : '(> 0.01)'}`,
    ]);
  }
  printTable(accRows);

  console.log(
    '\npredict / evaluate on the 10,000 test rows, batch 32, seconds (median over repeats); ratio to PyTorch',
  );
  const predRows = [
    [
      'model',
      ...contenders.map((id) => `${LABELS[id]} predict / evaluate`),
      ...NABLA_CONTENDERS.filter((id) => has(id) && has('torch')).map(
        (id) => `${LABELS[id]} ÷ PyTorch predict / evaluate`,
      ),
    ],
  ];
  for (const spec of options.models) {
    const runs = all.get(spec.id)!;
    predRows.push([
      spec.name,
      ...contenders.map(
        (id) =>
          `${secondsCell(runs, id, (r) => r.predictSeconds)} / ${secondsCell(runs, id, (r) => r.evaluateSeconds)}`,
      ),
      ...NABLA_CONTENDERS.filter((id) => has(id) && has('torch')).map(
        (id) =>
          `${ratioCell(runs, id, 'torch', (r) => r.predictSeconds)} / ${ratioCell(runs, id, 'torch', (r) => r.evaluateSeconds)}`,
      ),
    ]);
  }
  printTable(predRows);

  console.log('\nPeak RSS of each contender process (MB, largest over repeats; data 220 MB of it)');
  const rssRows = [['model', ...contenders.map((id) => LABELS[id])]];
  for (const spec of options.models) {
    const runs = all.get(spec.id)!;
    rssRows.push([
      spec.name,
      ...contenders.map((id) => {
        const r = runs.get(id);
        return r?.length ? Math.max(...r.map((x) => x.peakRssMb)).toFixed(0) : '-';
      }),
    ]);
  }
  printTable(rssRows);
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { data, source } = await loadData();
  const folder = mkdtempSync(join(tmpdir(), 'nabla-speed-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  writeBenchData(folder, data);
  const contenders: ContenderId[] = ['nabla-wasm'];
  const notes: string[] = [];
  const fma = fusedMultiplyAddContender();
  if (fma === null) contenders.push('nabla-wasm-fma');
  else notes.push(fma);
  if (nb.blasAvailable()) contenders.push('nabla-blas');
  else notes.push(`nabla blas skipped: ${nb.blasInfo().reason}`);
  if (options.tfjs) contenders.push('tfjs');
  const noTorch = options.torch ? torchAvailable() : 'PyTorch skipped (--no-torch)';
  if (noTorch === null) contenders.push('torch');
  else notes.push(noTorch);
  console.log(`data: ${source}`);
  console.log(
    `train ${data.nTrain} / val ${data.nVal} / test ${data.nTest}, batch 32, ${options.epochs} epoch(s) each` +
      `${options.quick ? `, TensorFlow.js ${TFJS_QUICK_STEPS} steps scaled to an epoch` : ''}, ${options.repeat} repeat(s)` +
      `${nb.blasAvailable() ? `; blas = ${nb.blasInfo().library}` : ''}`,
  );
  for (const note of notes) console.log(note);
  const all = new Map<string, Runs>(options.models.map((m) => [m.id, new Map()]));
  const versions = new Set<string>();
  for (let repeat = 0; repeat < options.repeat; repeat++) {
    for (const spec of options.models) {
      for (const id of contenders) {
        const result = runContender(id, spec, folder, options);
        if (typeof result === 'string') {
          console.log(result);
          continue;
        }
        versions.add(result.version);
        const runs = all.get(spec.id)!;
        runs.set(id, [...(runs.get(id) ?? []), result]);
        process.stderr.write(
          `  ${spec.id} ${LABELS[id]}: epochs ${result.epochSeconds.map((s) => s.toFixed(2)).join(', ')} s, val acc ${result.valAccuracy.toFixed(4)}\n`,
        );
      }
    }
  }
  console.log(`contenders: ${[...versions].join('; ')}`);
  report(
    all,
    options,
    contenders.filter((id) => [...all.values()].some((runs) => runs.has(id))),
  );
}

if (process.argv.includes('--child')) await child(process.argv);
else await main();
