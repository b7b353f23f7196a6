// Matrix-product speed (GFLOP/s) of nabla's backends against TensorFlow.js's wasm backend, same process,
// same shapes, interleaved rounds, best round kept. `npm run bench -- gemm`.
// Speeds are per second of this process's CPU time (the machine is shared: wall time mostly measures the
// neighbours); the wall-clock ratio is printed beside it. With a system BLAS (the optional 'blas' backend)
// two more tables: OpenBLAS on 1 vs 2 threads (wall clock, since 2 threads spend more CPU time to finish
// sooner), and the small-product crossover between the WASM kernel and cblas_sgemm (µs per call). The WASM
// kernel runs on one thread in the main table; a second table gives its wall-clock speed split over the
// helper threads (setNumThreads). Both builds of the WASM kernels run where the runtime can load the
// relaxed-SIMD one ('wasm FMA'; bench/run.ts starts this script with the V8 flag Node.js 20 needs for it).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { createReferenceBackend } from '../src/backend/reference/reference-backend.ts';
import { createWasmBackend } from '../src/backend/wasm/wasm-backend.ts';
import { createBlasBackend, DEFAULT_BLAS_POLICY } from '../src/backend/blas/blas-backend.ts';
import { wasmBackendThreads } from '../src/backend/wasm/wasm-backend.ts';
import { loadCblas } from '../src/backend/blas/load-cblas.ts';
import type { Backend } from '../src/backend/backend.ts';
import { Generator } from '../src/random/generator.ts';
import { getNumThreads, setNumThreads } from '../src/backend/threads.ts';
import { PLAIN_BUILD, RELAXED_BUILD, relaxedBuildLoads } from '../src/backend/wasm/kernel-builds.mjs';

interface Shape {
  m: number;
  k: number;
  n: number;
  transA: boolean;
  transB: boolean;
  label: string;
}

const SHAPES: Shape[] = [
  { m: 32, k: 784, n: 100, transA: false, transB: false, label: '32×784×100 (Dense 784→100 forward)' },
  { m: 32, k: 100, n: 10, transA: false, transB: false, label: '32×100×10 (Dense 100→10 forward)' },
  { m: 784, k: 32, n: 100, transA: true, transB: false, label: '784×32×100 AᵀB (kernel gradient)' },
  { m: 32, k: 100, n: 784, transA: false, transB: true, label: '32×100×784 ABᵀ (input gradient)' },
  { m: 256, k: 784, n: 100, transA: false, transB: false, label: '256×784×100' },
  { m: 1024, k: 1024, n: 1024, transA: false, transB: false, label: '1024³' },
  { m: 32, k: 784, n: 10, transA: false, transB: false, label: '32×784×10 (Dense(10) model forward)' },
  { m: 784, k: 32, n: 10, transA: true, transB: false, label: '784×32×10 AᵀB (Dense(10) kernel gradient)' },
];
const ROUNDS = 5;
const ROUND_SECONDS = 0.02;
// The reference is ~100× slower: above this many flops it runs on the first rows only (and says so).
const REFERENCE_MAX_FLOPS = 2e7;

type Runner = () => void;

interface Speed {
  cpu: number;
  wall: number;
}

function cpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}

/** GFLOP/s of `reps` calls of `run`, per CPU second and per wall second. */
function measure(run: Runner, flops: number, reps: number): Speed {
  const wallStart = performance.now();
  const cpuStart = cpuSeconds();
  for (let i = 0; i < reps; i++) run();
  const cpu = cpuSeconds() - cpuStart;
  const wall = (performance.now() - wallStart) / 1000;
  return { cpu: (flops * reps) / Math.max(cpu, 1e-6) / 1e9, wall: (flops * reps) / wall / 1e9 };
}

function repsFor(flops: number, gflops: number): number {
  return Math.max(1, Math.round((ROUND_SECONDS * gflops * 1e9) / flops));
}

function randomArray(gen: Generator, n: number, into?: Float32Array): Float32Array {
  const out = into ?? new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.uniform() * 2 - 1;
  return out;
}

function backendRunner(backend: Backend, shape: Shape, m: number, gen: Generator): Runner {
  const { k, n, transA, transB } = shape;
  const a = randomArray(gen, m * k, backend.allocFloat32(m * k));
  const b = randomArray(gen, k * n, backend.allocFloat32(k * n));
  const out = backend.allocFloat32(m * n);
  const options = { transA, transB };
  return () => backend.matmul(a, b, out, m, k, n, options);
}

function tfRunner(shape: Shape, gen: Generator): Runner {
  const { m, k, n, transA, transB } = shape;
  const a = tf.tensor(randomArray(gen, m * k), transA ? [k, m] : [m, k]);
  const b = tf.tensor(randomArray(gen, k * n), transB ? [n, k] : [k, n]);
  return () => {
    const c = tf.matMul(a, b, transA, transB);
    c.dataSync();
    c.dispose();
  };
}

