// The system-BLAS matrix product against the reference: every transpose/accumulate form, odd sizes, the
// real layer shapes, buffers in wasm memory (passed to the library in place) and in JS memory; one and two
// threads of OpenBLAS or split over the WASM backend's threads. Skipped with a message when this machine has
// no koffi or no system BLAS.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { MatmulOptions } from '../../src/backend/backend.ts';
import { createBlasBackend, DEFAULT_BLAS_POLICY, type BlasThreads } from '../../src/backend/blas/blas-backend.ts';
import { loadCblas } from '../../src/backend/blas/load-cblas.ts';
import { setNumThreads } from '../../src/backend/threads.ts';
import { wasmBackendThreads } from '../../src/backend/wasm/wasm-backend.ts';
import { loadKernels } from '../../src/backend/wasm/load-kernels.ts';
import { ParallelKernels } from '../../src/backend/wasm/parallel-kernels.ts';
import { WasmMemory } from '../../src/backend/wasm/wasm-memory.ts';
import { ShapeError } from '../../src/errors.ts';
import { Generator } from '../../src/random/generator.ts';
import { checkMatmulAgainstReference, wasm, type Placement } from './harness.ts';

const { cblas, reason } = loadCblas();
const skip = cblas === null ? `no system BLAS: ${reason}` : false;
// Every product through the library (no WASM below a size), on one thread or on two.
const oneThread = cblas && createBlasBackend(wasm, cblas, { minFlops: 0, multiThreadFlops: Infinity, maxThreads: 1 });
const twoThreads = cblas && createBlasBackend(wasm, cblas, { minFlops: 0, multiThreadFlops: 0, maxThreads: 2 });
const gen = new Generator(11);

const ALL_OPTIONS: MatmulOptions[] = [];
for (const transA of [false, true]) {
  for (const transB of [false, true]) {
    for (const accumulate of [false, true]) ALL_OPTIONS.push({ transA, transB, accumulate });
  }
}
const PLACEMENTS: Placement[][] = [
  ['wasm', 'wasm', 'wasm'],
  ['js', 'js', 'js'],
  ['wasm', 'js', 'wasm'],
  ['js', 'wasm', 'js'],
];

test('blas matmul matches the reference on odd sizes, every transpose and accumulate form, in and out of wasm memory', {
  skip,
}, () => {
  const sizes = [1, 2, 5, 13, 33];
  let c = 0;
  for (const m of sizes) {
    for (const k of sizes) {
      for (const n of sizes) {
        for (const options of ALL_OPTIONS)
          checkMatmulAgainstReference(oneThread!, gen, m, k, n, options, PLACEMENTS[c++ % PLACEMENTS.length]);
      }
    }
  }
});

test('blas matmul matches the reference at the layer shapes, on one and on two threads', { skip }, () => {
  const shapes: [number, number, number][] = [
    [32, 784, 100],
    [784, 32, 100],
    [32, 100, 784],
    [100, 32, 10],
    [32, 784, 10],
    [97, 600, 25],
    [257, 130, 67],
  ];
  // Each shape in two of the eight forms per backend; over the shapes every form comes up.
  let c = 0;
  for (const backend of [oneThread!, twoThreads!]) {
    for (const [m, k, n] of shapes) {
      for (let j = 0; j < 2; j++, c++)
        checkMatmulAgainstReference(
          backend,
          gen,
          m,
          k,
          n,
          ALL_OPTIONS[c % ALL_OPTIONS.length],
          PLACEMENTS[c % PLACEMENTS.length],
        );
    }
  }
});

test('blas matmul with views at an offset into a larger buffer reads and writes only its own elements', {
  skip,
}, () => {
  const storage = wasm.allocFloat32(64);
  storage.fill(7);
  const a = storage.subarray(4, 10); // 2×3
  const b = storage.subarray(12, 18); // 3×2
  a.set([1, 2, 3, 4, 5, 6]);
  b.set([7, 8, 9, 10, 11, 12]);
  const out = storage.subarray(20, 24);
  oneThread!.matmul(a, b, out, 2, 3, 2);
  assert.deepEqual([...out], [58, 64, 139, 154]);
  assert.equal(storage[19], 7);
  assert.equal(storage[24], 7);
  wasm.free(storage);
});

