// The WASM matrix product against the reference: odd sizes around the 2×16 tile, the real layer shapes,
// every transpose/accumulate combination, arguments inside and outside wasm memory; and which build runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { wasmInfo } from '../../src/backend/registry.ts';
import type { MatmulOptions } from '../../src/backend/backend.ts';
import { Generator } from '../../src/random/generator.ts';
import { assertWithin, checkMatmulAgainstReference, wasm, type Placement } from './harness.ts';

const gen = new Generator(7);

test('the build in use is the one wasmInfo names: a fused multiply-add keeps the 2⁻²⁴ that two roundings lose', () => {
  // x·x = 1 + 2⁻¹¹ + 2⁻²⁴ exactly; rounded to float32 it is 1 + 2⁻¹¹. So x·x − x·x, summed as
  // fma(−x, x, round(x·x)), is −2⁻²⁴ with a fused multiply-add and 0 with a multiply and an add.
  const x = 1 + 2 ** -12;
  const a = Float32Array.of(x, -x); // 1×2
  const b = Float32Array.of(x, x); // 2×1, B's column is x, x
  for (const n of [1, 16]) {
    // the edge tile and a full 16-column panel
    const wide = new Float32Array(2 * n);
    for (let j = 0; j < n; j++) [wide[j], wide[n + j]] = [b[0], b[1]];
    const out = new Float32Array(n);
    wasm.matmul(a, wide, out, 1, 2, n);
    assert.equal(out[0], wasmInfo().fusedMultiplyAdd ? -(2 ** -24) : 0, `n = ${n}`);
  }
});

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

test('matmul matches the reference on odd sizes, every transpose and accumulate form, in and out of wasm memory', () => {
  const sizes = [1, 3, 5, 13, 17, 33];
  let c = 0;
  for (const m of sizes) {
    for (const k of sizes) {
      for (const n of sizes) {
        for (const options of ALL_OPTIONS)
          checkMatmulAgainstReference(wasm, gen, m, k, n, options, PLACEMENTS[c++ % PLACEMENTS.length]);
      }
    }
  }
});

test('matmul matches the reference across k blocks, row blocks and the real layer shapes', () => {
  const shapes: [number, number, number][] = [
    [32, 784, 100],
    [32, 100, 10],
    [784, 32, 100],
    [32, 100, 784],
    [100, 32, 10],
    [97, 600, 25],
    [130, 70, 97],
    [4, 257, 12],
    [65, 1, 12],
    // Narrow n: computed as Cᵀ = op(B)ᵀ·op(A)ᵀ and written back transposed.
    [32, 784, 10],
    [784, 32, 10],
    [129, 40, 3],
  ];
  let c = 0;
  for (const [m, k, n] of shapes) {
    for (const options of ALL_OPTIONS)
      checkMatmulAgainstReference(wasm, gen, m, k, n, options, PLACEMENTS[c++ % PLACEMENTS.length]);
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
