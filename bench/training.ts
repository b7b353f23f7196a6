// Training speed on Fashion-MNIST: nabla vs TensorFlow.js 4.22 (tfjs-core + wasm backend), same models,
// same data, same batch size, in the same run. Seconds per epoch side by side, the ratio, validation accuracy.
//
//   node --import tsx bench/training.ts            nabla 5 epochs per model, TensorFlow.js 1 epoch
//   node --import tsx bench/training.ts --quick    nabla 1 epoch, TensorFlow.js 300 steps (cheap re-runs)
//   node --import tsx bench/training.ts --full     TensorFlow.js 5 epochs too (accuracies comparable)
//   add --no-tfjs to skip the peer, --profile to print nabla's per-step phase split
import * as nb from '../src/index.ts';
import { Generator } from '../src/random/generator.ts';

const args = new Set(process.argv.slice(2));
const quick = args.has('--quick');
const full = args.has('--full');
const withTfjs = !args.has('--no-tfjs');
const NABLA_EPOCHS = quick ? 1 : 5;
const BATCH = 32;

interface Data { xTrain: Float32Array; yTrain: Int32Array; xVal: Float32Array; yVal: Int32Array; nTrain: number; nVal: number; source: string }

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

interface ModelSpec { name: string; hidden: number | null; optimizer: 'rmsprop' | 'adam'; target: number }
const MODELS: ModelSpec[] = [
  { name: 'Dense(10, softmax), RMSprop', hidden: null, optimizer: 'rmsprop', target: 0.85 },
  { name: '784-100(relu)-10, Adam', hidden: 100, optimizer: 'adam', target: 0.875 },
];

interface Result { epochSeconds: number[]; valAccuracy: number; predictSeconds: number }

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
    return tf.variable(tf.tensor2d(Float32Array.from({ length: rows * cols }, () => (2 * g.uniform() - 1) * limit), [rows, cols]));
  };
  const weights = spec.hidden !== null
    ? [glorot(784, spec.hidden), tf.variable(tf.zeros([spec.hidden])), glorot(spec.hidden, 10), tf.variable(tf.zeros([10]))]
    : [glorot(784, 10), tf.variable(tf.zeros([10]))];
  const logits = (x: import('@tensorflow/tfjs-core').Tensor2D): import('@tensorflow/tfjs-core').Tensor2D => {
    if (spec.hidden === null) return tf.add(tf.matMul(x, weights[0]), weights[1]);
    const h = tf.relu(tf.add(tf.matMul(x, weights[0]), weights[1]));
    return tf.add(tf.matMul(h, weights[2]), weights[3]);
  };
  // tfjs-core's node build registers no gradient functions (tfjs-layers brings them), so the backward pass is
  // written out with tfjs ops: the same matrix products an autodiff would run, without its bookkeeping.
  type T2 = import('@tensorflow/tfjs-core').Tensor2D;
  const named = (grads: import('@tensorflow/tfjs-core').Tensor[]) => grads.map((tensor, i) => ({ name: weights[i].name, tensor }));
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
  const optimizer = spec.optimizer === 'adam' ? tf.train.adam(0.001, 0.9, 0.999, 1e-7) : tf.train.rmsprop(0.001, 0.9, 0, 1e-7);
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
    const predicted = tf.tidy(() => tf.argMax(logits(tf.tensor2d(data.xVal.subarray(start * 784, (start + rows) * 784), [rows, 784])), 1).dataSync());
    for (let i = 0; i < rows; i++) if (predicted[i] === data.yVal[start + i]) hits++;
  }
  const predictSeconds = (performance.now() - t0) / 1000;
  return { epochSeconds, valAccuracy: hits / data.nVal, predictSeconds };
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
  console.log(`train ${data.nTrain} / val ${data.nVal}, batch ${BATCH}; nabla backend '${nb.getBackend().name}'; nabla ${NABLA_EPOCHS} epoch(s)` +
    (withTfjs ? `, TensorFlow.js ${quick ? '300 steps, scaled to an epoch' : full ? `${NABLA_EPOCHS} epochs` : '1 epoch'}` : ''));
  const rows: string[][] = [['model', 'nabla s/epoch', 'tfjs-wasm s/epoch', 'tfjs ÷ nabla', 'nabla val acc', `tfjs val acc`, 'target', `nabla eval ${data.nVal}`, `tfjs eval ${data.nVal}`]];
  for (const spec of MODELS) {
    const ours = await runNabla(spec, data);
    const peer = withTfjs ? await runTfjs(spec, data) : 'skipped (--no-tfjs)';
    const theirs = typeof peer === 'string' ? null : peer;
    if (typeof peer === 'string') console.log(peer);
    const nablaEpoch = steadyEpoch(ours.epochSeconds);
    rows.push([
      spec.name,
      `${nablaEpoch.toFixed(3)} (epochs ${ours.epochSeconds.map((s) => s.toFixed(2)).join(', ')})`,
      theirs ? steadyEpoch(theirs.epochSeconds).toFixed(3) : '-',
      theirs ? `${(steadyEpoch(theirs.epochSeconds) / nablaEpoch).toFixed(1)}×` : '-',
      ours.valAccuracy.toFixed(4) + (NABLA_EPOCHS >= 5 ? (ours.valAccuracy >= spec.target ? ' ✓' : ' ✗') : ''),
      theirs ? theirs.valAccuracy.toFixed(4) : '-',
      `≥ ${spec.target} after 5 epochs`,
      `${ours.predictSeconds.toFixed(3)} s`,
      theirs ? `${theirs.predictSeconds.toFixed(3)} s` : '-',
    ]);
  }
  printTable(rows);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

function printTable(rows: string[][]): void {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]): string => `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
  console.log(line(rows[0]));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows.slice(1)) console.log(line(r));
}

await main();