interface Contender {
  run: Runner;
  flops: number;
  best: Speed;
  reps: number;
}

function contender(run: Runner, flops: number): Contender {
  return { run, flops, best: { cpu: 0, wall: 0 }, reps: 1 };
}

/** Warms up and sizes every contender, then keeps the best of ROUNDS interleaved rounds. */
function race(contenders: Contender[]): void {
  for (const c of contenders) {
    // Warm-up (lets V8 tier the WASM code up), and sizes the rounds.
    const warm = measure(c.run, c.flops, 3);
    c.reps = repsFor(c.flops, Math.max(warm.cpu, warm.wall));
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const c of contenders) {
      const speed = measure(c.run, c.flops, c.reps);
      c.best = { cpu: Math.max(c.best.cpu, speed.cpu), wall: Math.max(c.best.wall, speed.wall) };
    }
  }
}

const CROSSOVER_SHAPES: Shape[] = [
  { m: 4, k: 4, n: 4, transA: false, transB: false, label: '4×4×4' },
  { m: 8, k: 16, n: 8, transA: false, transB: false, label: '8×16×8' },
  { m: 16, k: 32, n: 10, transA: false, transB: false, label: '16×32×10' },
  { m: 32, k: 100, n: 10, transA: false, transB: false, label: '32×100×10' },
  { m: 100, k: 32, n: 10, transA: true, transB: false, label: '100×32×10 AᵀB' },
  { m: 32, k: 10, n: 100, transA: false, transB: true, label: '32×10×100 ABᵀ' },
  { m: 32, k: 784, n: 10, transA: false, transB: false, label: '32×784×10' },
];

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  const gen = new Generator(1);
  const threads = getNumThreads();
  setNumThreads(1);
  const reference = createReferenceBackend();
  const wasm = createWasmBackend(PLAIN_BUILD);
  const fma = relaxedBuildLoads() ? createWasmBackend(RELAXED_BUILD) : null;
  const { cblas, reason } = loadCblas();
  // Every product through the library, on a fixed thread count (the default policy picks per size).
  const blasOn = (threads: number): Backend | null =>
    cblas &&
    createBlasBackend(wasm, cblas, { minFlops: 0, multiThreadFlops: threads > 1 ? 0 : Infinity, maxThreads: threads });
  const blas1 = blasOn(1);
  const blas2 = blasOn(2);
  console.log(
    `wasm: the plain SIMD build (a multiply and an add); wasm FMA: ${fma ? 'the relaxed-SIMD build (fused multiply-adds)' : 'not loadable here (Node.js 20 needs --experimental-wasm-relaxed-simd)'}`,
  );
  console.log(cblas ? `blas: ${cblas.library} through koffi` : `blas: not available (${reason})`);
  console.log(
    '\n| shape (m×k×n) | reference | wasm | wasm FMA | blas (1 thread) | tfjs-wasm 4.22 | wasm / tfjs | wasm FMA / tfjs | blas / wasm | blas / tfjs | wasm / tfjs (wall clock) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|---|---|');
  const ratios: number[] = [];
  for (const shape of SHAPES) {
    const flops = 2 * shape.m * shape.k * shape.n;
    const refRows =
      flops > REFERENCE_MAX_FLOPS ? Math.max(1, Math.floor((REFERENCE_MAX_FLOPS / flops) * shape.m)) : shape.m;
    const refFlops = 2 * refRows * shape.k * shape.n;
    const ref = contender(backendRunner(reference, shape, refRows, gen), refFlops);
    const ours = contender(backendRunner(wasm, shape, shape.m, gen), flops);
    const theirs = contender(tfRunner(shape, gen), flops);
    const one = blas1 && contender(backendRunner(blas1, shape, shape.m, gen), flops);
    const fused = fma && contender(backendRunner(fma, shape, shape.m, gen), flops);
    race([ref, ours, theirs, ...(one ? [one] : []), ...(fused ? [fused] : [])]);
    const ratio = ours.best.cpu / theirs.best.cpu;
    ratios.push(ratio);
    const refNote = refRows < shape.m ? ` (${refRows} rows)` : '';
    const blasCells = one
      ? [
          one.best.cpu.toFixed(1),
          `${(one.best.cpu / ours.best.cpu).toFixed(2)}×`,
          `${(one.best.cpu / theirs.best.cpu).toFixed(2)}×`,
        ]
      : ['-', '-', '-'];
    console.log(
      `| ${shape.label} | ${ref.best.cpu.toFixed(2)}${refNote} | ${ours.best.cpu.toFixed(1)} | ${fused ? fused.best.cpu.toFixed(1) : '-'} | ${blasCells[0]} | ${theirs.best.cpu.toFixed(1)} | ` +
        `${ratio.toFixed(2)}× | ${fused ? `${(fused.best.cpu / theirs.best.cpu).toFixed(2)}×` : '-'} | ${blasCells[1]} | ${blasCells[2]} | ${(ours.best.wall / theirs.best.wall).toFixed(2)}× |`,
    );
  }
  console.log(`\nGFLOP/s per CPU second, best of ${ROUNDS} interleaved rounds.`);
  console.log(`lowest wasm/tfjs ratio: ${Math.min(...ratios).toFixed(2)}× (target ≥ 1.2×)`);
  // The thread tables come after the main table: a helper thread (ours, or OpenBLAS's second one) keeps
  // spinning for a while after each call, and would take CPU time (and the second core) from the
  // single-threaded contenders raced beside it.
  if (threads > 1) wasmThreads('wasm', wasm, threads, gen);
  if (threads > 1 && fma !== null) wasmThreads('wasm FMA', fma, threads, gen);
  if (blas1 === null) return;
  threadTable(
    'blas',
    2,
    (shape) => backendRunner(blas1, shape, shape.m, gen),
    (shape) => backendRunner(blas2!, shape, shape.m, gen),
  );
  // What the 'blas' backend does with arrays in the kernels' memory: each of nabla's threads calls the
  // library, on one thread, for its block of rows (or columns) of C.
  if (threads > 1) {
    const split = createBlasBackend(
      wasm,
      cblas!,
      { minFlops: 0, multiThreadFlops: Infinity, maxThreads: 1 },
      wasmBackendThreads(wasm),
    );
    wasmThreads('blas split over nabla threads', split, threads, gen);
  }
  crossover(wasm, blas1, gen);
}

