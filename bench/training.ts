// Training speed on Fashion-MNIST: nabla vs TensorFlow.js 4.22 (tfjs-core + wasm backend), same models,
// same data, same batch size, in the same run. Seconds per epoch side by side, the ratio, validation accuracy.
//
//   node --import tsx bench/training.ts            nabla 5 epochs per model, TensorFlow.js 1 epoch
//   node --import tsx bench/training.ts --quick    nabla 1 epoch, TensorFlow.js 300 steps (cheap re-runs)
//   node --import tsx bench/training.ts --full     TensorFlow.js 5 epochs too (accuracies comparable)
//   --no-tfjs / --no-torch skip a peer; NABLA_PROFILE=1 prints nabla's per-phase step profile
// PyTorch (Debian's python3-torch, 1 thread, as issue 7 measured it) runs when /usr/bin/python3 can import torch.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../src/index.ts';
import { printTable } from './lib/markdown-table.ts';
import { Generator } from '../src/random/generator.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const full = args.has('--full');
const withTfjs = !args.has('--no-tfjs');
const withTorch = !args.has('--no-torch');
const NABLA_EPOCHS = quick ? 1 : 5;
const BATCH = 32;

interface Data {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xVal: Float32Array;
  yVal: Int32Array;
  nTrain: number;
  nVal: number;
  source: string;
}

async function loadData(): Promise<Data> {
  const loaded = await nb.datasets.fashionMnist.loadData({ offline: true, verbose: false });
  const [[images, labels]] = loaded;
  const [train, val] = nb.modelSelection.trainTestSplitIndices(images.shape[0], { testSize: 0.2, randomState: 42 });
  const take = (idx: Int32Array): [Float32Array, Int32Array] => {
    const x = new Float32Array(idx.length * 784);
    const y = new Int32Array(idx.length);
    idx.forEach((row, i) => {
      for (let j = 0; j < 784; j++) x[i * 784 + j] = images.data[row * 784 + j] / 255;
      y[i] = labels.data[row];
    });
    return [x, y];
  };
  const [xTrain, yTrain] = take(train);
  const [xVal, yVal] = take(val);
  return { xTrain, yTrain, xVal, yVal, nTrain: train.length, nVal: val.length, source: loaded.source.description };
}

interface ModelSpec {
  name: string;
  hidden: number | null;
  optimizer: 'rmsprop' | 'adam';
  target: number;
}
const MODELS: ModelSpec[] = [
  { name: 'Dense(10, softmax), RMSprop', hidden: null, optimizer: 'rmsprop', target: 0.85 },
  { name: '784-100(relu)-10, Adam', hidden: 100, optimizer: 'adam', target: 0.875 },
];

interface Result {
  epochSeconds: number[];
  valAccuracy: number;
  predictSeconds: number;
}

