// The page side of bench/browser.ts, bundled by it with esbuild: one epoch of the tutorial's 784-100(relu)-10
// network (Adam, batch 32, 48,000 rows) by nabla's browser build and by TensorFlow.js 4.22 on its wasm backend,
// in the same page, one after the other. The rows are the demo's Fashion-MNIST subset repeated (the time of an
// epoch depends on the shapes, not the values). TensorFlow.js's backward pass is written out as in
// bench/peers/tfjs-mlp.ts (tfjs-core alone registers no gradients). Results go to globalThis.bench.
import * as tf from '@tensorflow/tfjs-core';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as nb from '../../src/browser.ts';

const FEATURES = 784;
const HIDDEN = 100;
const CLASSES = 10;
const BATCH = 32;
const ROWS = 48_000;

interface BenchState {
  nablaSeconds: number[];
  tfjsSeconds: number[];
  nablaLoss: number[];
  tfjsBackend: string;
  tfjsSimd: boolean;
  tfjsThreads: boolean;
  nablaFusedMultiplyAdd: boolean;
  error: string | null;
  done: boolean;
}

const state: BenchState = {
  nablaSeconds: [],
  tfjsSeconds: [],
  nablaLoss: [],
  tfjsBackend: '',
  tfjsSimd: false,
  tfjsThreads: false,
  nablaFusedMultiplyAdd: false,
  error: null,
  done: false,
};
(globalThis as unknown as { bench: BenchState }).bench = state;

async function loadRows(): Promise<{ x: Float32Array; y: Int32Array }> {
  const response = await fetch('./fashion-mnist-subset.bin.gz');
  const body = (response.body as unknown as { pipeThrough(t: unknown): unknown }).pipeThrough(
    new (globalThis as unknown as { DecompressionStream: new (f: string) => unknown }).DecompressionStream('gzip'),
  );
  const bytes = new Uint8Array(await new Response(body as ConstructorParameters<typeof Response>[0]).arrayBuffer());
  const count = new DataView(bytes.buffer).getUint32(4, true);
  const testCount = new DataView(bytes.buffer).getUint32(8, true);
  const labels = bytes.subarray(12, 12 + count);
  const images = bytes.subarray(12 + count + testCount, 12 + count + testCount + count * FEATURES);
  const x = new Float32Array(ROWS * FEATURES);
  const y = new Int32Array(ROWS);
  for (let r = 0; r < ROWS; r++) {
    const source = r % count;
    for (let p = 0; p < FEATURES; p++) x[r * FEATURES + p] = images[source * FEATURES + p] / 255;
    y[r] = labels[source];
  }
  return { x, y };
}

async function nablaEpoch(x: nb.Tensor, y: nb.Tensor, seed: number): Promise<[number, number]> {
  const model = new nb.Sequential([
    new nb.layers.Dense(HIDDEN, {
      activation: 'relu',
      inputShape: [FEATURES],
      kernelInitializer: { className: 'GlorotUniform', config: { seed } },
    }),
    new nb.layers.Dense(CLASSES, {
      activation: 'softmax',
      kernelInitializer: { className: 'GlorotUniform', config: { seed: seed + 1 } },
    }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  const started = performance.now();
  const history = await model.fit(x, y, { epochs: 1, batchSize: BATCH, verbose: 0, seed });
  return [(performance.now() - started) / 1000, history.history.loss[0]];
}

function glorot(rows: number, cols: number, seed: number): tf.Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  return tf.variable(tf.randomUniform([rows, cols], -limit, limit, 'float32', seed));
}

function tfjsEpoch(x: Float32Array, y: Int32Array, seed: number): number {
  const w1 = glorot(FEATURES, HIDDEN, seed);
  const b1 = tf.variable(tf.zeros([HIDDEN]));
  const w2 = glorot(HIDDEN, CLASSES, seed + 1);
  const b2 = tf.variable(tf.zeros([CLASSES]));
  const optimizer = tf.train.adam(0.001, 0.9, 0.999, 1e-7);
  const order = tf.util.createShuffledIndices(ROWS);
  const xb = new Float32Array(BATCH * FEATURES);
  const yb = new Int32Array(BATCH);
  const started = performance.now();
  for (let start = 0; start < ROWS; start += BATCH) {
    const rows = Math.min(BATCH, ROWS - start);
    for (let i = 0; i < rows; i++) {
      const r = order[start + i];
      xb.set(x.subarray(r * FEATURES, (r + 1) * FEATURES), i * FEATURES);
      yb[i] = y[r];
    }
    tf.tidy(() => {
      const input = tf.tensor2d(xb.subarray(0, rows * FEATURES), [rows, FEATURES]);
      const target = tf.oneHot(tf.tensor1d(yb.subarray(0, rows), 'int32'), CLASSES);
      const z1 = tf.add(tf.matMul(input, w1), b1) as tf.Tensor2D;
      const h = tf.relu(z1);
      const dz2 = tf.div(tf.sub(tf.softmax(tf.add(tf.matMul(h, w2), b2)), target), rows) as tf.Tensor2D;
      const dz1 = tf.mul(tf.matMul(dz2, w2, false, true), tf.step(z1)) as tf.Tensor2D;
      optimizer.applyGradients([
        { name: w1.name, tensor: tf.matMul(input, dz1, true, false) },
        { name: b1.name, tensor: tf.sum(dz1, 0) },
        { name: w2.name, tensor: tf.matMul(h, dz2, true, false) },
        { name: b2.name, tensor: tf.sum(dz2, 0) },
      ]);
    });
  }
  tf.dispose([w1, b1, w2, b2]);
  optimizer.dispose();
  return (performance.now() - started) / 1000;
}

async function main(): Promise<void> {
  const rounds = Number(
    new URLSearchParams((globalThis as unknown as { location: { search: string } }).location.search).get('rounds') ??
      '2',
  );
  const { x, y } = await loadRows();
  setWasmPaths('./tfjs/');
  await tf.setBackend('wasm');
  await tf.ready();
  state.tfjsBackend = tf.getBackend();
  state.tfjsSimd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  state.tfjsThreads = (await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT')) === true;
  state.nablaFusedMultiplyAdd = nb.wasmInfo().fusedMultiplyAdd;
  const xTensor = new nb.Tensor(x, [ROWS, FEATURES]);
  const yTensor = new nb.Tensor(y, [ROWS]);
  // Alternate the two, so that a slow minute of the shared machine weighs on both.
  for (let round = 0; round < rounds; round++) {
    const [seconds, loss] = await nablaEpoch(xTensor, yTensor, 10 + round);
    state.nablaSeconds.push(seconds);
    state.nablaLoss.push(loss);
    state.tfjsSeconds.push(tfjsEpoch(x, y, 10 + round));
  }
  state.done = true;
}

main().catch((error: unknown) => {
  state.error = String((error as Error)?.stack ?? error);
});
