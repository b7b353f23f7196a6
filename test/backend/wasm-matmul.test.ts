// The WASM matrix product against the reference: odd sizes around the 4×12 tile, the real layer shapes,
// every transpose/accumulate combination, arguments inside and outside wasm memory.
import { test } from 'node:test';
import type { MatmulOptions } from '../../src/backend/backend.ts';
import { Generator } from '../../src/random/generator.ts';
import { assertWithin, checkMatmulAgainstReference, wasm, type Placement } from './harness.ts';

const gen = new Generator(7);


const ALL_OPTIONS: MatmulOptions[] = [];
for (const transA of [false, true]) {
  for (const transB of [false, true]) {
    for (const accumulate of [false, true]) ALL_OPTIONS.push({ transA, transB, accumulate });
  }
}
const PLACEMENTS: Placement[][] = [['wasm', 'wasm', 'wasm'], ['js', 'js', 'js'], ['wasm', 'js', 'wasm'], ['js', 'wasm', 'js']];

test('matmul matches the reference on odd sizes, every transpose and accumulate form, in and out of wasm memory', () => {
  const sizes = [1, 3, 5, 13, 17, 33];
  let c = 0;
  for (const m of sizes) {
    for (const k of sizes) {
      for (const n of sizes) {
        for (const options of ALL_OPTIONS) checkMatmulAgainstReference(wasm, gen, m, k, n, options, PLACEMENTS[c++ % PLACEMENTS.length]);
      }
    }
  }
});

test('matmul matches the reference across k blocks, row blocks and the real layer shapes', () => {
  const shapes: [number, number, number][] = [
    [32, 784, 100], [32, 100, 10], [784, 32, 100], [32, 100, 784], [100, 32, 10],
    [97, 600, 25], [130, 70, 97], [4, 257, 12], [65, 1, 12],
    // Narrow n: computed as Cᵀ = op(B)ᵀ·op(A)ᵀ and written back transposed.
    [32, 784, 10], [784, 32, 10], [129, 40, 3],
  ];
  let c = 0;
  for (const [m, k, n] of shapes) {
    for (const options of ALL_OPTIONS) checkMatmulAgainstReference(wasm, gen, m, k, n, options, PLACEMENTS[c++ % PLACEMENTS.length]);
  }
});

test('matmul with k = 0 writes zeros (or leaves out when accumulating), m = 0 or n = 0 does nothing', () => {
  const out = Float32Array.from([1, 2, 3, 4]);
  wasm.matmul(new Float32Array(0), new Float32Array(0), out, 2, 0, 2, { accumulate: true });
  assertWithin(out, [1, 2, 3, 4], 'k = 0 accumulate');
  wasm.matmul(new Float32Array(0), new Float32Array(0), out, 2, 0, 2);
  assertWithin(out, [0, 0, 0, 0], 'k = 0');
  wasm.matmul(new Float32Array(0), new Float32Array(6), out, 0, 3, 2);
});