async function runNabla(spec: ModelSpec, data: Data): Promise<Result> {
  nb.random.setSeed(1);
  const layers: nb.layers.Layer[] = [new nb.layers.Flatten({ inputShape: [784] })];
  if (spec.hidden !== null) layers.push(new nb.layers.Dense(spec.hidden, { activation: 'relu', seed: 1 }));
  layers.push(new nb.layers.Dense(10, { activation: 'softmax', seed: 2 }));
  const model = new nb.Sequential(layers);
  model.compile({ optimizer: spec.optimizer, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const x = new nb.Tensor(data.xTrain, [data.nTrain, 784]);
  const y = new nb.Tensor(data.yTrain, [data.nTrain]);
  const xVal = new nb.Tensor(data.xVal, [data.nVal, 784]);
  const yVal = new nb.Tensor(data.yVal, [data.nVal]);
  const epochSeconds: number[] = [];
  for (let epoch = 0; epoch < NABLA_EPOCHS; epoch++) {
    const t0 = performance.now();
    await model.fit(x, y, { epochs: epoch + 1, initialEpoch: epoch, batchSize: BATCH, verbose: 0, seed: 100 + epoch });
    epochSeconds.push((performance.now() - t0) / 1000);
  }
  const t0 = performance.now();
  const [, valAccuracy] = (await model.evaluate(xVal, yVal, { batchSize: BATCH, verbose: 0 })) as number[];
  const predictSeconds = (performance.now() - t0) / 1000;
  return { epochSeconds, valAccuracy, predictSeconds };
}

async function runTfjs(spec: ModelSpec, data: Data): Promise<Result | string> {
  let tf: typeof import('@tensorflow/tfjs-core');
  try {
    tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-wasm');
    await tf.setBackend('wasm');
    await tf.ready();
  } catch (error) {
    return `TensorFlow.js wasm backend unavailable: ${(error as Error).message}`;
  }
  const g = new Generator(1);
  const glorot = (rows: number, cols: number): import('@tensorflow/tfjs-core').Variable => {
    const limit = Math.sqrt(6 / (rows + cols));
    return tf.variable(
      tf.tensor2d(
        Float32Array.from({ length: rows * cols }, () => (2 * g.uniform() - 1) * limit),
        [rows, cols],
      ),
    );
  };
  const weights =
    spec.hidden !== null
      ? [
          glorot(784, spec.hidden),
          tf.variable(tf.zeros([spec.hidden])),
          glorot(spec.hidden, 10),
          tf.variable(tf.zeros([10])),
        ]
      : [glorot(784, 10), tf.variable(tf.zeros([10]))];
  const logits = (x: import('@tensorflow/tfjs-core').Tensor2D): import('@tensorflow/tfjs-core').Tensor2D => {
    if (spec.hidden === null) return tf.add(tf.matMul(x, weights[0]), weights[1]);
    const h = tf.relu(tf.add(tf.matMul(x, weights[0]), weights[1]));
    return tf.add(tf.matMul(h, weights[2]), weights[3]);
  };
  // tfjs-core's node build registers no gradient functions (tfjs-layers brings them), so the backward pass is
  // written out with tfjs ops: the same matrix products an autodiff would run, without its bookkeeping.
  type T2 = import('@tensorflow/tfjs-core').Tensor2D;
  const named = (grads: import('@tensorflow/tfjs-core').Tensor[]) =>
    grads.map((tensor, i) => ({ name: weights[i].name, tensor }));
  const gradients = (x: T2, y: T2): { name: string; tensor: import('@tensorflow/tfjs-core').Tensor }[] => {
    const rows = x.shape[0];
    if (spec.hidden === null) {
      const dz = tf.div(tf.sub(tf.softmax(logits(x)), y), rows) as T2;
      return named([tf.matMul(x, dz, true, false), tf.sum(dz, 0)]);
    }
    const z1 = tf.add(tf.matMul(x, weights[0]), weights[1]) as T2;
    const h = tf.relu(z1);
    const z2 = tf.add(tf.matMul(h, weights[2]), weights[3]) as T2;
    const dz2 = tf.div(tf.sub(tf.softmax(z2), y), rows) as T2;
    const dz1 = tf.mul(tf.matMul(dz2, weights[2], false, true), tf.step(z1)) as T2;
    return named([tf.matMul(x, dz1, true, false), tf.sum(dz1, 0), tf.matMul(h, dz2, true, false), tf.sum(dz2, 0)]);
  };
  // Keras's defaults: Adam(1e-3, 0.9, 0.999, 1e-7), RMSprop(1e-3, rho 0.9, eps 1e-7).
  const optimizer =
    spec.optimizer === 'adam' ? tf.train.adam(0.001, 0.9, 0.999, 1e-7) : tf.train.rmsprop(0.001, 0.9, 0, 1e-7);
  const stepsPerEpoch = Math.ceil(data.nTrain / BATCH);
  const epochs = full ? NABLA_EPOCHS : 1;
  const steps = quick ? 300 : stepsPerEpoch;
  const epochSeconds: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const order = g.permutation(data.nTrain);
    const t0 = performance.now();
    for (let s = 0; s < steps; s++) {
      const rows = Math.min(BATCH, data.nTrain - s * BATCH);
      const xb = new Float32Array(rows * 784);
      const yb = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        const r = order[s * BATCH + i];
        xb.set(data.xTrain.subarray(r * 784, r * 784 + 784), i * 784);
        yb[i] = data.yTrain[r];
      }
      tf.tidy(() => {
        const x = tf.tensor2d(xb, [rows, 784]);
        const y = tf.oneHot(tf.tensor1d(yb, 'int32'), 10) as T2;
        optimizer.applyGradients(gradients(x, y));
      });
    }
    epochSeconds.push(((performance.now() - t0) / 1000) * (stepsPerEpoch / steps));
  }
  const t0 = performance.now();
  let hits = 0;
  for (let start = 0; start < data.nVal; start += BATCH) {
    const rows = Math.min(BATCH, data.nVal - start);
    const predicted = tf.tidy(() =>
      tf.argMax(logits(tf.tensor2d(data.xVal.subarray(start * 784, (start + rows) * 784), [rows, 784])), 1).dataSync(),
    );
    for (let i = 0; i < rows; i++) if (predicted[i] === data.yVal[start + i]) hits++;
  }
  const predictSeconds = (performance.now() - t0) / 1000;
  return { epochSeconds, valAccuracy: hits / data.nVal, predictSeconds };
}

