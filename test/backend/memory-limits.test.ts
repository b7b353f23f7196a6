// A model too big for the WASM memory is refused before anything is allocated, naming its size and largest
// layer; a refused growth leaves the backend usable; growth follows the request, not a fixed 25%.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmMemory } from '../../src/backend/wasm/wasm-memory.ts';
import { MemoryLimitError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

test('a model whose weights cannot fit is refused before allocating; a small model then trains', async () => {
  // 100,000 × 20,000 float32 weights and their gradients: 16 GB, four times the WASM memory.
  // With an input shape, the model is built as the layer is added.
  assert.throws(
    () => new Sequential([new Dense(20000, { inputShape: [100000] }), new Dense(2)]),
    (error: Error) => {
      assert.ok(error instanceof MemoryLimitError, `${error.name}: ${error.message}`);
      assert.match(error.message, /needs 14\.90 GB for its 2,000,020,000 parameters/);
      assert.match(error.message, /largest layer is 'dense(_\d+)?' \(Dense, 2,000,020,000 parameters\)/);
      return true;
    },
  );
  const small = new Sequential([
    new Dense(4, { inputShape: [3], activation: 'relu' }),
    new Dense(2, { activation: 'softmax' }),
  ]);
  small.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  const x = new Tensor(
    Float32Array.from({ length: 30 }, (_, i) => (i % 7) / 7),
    [10, 3],
  );
  const y = new Tensor(
    Int32Array.from({ length: 10 }, (_, i) => i % 2),
    [10],
  );
  const history = await small.fit(x, y, { epochs: 2, verbose: 0 });
  assert.equal(history.history.loss.length, 2);
  assert.ok(Number.isFinite(history.history.loss[1]));
});

test('a growth the memory cannot make changes nothing, and smaller allocations still succeed', () => {
  const memory = new WasmMemory(1, 8); // 64 KiB to start, 512 KiB at most
  memory.startHeap(0);
  const a = memory.allocate(100_000);
  const before = memory.buffer.byteLength;
  assert.throws(
    () => memory.allocate(600_000),
    (error: Error) => error instanceof MemoryLimitError && /cannot hold another/.test(error.message),
  );
  assert.equal(memory.buffer.byteLength, before, 'the failed request did not grow the memory');
  const b = memory.allocate(300_000);
  assert.ok(b > a);
  assert.equal(memory.availableBytes(), 524288 - 400_000);
});

test('growth is the request plus at most an eighth of the memory, not a quarter', () => {
  const memory = new WasmMemory(64, 65536); // 4 MiB
  memory.startHeap(0);
  memory.allocate(4 * 65536 * 16); // fills the 4 MiB exactly
  memory.allocate(65536); // one page more
  // 1 page asked, 64/8 = 8 pages of slack: 73 pages, where a 25% rule gave 80.
  assert.equal(memory.buffer.byteLength / 65536, 73);
});

test('a batch whose activations cannot fit is refused when the memory cannot grow, and the model still predicts', async () => {
  const model = new Sequential([new Dense(1024, { inputShape: [4], activation: 'relu' }), new Dense(2)]);
  const rows = 1_100_000; // 1,024 activations per row: 4.5 GB for the first layer's output alone
  const x = new Tensor(new Float32Array(rows * 4), [rows, 4]);
  await assert.rejects(
    model.predict(x, { batchSize: rows, verbose: 0 }),
    (error: Error) =>
      error instanceof MemoryLimitError &&
      /cannot hold another [\d.]+ GB: the memory's maximum of 4\.00 GB is reached/.test(error.message),
  );
  const out = await model.predict(new Tensor(new Float32Array(40), [10, 4]), { verbose: 0 });
  assert.deepEqual(out.shape, [10, 2]);
});
