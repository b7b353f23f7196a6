// Training with the kernels split over a helper thread gives exactly the weights of training on one thread:
// a 784-100-10 Adam model, whose first-layer products and parameter update are big enough to be split.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { getNumThreads, setNumThreads } from '../../src/backend/threads.ts';
import { Generator } from '../../src/random/generator.ts';
import { getBackend, setBackend, type BackendName } from '../../src/backend/registry.ts';
import { wasmBackendThreads } from '../../src/backend/wasm/wasm-backend.ts';
import type { ParallelKernels } from '../../src/backend/wasm/parallel-kernels.ts';

const ROWS = 256;

function trainingData(): { x: Tensor; y: Tensor } {
  const gen = new Generator(3);
  const x = new Float32Array(ROWS * 784);
  for (let i = 0; i < x.length; i++) x[i] = gen.uniform();
  const y = new Int32Array(ROWS);
  for (let i = 0; i < ROWS; i++) y[i] = Math.floor(gen.uniform() * 10);
  return { x: new Tensor(x, [ROWS, 784]), y: new Tensor(y, [ROWS]) };
}

async function trainedWeights(threads: number): Promise<Float32Array[]> {
  setNumThreads(threads);
  const model = new Sequential([
    new Dense(100, { activation: 'relu', inputShape: [784], seed: 1 }),
    new Dense(10, { activation: 'softmax', seed: 2 }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const { x, y } = trainingData();
  await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, seed: 5 });
  const predictions = await model.predict(x, { batchSize: 128 });
  return [
    ...model.getWeights().map((w) => Float32Array.from(w.data as Float32Array)),
    Float32Array.from(predictions.data as Float32Array),
  ];
}

/** Runs `run`, counting the products and updates that the threads really split. */
async function countSplits(
  threads: ParallelKernels,
  run: () => Promise<Float32Array[]>,
): Promise<{ result: Float32Array[]; splits: number }> {
  const [gemm, update] = [threads.gemm, threads.update];
  let splits = 0;
  threads.gemm = (...args) => {
    const split = gemm.apply(threads, args);
    if (split) splits++;
    return split;
  };
  threads.update = (...args) => {
    const split = update.apply(threads, args);
    if (split) splits++;
    return split;
  };
  try {
    return { result: await run(), splits };
  } finally {
    [threads.gemm, threads.update] = [gemm, update];
  }
}

// Under NABLA_PROFILE=1 the backend handed out is a profiling wrapper, which does not expose the threads.
const skip = process.env.NABLA_PROFILE === '1' ? 'the profiled backend hides its threads' : false;

test('fit and predict on two threads give the weights and outputs of one thread, bit for bit', { skip }, async () => {
  const before = getNumThreads();
  const previous = getBackend().name as BackendName;
  setBackend('wasm');
  try {
    const threads = wasmBackendThreads(getBackend());
    assert.ok(threads !== undefined, 'the wasm backend exposes its threads');
    const one = await trainedWeights(1);
    const { result: two, splits } = await countSplits(threads, () => trainedWeights(2));
    assert.ok(splits > 0, 'the two-thread run split its products and updates');
    assert.equal(two.length, one.length);
    two.forEach((values, i) => {
      const same = Buffer.from(values.buffer).equals(Buffer.from(one[i].buffer));
      assert.ok(same, `array ${i} (${values.length} values) differs between one and two threads`);
    });
  } finally {
    setNumThreads(before);
    setBackend(previous);
  }
});