const TORCH_SCRIPT = `
import json, sys, time
import numpy as np
import torch
torch.set_num_threads(1)
folder, hidden, opt_name, epochs, batch, n_train, n_val = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7])
x = torch.from_numpy(np.fromfile(folder + '/x_train.f32', dtype=np.float32).reshape(n_train, 784))
y = torch.from_numpy(np.fromfile(folder + '/y_train.i32', dtype=np.int32).astype(np.int64))
xv = torch.from_numpy(np.fromfile(folder + '/x_val.f32', dtype=np.float32).reshape(n_val, 784))
yv = torch.from_numpy(np.fromfile(folder + '/y_val.i32', dtype=np.int32).astype(np.int64))
torch.manual_seed(1)
layers = [torch.nn.Linear(784, hidden), torch.nn.ReLU(), torch.nn.Linear(hidden, 10)] if hidden > 0 else [torch.nn.Linear(784, 10)]
model = torch.nn.Sequential(*layers)
opt = torch.optim.Adam(model.parameters(), lr=1e-3, eps=1e-7) if opt_name == 'adam' else torch.optim.RMSprop(model.parameters(), lr=1e-3, alpha=0.9, eps=1e-7)
loss_fn = torch.nn.CrossEntropyLoss()
seconds = []
for epoch in range(epochs):
    t0 = time.perf_counter()
    order = torch.randperm(n_train)
    for start in range(0, n_train, batch):
        idx = order[start:start + batch]
        opt.zero_grad()
        loss_fn(model(x[idx]), y[idx]).backward()
        opt.step()
    seconds.append(time.perf_counter() - t0)
t0 = time.perf_counter()
hits = 0
with torch.no_grad():
    for start in range(0, n_val, batch):
        hits += int((model(xv[start:start + batch]).argmax(1) == yv[start:start + batch]).sum())
print(json.dumps({'epochSeconds': seconds, 'valAccuracy': hits / n_val, 'predictSeconds': time.perf_counter() - t0, 'version': torch.__version__}))
`;

/** Writes the data once for the PyTorch runs; returns the folder (removed at exit). */
function torchDataFolder(data: Data): string {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-bench-'));
  process.on('exit', () => rmSync(folder, { recursive: true, force: true }));
  const bytes = (a: Float32Array | Int32Array): Uint8Array => new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  writeFileSync(join(folder, 'x_train.f32'), bytes(data.xTrain));
  writeFileSync(join(folder, 'y_train.i32'), bytes(data.yTrain));
  writeFileSync(join(folder, 'x_val.f32'), bytes(data.xVal));
  writeFileSync(join(folder, 'y_val.i32'), bytes(data.yVal));
  return folder;
}

