import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Cursor, sampleRows } from '../../src/linear-model/sample-rows.ts';
import { RandomState } from '../../src/random/random-state.ts';

// The dense (TypeScript) and sparse (WebAssembly) forms must give exactly the numbers of the plain loops
// they replace: sum of w[j] * x[j] in feature order, and w[j] += x[j] * factor.

function matrix(nRows: number, d: number, zeroShare: number, seed: number): Float64Array {
  const rs = new RandomState(seed);
  return Float64Array.from(rs.randomSample(nRows * d), (u, i) => (u < zeroShare ? 0 : Math.sin(i) * 3));
}

function plainDot(w: Float64Array, x: Float64Array, row: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += w[j] * x[row * d + j];
  return sum;
}

for (const [form, zeroShare] of [['dense', 0.1], ['sparse', 0.6]] as const) {
  test(`${form} rows: dots of 1 to 10 problems and axpy equal the plain loops bit for bit`, () => {
    const d = 37;
    const x = matrix(50, d, zeroShare, 7);
    const rows = Int32Array.from([3, 9, 0, 49, 17, 22, 8, 31, 40, 12]);
    for (let nProblems = 1; nProblems <= 10; nProblems++) {
      const samples = sampleRows(x, d, rows, nProblems);
      assert.equal(samples.constructor.name, form === 'dense' ? 'DenseSampleRows' : 'SparseSampleRows');
      const rs = new RandomState(nProblems);
      const cursors: Cursor[] = Array.from({ length: nProblems }, (_, a) => {
        const w = samples.allocateWeights(d);
        w.set(rs.randomSample(d));
        const cursor = { w, start: 0, end: 0 };
        samples.locate(cursor, (a * 3) % rows.length);
        return cursor;
      });
      const out = new Float64Array(nProblems);
      samples.dots(cursors, out);
      cursors.forEach((c, a) => assert.equal(out[a], plainDot(c.w, x, rows[(a * 3) % rows.length], d), `${nProblems} problems, #${a}`));
      const before = Float64Array.from(cursors[0].w);
      samples.axpy(cursors[0], -0.37);
      const row = rows[0];
      before.forEach((v, j) => assert.equal(cursors[0].w[j], x[row * d + j] === 0 ? v : v + x[row * d + j] * -0.37));
    }
  });
}
