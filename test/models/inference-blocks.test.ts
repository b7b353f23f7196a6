// evaluate and predict run several batches through the model at once unless a callback watches each batch.
// The results must be exactly those of one batch at a time: the same property Keras has by construction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobs } from './fixtures-data.ts';
import { getBackend, setBackend, type BackendName } from '../../src/backend/registry.ts';
import { Callback, type Logs } from '../../src/callbacks/callback.ts';
import { ProgbarLogger } from '../../src/callbacks/progbar-logger.ts';
import { ValueError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/** Watches every batch, so the loops must go one batch at a time; records the hooks it saw. */
class BatchWatcher extends Callback {
  readonly seen: string[] = [];
  override onTestBatchBegin(batch: number): void {
    this.seen.push(`test begin ${batch}`);
  }
  override onTestBatchEnd(batch: number, logs: Logs = {}): void {
    this.seen.push(`test end ${batch} ${Object.keys(logs).join(',')}`);
  }
  override onPredictBatchBegin(batch: number): void {
    this.seen.push(`predict begin ${batch}`);
  }
  override onPredictBatchEnd(batch: number): void {
    this.seen.push(`predict end ${batch}`);
  }
}

/** Runs `run`, counting the matrix products the current backend computes meanwhile. */
async function countProducts(run: () => Promise<unknown>): Promise<number> {
  const backend = getBackend();
  const matmul = backend.matmul;
  let products = 0;
  backend.matmul = (...args) => {
    products++;
    matmul.apply(backend, args);
  };
  try {
    await run();
  } finally {
    backend.matmul = matmul;
  }
  return products;
}

function trainedModel(): Promise<Sequential> {
  const { x, y } = blobs(300, 12, 4, 5);
  const model = new Sequential([
    new Dense(40, { activation: 'relu', inputShape: [12], seed: 1 }),
    new Dropout(0.3, { seed: 2 }),
    new Dense(4, { activation: 'softmax', seed: 3 }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model.fit(x, y, { epochs: 2, batchSize: 16, verbose: 0, seed: 4 }).then(() => model);
}

for (const backend of ['reference', 'wasm'] as BackendName[]) {
  test(`${backend}: predict and evaluate in blocks equal one batch at a time, bit for bit (odd sizes, last block short)`, async () => {
    const previous = getBackend().name as BackendName;
    setBackend(backend);
    try {
      const model = await trainedModel();
      // 1,000 rows: with batch 32, blocks of 256 rows and a short last one; with batch 100, blocks of 200;
      // with batch 300 (more than a block), one batch per block; with batch 50, blocks of 250 and a short last
      // batch.
      const { x, y } = blobs(1000, 12, 4, 6);
      for (const batchSize of [32, 100, 300, 7, 50]) {
        const watcher = new BatchWatcher();
        let blocked!: Tensor;
        let batchwise!: Tensor;
        const blockedProducts = await countProducts(
          async () => (blocked = await model.predict(x, { batchSize, verbose: 0 })),
        );
        const batchwiseProducts = await countProducts(
          async () => (batchwise = await model.predict(x, { batchSize, verbose: 0, callbacks: [watcher] })),
        );
        // Two Dense layers: two products per batch one at a time, fewer in blocks of several batches.
        assert.equal(batchwiseProducts, 2 * Math.ceil(1000 / batchSize));
        if (batchSize <= 128)
          assert.ok(blockedProducts < batchwiseProducts, `batch ${batchSize}: ${blockedProducts} products in blocks`);
        assert.deepEqual(Array.from(blocked.data), Array.from(batchwise.data), `predict, batch ${batchSize}`);
        const steps = Math.ceil(1000 / batchSize);
        assert.equal(watcher.seen.length, 2 * steps);
        assert.equal(watcher.seen[2 * steps - 1], `predict end ${steps - 1}`);
        const blockedLogs = (await model.evaluate(x, y, { batchSize, verbose: 0 })) as number[];
        const batchwiseLogs = (await model.evaluate(x, y, { batchSize, verbose: 0, callbacks: [watcher] })) as number[];
        assert.deepEqual([...blockedLogs], [...batchwiseLogs], `evaluate, batch ${batchSize}`);
        assert.equal(watcher.seen[watcher.seen.length - 1], `test end ${steps - 1} loss,accuracy`);
      }
    } finally {
      setBackend(previous);
    }
  });
}

test('the progress bar alone does not force one batch at a time, and still sees every batch', async () => {
  const model = await trainedModel();
  const { x } = blobs(600, 12, 4, 7);
  let written = '';
  const bar = new ProgbarLogger({ verbose: 1, stream: { write: (text: string) => (written += text), isTTY: false } });
  let withBar!: Tensor;
  const products = await countProducts(
    async () => (withBar = await model.predict(x, { verbose: 0, callbacks: [bar] })),
  );
  assert.ok(products < 2 * 19, `${products} products: blocks of several batches, not one per batch`);
  const plain = await model.predict(x, { verbose: 0 });
  assert.deepEqual(Array.from(withBar.data), Array.from(plain.data));
  assert.match(written, /19\/19/, 'the bar counts all 19 batches of 32');
});

test('evaluate and predict name the sample holding NaN or Infinity, in any block', async () => {
  const model = await trainedModel();
  const { x, y } = blobs(700, 12, 4, 8);
  const data = Float32Array.from(x.data);
  data[613 * 12 + 5] = NaN; // in the third block of 256 rows
  const bad = new Tensor(data, [700, 12]);
  await assert.rejects(
    model.predict(bad, { verbose: 0 }),
    (e: unknown) => e instanceof ValueError && /NaN at sample 613/.test(e.message),
  );
  await assert.rejects(
    model.evaluate(bad, y, { verbose: 0 }),
    (e: unknown) => e instanceof ValueError && /NaN at sample 613/.test(e.message),
  );
  await assert.rejects(model.predict(bad, { verbose: 0, callbacks: [new BatchWatcher()] }), /NaN at sample 613/);
  data[613 * 12 + 5] = 0;
  data[0] = -Infinity;
  await assert.rejects(model.predict(new Tensor(data, [700, 12]), { verbose: 0 }), /-Infinity at sample 0/);
});

test('fit refuses NaN in its validation data before the first epoch, naming the sample', async () => {
  const model = await trainedModel();
  const { x, y } = blobs(300, 12, 4, 9);
  const data = Float32Array.from(x.data);
  data[280 * 12 + 1] = NaN; // in the last tenth: the validation part of validationSplit 0.1
  const bad = new Tensor(data, [300, 12]);
  let epochsStarted = 0;
  const counter = new (class extends Callback {
    override onEpochBegin(): void {
      epochsStarted++;
    }
  })();
  await assert.rejects(
    model.fit(x, y, { epochs: 1, verbose: 0, validationData: [bad, y], callbacks: [counter] }),
    /NaN at sample 280/,
  );
  await assert.rejects(
    model.fit(bad, y, { epochs: 1, verbose: 0, validationSplit: 0.1, callbacks: [counter] }),
    /NaN at sample 280/,
  );
  assert.equal(epochsStarted, 0);
});