/** A backend on one thread against the same products split over `threads` helper threads. */
function wasmThreads(label: string, wasm: Backend, threads: number, gen: Generator): void {
  setNumThreads(threads);
  backendRunner(wasm, SHAPES[0], SHAPES[0].m, gen)(); // starts the helpers (once, ~45 ms) outside the rounds
  const withThreads =
    (count: number, run: Runner): Runner =>
    () => {
      setNumThreads(count);
      run();
    };
  threadTable(
    label,
    threads,
    (shape) => withThreads(1, backendRunner(wasm, shape, shape.m, gen)),
    (shape) => withThreads(threads, backendRunner(wasm, shape, shape.m, gen)),
  );
  setNumThreads(1);
}

/**
 * One row per shape: GFLOP/s of a library on one thread against `threads` threads, raced in the same rounds.
 * Wall clock, since a helper thread spends CPU time waiting for work.
 */
function threadTable(
  library: string,
  threads: number,
  one: (shape: Shape) => Runner,
  many: (shape: Shape) => Runner,
): void {
  console.log(
    `\n| shape (m×k×n) | ${library} 1 thread, GFLOP/s (wall) | ${library} ${threads} threads, GFLOP/s (wall) | ${threads} threads / 1 |`,
  );
  console.log('|---|---|---|---|');
  for (const shape of SHAPES) {
    const flops = 2 * shape.m * shape.k * shape.n;
    const single = contender(one(shape), flops);
    const split = contender(many(shape), flops);
    race([single, split]);
    console.log(
      `| ${shape.label} | ${single.best.wall.toFixed(1)} | ${split.best.wall.toFixed(1)} | ${(split.best.wall / single.best.wall).toFixed(2)}× |`,
    );
  }
}

/** µs per call of the WASM kernel and of cblas_sgemm on small products: where the library starts to pay. */
function crossover(wasm: Backend, blas: Backend, gen: Generator): void {
  console.log(
    `\n| small product | flops | wasm µs/call | blas µs/call | blas / wasm time | default policy (blas from ${DEFAULT_BLAS_POLICY.minFlops} flops) |`,
  );
  console.log('|---|---|---|---|---|---|');
  for (const shape of CROSSOVER_SHAPES) {
    const flops = 2 * shape.m * shape.k * shape.n;
    const ours = contender(backendRunner(wasm, shape, shape.m, gen), flops);
    const lib = contender(backendRunner(blas, shape, shape.m, gen), flops);
    race([ours, lib]);
    const usWasm = flops / ours.best.wall / 1e3;
    const usBlas = flops / lib.best.wall / 1e3;
    console.log(
      `| ${shape.label} | ${flops} | ${usWasm.toFixed(2)} | ${usBlas.toFixed(2)} | ${(usBlas / usWasm).toFixed(2)} | ` +
        `${flops >= DEFAULT_BLAS_POLICY.minFlops ? 'blas' : 'wasm'} |`,
    );
  }
}

await main();
