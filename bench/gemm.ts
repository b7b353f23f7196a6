// Matrix-product speed (GFLOP/s) of nabla's backends against TensorFlow.js's wasm backend, same process,
// same shapes, interleaved rounds, best round kept. `npm run bench -- gemm`.
// Speeds are per second of this process's CPU time (the machine is shared: wall time mostly measures the
// neighbours); the wall-clock ratio is printed beside it.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { createReferenceBackend } from '../src/backend/reference/reference-backend.ts';
import { createWasmBackend } from '../src/backend/wasm/wasm-backend.ts';
import type { Backend } from '../src/backend/backend.ts';
import { Generator } from '../src/random/generator.ts';

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

async function main(): Promise<void> {
  await tf.setBackend('wasm');
  await tf.ready();
  const gen = new Generator(1);
  const reference = createReferenceBackend();
  const wasm = createWasmBackend();
  console.log('| shape (m×k×n) | reference | wasm | tfjs-wasm 4.22 | wasm / tfjs | wasm / tfjs (wall clock) |');
  console.log('|---|---|---|---|---|---|');
  const ratios: number[] = [];
  for (const shape of SHAPES) {
    const flops = 2 * shape.m * shape.k * shape.n;
    const refRows = flops > REFERENCE_MAX_FLOPS ? Math.max(1, Math.floor((REFERENCE_MAX_FLOPS / flops) * shape.m)) : shape.m;
    const refFlops = 2 * refRows * shape.k * shape.n;
    const contenders = [
      { run: backendRunner(reference, shape, refRows, gen), flops: refFlops, best: { cpu: 0, wall: 0 }, reps: 1 },
      { run: backendRunner(wasm, shape, shape.m, gen), flops, best: { cpu: 0, wall: 0 }, reps: 1 },
      { run: tfRunner(shape, gen), flops, best: { cpu: 0, wall: 0 }, reps: 1 },
    ];
    for (const c of contenders) {
      // Warm-up (lets V8 tier the WASM code up), and sizes the rounds.
      c.reps = repsFor(c.flops, measure(c.run, c.flops, 3).cpu);
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const c of contenders) {
        const speed = measure(c.run, c.flops, c.reps);
        c.best = { cpu: Math.max(c.best.cpu, speed.cpu), wall: Math.max(c.best.wall, speed.wall) };
      }
    }
    const [ref, ours, theirs] = contenders.map((c) => c.best);
    const ratio = ours.cpu / theirs.cpu;
    ratios.push(ratio);
    const refNote = refRows < shape.m ? ` (${refRows} rows)` : '';
    console.log(
      `| ${shape.label} | ${ref.cpu.toFixed(2)}${refNote} | ${ours.cpu.toFixed(1)} | ${theirs.cpu.toFixed(1)} | ` +
        `${ratio.toFixed(2)}× | ${(ours.wall / theirs.wall).toFixed(2)}× |`,
    );
  }
  console.log(`\nGFLOP/s per CPU second, best of ${ROUNDS} interleaved rounds; blas: not available (no FFI binding installed).`);
  console.log(`lowest wasm/tfjs ratio: ${Math.min(...ratios).toFixed(2)}× (target ≥ 1.2×)`);
}

await main();