test('the default policy gives the same products as the reference for tiny (WASM) and large (BLAS) sizes', {
  skip,
}, () => {
  const backend = createBlasBackend(wasm, cblas!);
  for (const [m, k, n] of [
    [2, 3, 4],
    [32, 100, 10],
    [48, 300, 20],
  ] as const) {
    for (const options of ALL_OPTIONS)
      checkMatmulAgainstReference(backend, gen, m, k, n, options, ['wasm', 'js', 'wasm']);
  }
});

test('short buffers are a ShapeError before the library is called; k = 0 writes zeros', { skip }, () => {
  assert.throws(
    () => oneThread!.matmul(new Float32Array(6), new Float32Array(6), new Float32Array(3), 2, 3, 2),
    ShapeError,
  );
  assert.throws(
    () => oneThread!.matmul(new Float32Array(5), new Float32Array(6), new Float32Array(4), 2, 3, 2),
    ShapeError,
  );
  const out = Float32Array.from([1, 2, 3, 4]);
  oneThread!.matmul(new Float32Array(0), new Float32Array(0), out, 2, 0, 2);
  assert.deepEqual([...out], [0, 0, 0, 0]);
  assert.equal(oneThread!.name, 'blas');
});

/** The WASM backend's threads, counting the products they split. */
function countingThreads(threads: BlasThreads): BlasThreads & { splits: number; calls: number } {
  const counting = {
    splits: 0,
    calls: 0,
    owns: (view: ArrayBufferView) => threads.owns(view),
    useCblas: threads.useCblas.bind(threads),
    splitsCblas: threads.splitsCblas.bind(threads),
    cblasGemm: (...args: Parameters<BlasThreads['cblasGemm']>) => {
      counting.calls++;
      const split = threads.cblasGemm(...args);
      if (split) counting.splits++;
      return split;
    },
  };
  return counting;
}

test('blas products split over the wasm threads match the reference: layer shapes, odd sizes, every form', {
  skip,
}, () => {
  setNumThreads(2);
  const threads = countingThreads(wasmBackendThreads(wasm)!);
  const split = createBlasBackend(wasm, cblas!, { minFlops: 0, multiThreadFlops: Infinity, maxThreads: 1 }, threads);
  const shapes: [number, number, number][] = [
    [32, 784, 100],
    [784, 32, 100],
    [32, 100, 784],
    [3, 2000, 401],
    [67, 301, 53],
    [257, 130, 67],
  ];
  for (const [m, k, n] of shapes) {
    for (const options of ALL_OPTIONS)
      checkMatmulAgainstReference(split, gen, m, k, n, options, ['wasm', 'wasm', 'wasm']);
  }
  assert.equal(threads.calls, shapes.length * ALL_OPTIONS.length);
  assert.equal(threads.splits, threads.calls, 'every product of these sizes is split over two threads');
  // Arrays outside the shared memory, which the helper cannot reach, stay with this thread's library call.
  checkMatmulAgainstReference(split, gen, 32, 784, 100, {}, ['js', 'wasm', 'wasm']);
  checkMatmulAgainstReference(split, gen, 32, 784, 100, {}, ['wasm', 'wasm', 'js']);
  assert.equal(threads.calls, shapes.length * ALL_OPTIONS.length);
});

