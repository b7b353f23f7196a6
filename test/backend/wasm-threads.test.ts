// Products and optimizer updates split over the helper threads against the same kernel on one thread: the
// results must be identical bit for bit (odd sizes, parts that end inside a tile, every transpose and
// accumulate form), small calls must stay whole, and NABLA_THREADS=1 must keep everything on one thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { loadKernels } from '../../src/backend/wasm/load-kernels.ts';
import { ParallelKernels, type UpdateKernel } from '../../src/backend/wasm/parallel-kernels.ts';
import { WasmMemory } from '../../src/backend/wasm/wasm-memory.ts';
import { getNumThreads, setNumThreads } from '../../src/backend/threads.ts';
import { ValueError } from '../../src/errors.ts';
import { Generator } from '../../src/random/generator.ts';

const memory = new WasmMemory(256, 65536);
const { module, kernels } = loadKernels(memory.memory);
memory.startHeap(kernels.heapBase());
const parallel = new ParallelKernels(kernels, module, memory);
const gen = new Generator(11);

/** A buffer of n random values in wasm memory. */
function randomBuffer(n: number): Float32Array {
  const offset = memory.allocate(n * 4); // may grow the memory: take the buffer after
  const buffer = new Float32Array(memory.buffer, offset, n);
  for (let i = 0; i < n; i++) buffer[i] = gen.normal();
  return buffer;
}

function copyOf(values: Float32Array): Float32Array {
  const copy = randomBuffer(values.length);
  copy.set(values);
  return copy;
}

function assertBitIdentical(actual: Float32Array, expected: Float32Array, label: string): void {
  const a = Buffer.from(actual.buffer, actual.byteOffset, actual.byteLength);
  const e = Buffer.from(expected.buffer, expected.byteOffset, expected.byteLength);
  assert.ok(a.equals(e), `${label}: the split result differs from one thread's`);
}

/** C = op(A)·op(B) on one thread and split over two; both must be the same bits. */
function checkGemm(m: number, k: number, n: number, transA: boolean, transB: boolean, accumulate: boolean): void {
  const label = `${m}×${k}×${n} transA=${transA} transB=${transB} accumulate=${accumulate}`;
  const a = randomBuffer(m * k);
  const b = randomBuffer(k * n);
  const single = randomBuffer(m * n);
  const split = copyOf(single);
  const [lda, ldb] = [transA ? m : k, transB ? k : n];
  const scratch = memory.allocate(kernels.matmulScratchBytes(m, k, n));
  kernels.gemm(
    a.byteOffset,
    lda,
    b.byteOffset,
    ldb,
    single.byteOffset,
    n,
    m,
    k,
    n,
    +transA,
    +transB,
    +accumulate,
    scratch,
  );
  const didSplit = parallel.gemm(
    a.byteOffset,
    lda,
    b.byteOffset,
    ldb,
    split.byteOffset,
    n,
    m,
    k,
    n,
    transA,
    transB,
    accumulate,
  );
  assert.ok(didSplit, `${label} was not split`);
  assertBitIdentical(split, single, label);
  for (const buffer of [a, b, single, split]) memory.release(buffer.byteOffset);
  memory.release(scratch);
}

test('a product split by rows or columns equals one thread bit for bit, at odd sizes and every form', () => {
  setNumThreads(2);
  // Odd rows and columns (parts end inside a 2-row strip or a 16-column panel), k over one block, narrow n.
  const shapes: [number, number, number][] = [
    [67, 301, 53],
    [33, 517, 97],
    [785, 31, 101],
    [5, 2000, 131],
    [1, 1000, 1001],
    [400, 300, 9],
  ];
  for (const [m, k, n] of shapes) {
    for (const transA of [false, true]) {
      for (const transB of [false, true]) {
        for (const accumulate of [false, true]) checkGemm(m, k, n, transA, transB, accumulate);
      }
    }
  }
});

test('the products of the 784-100-10 training step are split and equal one thread bit for bit', () => {
  setNumThreads(2);
  checkGemm(32, 784, 100, false, false, false);
  checkGemm(784, 32, 100, true, false, false);
  checkGemm(32, 100, 784, false, true, false);
});

