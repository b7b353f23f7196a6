import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import {
  LAYOUT_BYTES,
  type SparseKernels,
  type SparseLayout,
  kernelsOn,
  sharedMemory,
  unsharedMemory,
} from '../../src/linear-model/sparse-kernels.ts';
import { referenceKernelsOn } from '../../src/linear-model/sparse-kernels-reference.ts';
import { SPARSE_SHARED_BUILD, SPARSE_UNSHARED_BUILD } from '../../src/linear-model/sparse-kernel-builds.mjs';
import { RandomState } from '../../src/random/random-state.ts';

// The WebAssembly kernels (assembly/sparse-sgd.ts) against their TypeScript twin, bit for bit, on random
// weights, columns and values, with odd lengths and unaligned starts; and both against a sum worked by hand.

const D = 37;
const NONZERO = 211;
const W_AT = 64; // four weight vectors of D values: 64 .. 64 + 4·D·8
const OUT_AT = 8;
const COLS_AT = W_AT + 4 * D * 8;

function valuesAt(layout: SparseLayout): number {
  return Math.ceil((COLS_AT + NONZERO * LAYOUT_BYTES[layout].column) / 8) * 8;
}

/** Fills the memory with random weights, column numbers below D and values (float32-exact when compact). */
function fill(buffer: ArrayBufferLike, layout: SparseLayout, seed: number): void {
  const rs = new RandomState(seed);
  new Float64Array(buffer, W_AT, 4 * D).set(rs.randomSample(4 * D).map((u) => (u - 0.5) * 7));
  const columns = rs.randint(0, D, NONZERO);
  const values = rs.randomSample(NONZERO).map((u) => Math.fround((u - 0.5) * 3));
  if (layout === 'wide') {
    new Int32Array(buffer, COLS_AT, NONZERO).set(columns);
    new Float64Array(buffer, valuesAt(layout), NONZERO).set(values);
  } else {
    new Uint16Array(buffer, COLS_AT, NONZERO).set(columns);
    new Float32Array(buffer, valuesAt(layout), NONZERO).set(values);
  }
}

/** Two memories with the same random contents, one per implementation. */
function pair(layout: SparseLayout, shared: boolean, seed: number): [SparseKernels, SparseKernels] {
  const bytes = valuesAt(layout) + NONZERO * 8;
  const make = () => (shared ? sharedMemory(bytes) : unsharedMemory(bytes));
  const a = make();
  const b = make();
  fill(a.buffer, layout, seed);
  fill(b.buffer, layout, seed);
  return [kernelsOn(a, layout, shared), referenceKernelsOn(b, layout)];
}

function weights(kernels: SparseKernels): Float64Array {
  return new Float64Array(kernels.memory.buffer, W_AT, 4 * D);
}

const CASES = [
  { layout: 'wide', shared: false },
  { layout: 'compact', shared: false },
  { layout: 'wide', shared: true },
  { layout: 'compact', shared: true },
] as const;

test('the sparse kernel builds exist (npm run build:wasm)', () => {
  assert.ok(existsSync(SPARSE_UNSHARED_BUILD), SPARSE_UNSHARED_BUILD);
  assert.ok(existsSync(SPARSE_SHARED_BUILD), SPARSE_SHARED_BUILD);
});

for (const { layout, shared } of CASES) {
  const label = `${layout}, ${shared ? 'shared' : 'unshared'} memory`;
  const vals = valuesAt(layout);

  test(`dot and axpy match the reference bit for bit (${label})`, () => {
    const [wasm, reference] = pair(layout, shared, 7);
    const rs = new RandomState(11);
    for (let trial = 0; trial < 60; trial++) {
      const start = rs.randint(0, NONZERO);
      const end = start + rs.randint(0, Math.min(NONZERO - start, 29) + 1); // 0 .. 29 terms
      const w = W_AT + rs.randint(0, 4) * D * 8;
      const init = trial % 3 === 0 ? 0 : rs.randomSample() - 0.5;
      const got = wasm.dot(w, COLS_AT, vals, start, end, init);
      assert.ok(Object.is(got, reference.dot(w, COLS_AT, vals, start, end, init)), `dot [${start}, ${end})`);
      const factor = rs.randomSample() * 2 - 1;
      wasm.axpy(w, COLS_AT, vals, start, end, factor);
      reference.axpy(w, COLS_AT, vals, start, end, factor);
      assert.deepEqual(weights(wasm), weights(reference), `axpy [${start}, ${end})`);
    }
  });

  test(`dot4 matches the reference bit for bit with unequal odd lengths (${label})`, () => {
    const [wasm, reference] = pair(layout, shared, 13);
    const rs = new RandomState(17);
    for (let trial = 0; trial < 40; trial++) {
      const bounds: number[] = [];
      for (let a = 0; a < 4; a++) {
        const start = rs.randint(0, NONZERO);
        bounds.push(start, start + rs.randint(0, Math.min(NONZERO - start, 23) + 1));
      }
      const [s0, e0, s1, e1, s2, e2, s3, e3] = bounds;
      const ws = [0, 1, 2, 3].map((a) => W_AT + a * D * 8);
      for (const k of [wasm, reference]) {
        k.dot4(ws[0], ws[1], ws[2], ws[3], COLS_AT, vals, s0, e0, s1, e1, s2, e2, s3, e3, OUT_AT);
      }
      const got = new Float64Array(wasm.memory.buffer, OUT_AT, 4);
      const expected = new Float64Array(reference.memory.buffer, OUT_AT, 4);
      assert.deepEqual(got, expected, `dot4 bounds ${bounds.join(' ')}`);
      for (let a = 0; a < 4; a++) {
        const single = wasm.dot(ws[a], COLS_AT, vals, bounds[2 * a], bounds[2 * a + 1], 0);
        assert.ok(Object.is(got[a], single), `dot4 result ${a} is its own dot`);
      }
    }
  });

  test(`dot and axpy give the hand-worked values (${label})`, () => {
    for (const kernels of pair(layout, shared, 3)) {
      const buffer = kernels.memory.buffer;
      new Float64Array(buffer, W_AT, 3).set([1.5, -2, 0.25]);
      const columns = layout === 'wide' ? new Int32Array(buffer, COLS_AT, 3) : new Uint16Array(buffer, COLS_AT, 3);
      const values = layout === 'wide' ? new Float64Array(buffer, vals, 3) : new Float32Array(buffer, vals, 3);
      columns.set([2, 0, 2]);
      values.set([4, 0.5, -8]);
      // 10 + 0.25·4 + 1.5·0.5 + 0.25·(−8) = 9.75; then w += 2·x: w0 = 1.5 + 1, w2 = 0.25 + 8 − 16
      assert.equal(kernels.dot(W_AT, COLS_AT, vals, 0, 3, 10), 9.75);
      assert.equal(kernels.dot(W_AT, COLS_AT, vals, 2, 2, 10), 10);
      kernels.axpy(W_AT, COLS_AT, vals, 0, 3, 2);
      assert.deepEqual(Array.from(new Float64Array(buffer, W_AT, 3)), [2.5, -2, -7.75]);
    }
  });
}