test('blas products stay on one thread with setNumThreads(1), and small ones always', { skip }, () => {
  const threads = countingThreads(wasmBackendThreads(wasm)!);
  const split = createBlasBackend(wasm, cblas!, DEFAULT_BLAS_POLICY, threads);
  setNumThreads(1);
  try {
    checkMatmulAgainstReference(split, gen, 32, 784, 100, {}, ['wasm', 'wasm', 'wasm']);
  } finally {
    setNumThreads(2);
  }
  checkMatmulAgainstReference(split, gen, 32, 100, 10, {}, ['wasm', 'wasm', 'wasm']);
  assert.equal(threads.calls, 0, 'products that are not split go to the library directly');
});

test('a helper thread that cannot load the library leaves its part to this thread, which computes it', { skip }, () => {
  setNumThreads(2);
  const memory = new WasmMemory(256, 65536);
  const { module, kernels } = loadKernels(memory.memory);
  memory.startHeap(kernels.heapBase());
  const parallel = new ParallelKernels(kernels, module, memory);
  // This thread calls the real library; the helper is told a name that does not load.
  parallel.useCblas({ ...cblas!, library: 'libnabla-no-such-blas.so' });
  const [m, k, n] = [32, 784, 100];
  const view = (values: Float32Array): Float32Array => {
    const out = new Float32Array(memory.buffer, memory.allocate(values.length * 4), values.length);
    out.set(values);
    return out;
  };
  const a = view(Float32Array.from({ length: m * k }, (_, i) => Math.sin(i)));
  const b = view(Float32Array.from({ length: k * n }, (_, i) => Math.cos(i)));
  const c = view(new Float32Array(m * n).fill(Number.NaN));
  assert.equal(parallel.cblasGemm(false, false, m, n, k, a.byteOffset, k, b.byteOffset, n, 0, c.byteOffset, n), true);
  // Both halves of the rows, as the two parts compute them (here both on this thread).
  const expected = new Float32Array(m * n);
  const half = m / 2;
  cblas!.sgemm(false, false, half, n, k, 1, a, k, b, n, 0, expected, n);
  cblas!.sgemm(false, false, half, n, k, 1, a.subarray(half * k), k, b, n, 0, expected.subarray(half * n), n);
  assert.deepEqual([...c], [...expected]);
});

test('without a system BLAS, setBackend("blas") falls back to wasm and blasInfo says why', () => {
  const script = [
    "import { blasAvailable, blasInfo, getBackend, listBackends, setBackend } from './src/backend/index.ts';",
    "setBackend('blas');",
    'console.log(JSON.stringify({ name: getBackend().name, available: blasAvailable(), info: blasInfo(), names: listBackends() }));',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, NABLA_BLAS_LIBRARY: 'libnabla-no-such-blas.so' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout.trim());
  assert.equal(result.name, 'wasm');
  assert.equal(result.available, false);
  assert.equal(result.info.library, null);
  assert.match(result.info.reason, /libnabla-no-such-blas\.so|koffi/);
  assert.deepEqual(result.names, ['wasm', 'reference']);
});

// OpenBLAS's x86 kernel names; an x86-64 CPU with AVX2 runs both sets named below.
const x86WithAvx2 =
  process.arch === 'x64' && process.platform === 'linux' && /\bavx2\b/.test(readFileSync('/proc/cpuinfo', 'latin1'));

test('blasInfo names the OpenBLAS kernel set, which follows OPENBLAS_CORETYPE when it is set', {
  skip: skip || (x86WithAvx2 ? false : 'not an x86-64 Linux machine with AVX2'),
}, () => {
  const script =
    "import { blasInfo, setBackend } from './src/backend/index.ts'; setBackend('blas'); console.log(JSON.stringify(blasInfo()));";
  const infoWith = (coreType: string): { library: string; coreName: string | null } => {
    const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      env: { ...process.env, OPENBLAS_CORETYPE: coreType },
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    return JSON.parse(run.stdout.trim());
  };
  const info = infoWith('Haswell');
  if (info.coreName === null) return; // not OpenBLAS (Accelerate, a reference BLAS): nothing to name
  assert.equal(info.coreName, 'Haswell');
  assert.equal(infoWith('Sandybridge').coreName, 'Sandybridge');
});