test('an optimizer update split over ranges equals one thread bit for bit', () => {
  setNumThreads(2);
  const updates: [UpdateKernel, number, number[]][] = [
    ['sgdUpdate', 1, [0.01, 0.9, 1]],
    ['adamUpdate', 2, [0.001, 0.9, 0.999, 1e-7]],
    ['rmspropUpdate', 2, [0.001, 0.9, 0.5, 1e-7]],
    ['adagradUpdate', 1, [0.01, 1e-7]],
    ['adamaxUpdate', 2, [0.001, 0.9, 0.999, 1e-7, 0.271]],
    ['nadamUpdate', 2, [0.001, 0.9, 0.999, 1e-7, 3.1, 2.4, 0.003]],
    ['adadeltaUpdate', 2, [1, 0.95, 1e-7]],
    ['lionUpdate', 1, [0.001, 0.9, 0.99]],
  ];
  for (const n of [40_001, 79_510]) {
    for (const [kernel, stateCount, scalars] of updates) {
      const params = randomBuffer(n);
      const grads = randomBuffer(n);
      const state = Array.from({ length: stateCount }, () => randomBuffer(n).map(Math.abs));
      const single = [copyOf(params), ...state.map(copyOf)];
      const split = [copyOf(params), ...state.map(copyOf)];
      const pointers = (buffers: Float32Array[]) => [
        buffers[0].byteOffset,
        grads.byteOffset,
        ...buffers.slice(1).map((s) => s.byteOffset),
      ];
      for (let step = 0; step < 3; step++) {
        (kernels[kernel] as (...args: number[]) => void)(...pointers(single), n, ...scalars);
        assert.ok(parallel.update(kernel, pointers(split), n, scalars), `${kernel} n=${n} was not split`);
      }
      split.forEach((buffer, i) => assertBitIdentical(buffer, single[i], `${kernel} n=${n} buffer ${i}`));
    }
  }
});

test('small calls stay whole, and one thread splits nothing', () => {
  setNumThreads(2);
  const [a, b, c] = [randomBuffer(32 * 100), randomBuffer(100 * 10), randomBuffer(32 * 10)];
  assert.equal(
    parallel.gemm(a.byteOffset, 100, b.byteOffset, 10, c.byteOffset, 10, 32, 100, 10, false, false, false),
    false,
  );
  assert.equal(parallel.update('sgdUpdate', [a.byteOffset, a.byteOffset, 0], 1010, [0.01, 0, 0]), false);
  setNumThreads(1);
  const [x, w, y] = [randomBuffer(32 * 784), randomBuffer(784 * 100), randomBuffer(32 * 100)];
  assert.equal(
    parallel.gemm(x.byteOffset, 784, w.byteOffset, 100, y.byteOffset, 100, 32, 784, 100, false, false, false),
    false,
  );
  setNumThreads(2);
});

test('a helper computes into memory the main thread grew after the helper started', () => {
  setNumThreads(2);
  const before = memory.buffer.byteLength;
  memory.allocate(before); // forces growth; the product below lies past the old end
  checkGemm(256, 784, 100, false, false, false);
  assert.ok(memory.buffer.byteLength > before);
});

test('setNumThreads takes integers ≥ 1', () => {
  assert.throws(() => setNumThreads(0), ValueError);
  assert.throws(() => setNumThreads(1.5), ValueError);
  setNumThreads(3);
  assert.equal(getNumThreads(), 3);
  setNumThreads(2);
});

/** Runs a short script in a fresh Node (TypeScript through tsx) and returns its stdout. */
function runScript(script: string, env: Record<string, string>): { stdout: string; status: number | null } {
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    timeout: 30_000,
  });
  return { stdout: result.stdout.trim(), status: result.status };
}

test('NABLA_THREADS sets the default thread count; NABLA_THREADS=1 opts out', () => {
  const script = `import { getNumThreads } from ${JSON.stringify(new URL('../../src/backend/threads.ts', import.meta.url).href)};
    console.log(getNumThreads());`;
  assert.equal(runScript(script, { NABLA_THREADS: '1' }).stdout, '1');
  assert.equal(runScript(script, { NABLA_THREADS: '3' }).stdout, '3');
});

test('a process whose products ran on a helper thread exits by itself', () => {
  const script = `import * as nb from ${JSON.stringify(new URL('../../src/index.ts', import.meta.url).href)};
    nb.setNumThreads(2);
    const x = new nb.Tensor(new Float32Array(64 * 784).fill(0.5), [64, 784]);
    const w = new nb.Tensor(new Float32Array(784 * 100).fill(0.25), [784, 100]);
    const y = nb.matmul(x, w);
    console.log(y.shape.join('x'), y.data[0]);`;
  const { stdout, status } = runScript(script, {});
  assert.equal(status, 0);
  assert.equal(stdout, '64x100 98');
});