function runTorch(spec: ModelSpec, data: Data, folder: string | null): Result | string {
  if (folder === null) return 'PyTorch skipped (--no-torch)';
  const epochs = full ? NABLA_EPOCHS : 1;
  const run = spawnSync(
    '/usr/bin/python3',
    [
      '-c',
      TORCH_SCRIPT,
      folder,
      String(spec.hidden ?? 0),
      spec.optimizer,
      String(epochs),
      String(BATCH),
      String(data.nTrain),
      String(data.nVal),
    ],
    { encoding: 'utf8', timeout: 600_000 },
  );
  if (run.status !== 0)
    return `PyTorch unavailable: ${(run.stderr || run.error?.message || '').trim().split('\n').pop()}`;
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as Result;
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/** Mean of the epochs after the first (JIT and allocation warm-up), or the only one. */
function steadyEpoch(values: number[]): number {
  return values.length > 1 ? mean(values.slice(1)) : values[0];
}

async function main(): Promise<void> {
  const data = await loadData();
  console.log(`data: ${data.source}`);
  console.log(
    `train ${data.nTrain} / val ${data.nVal}, batch ${BATCH}; nabla backend '${nb.getBackend().name}'; nabla ${NABLA_EPOCHS} epoch(s)` +
      `, TensorFlow.js ${quick ? '300 steps, scaled to an epoch' : full ? `${NABLA_EPOCHS} epochs` : '1 epoch'}, PyTorch ${full ? NABLA_EPOCHS : 1} epoch(s); ` +
      's/epoch = mean of the epochs after the first when there are several',
  );
  const folder = withTorch ? torchDataFolder(data) : null;
  const rows: string[][] = [
    [
      'model',
      'nabla s/epoch',
      'tfjs-wasm s/epoch',
      'tfjs ÷ nabla',
      'torch 1-thread s/epoch',
      'nabla ÷ torch',
      'val acc nabla / tfjs / torch',
      'target (nabla, 5 epochs)',
      `eval ${data.nVal}: nabla / tfjs / torch`,
    ],
  ];
  for (const spec of MODELS) {
    const ours = await runNabla(spec, data);
    const tfjs = withTfjs ? await runTfjs(spec, data) : 'TensorFlow.js skipped (--no-tfjs)';
    const torch = runTorch(spec, data, folder);
    for (const peer of [tfjs, torch]) if (typeof peer === 'string') console.log(peer);
    const t = typeof tfjs === 'string' ? null : tfjs;
    const p = typeof torch === 'string' ? null : torch;
    const nablaEpoch = steadyEpoch(ours.epochSeconds);
    const acc = (r: Result | null): string => (r ? r.valAccuracy.toFixed(4) : '-');
    const evalTime = (r: Result | null): string => (r ? r.predictSeconds.toFixed(3) : '-');
    rows.push([
      spec.name,
      `${nablaEpoch.toFixed(3)} (epochs ${ours.epochSeconds.map((s) => s.toFixed(2)).join(', ')})`,
      t ? steadyEpoch(t.epochSeconds).toFixed(3) : '-',
      t ? `${(steadyEpoch(t.epochSeconds) / nablaEpoch).toFixed(1)}×` : '-',
      p ? steadyEpoch(p.epochSeconds).toFixed(3) : '-',
      p ? `${(nablaEpoch / steadyEpoch(p.epochSeconds)).toFixed(2)}` : '-',
      `${acc(ours)} / ${acc(t)} / ${acc(p)}`,
      `≥ ${spec.target}${NABLA_EPOCHS >= 5 ? (ours.valAccuracy >= spec.target ? ' ✓' : ' ✗') : ' (needs 5 epochs)'}`,
      `${evalTime(ours)} / ${evalTime(t)} / ${evalTime(p)} s`,
    ]);
  }
  printTable(rows);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

await main();
