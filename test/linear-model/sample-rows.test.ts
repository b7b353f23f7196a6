import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type Cursor, sampleRows, shareSparseRows, sparseMatrixOfAllRows } from '../../src/linear-model/sample-rows.ts';
import { RandomState } from '../../src/random/random-state.ts';

// The dense (TypeScript) and sparse (WebAssembly) forms must give exactly the numbers of the plain loops
// they replace: sum of w[j] * x[j] in feature order, and w[j] += x[j] * factor.

function matrix(nRows: number, d: number, zeroShare: number, seed: number): Float64Array {
  const rs = new RandomState(seed);
  return Float64Array.from(rs.randomSample(nRows * d), (u, i) => (u < zeroShare ? 0 : Math.sin(i) * 3));
}

function plainDot(w: Float64Array, x: Float64Array | Float32Array, row: number, d: number): number {
  let sum = 0;
  for (let j = 0; j < d; j++) sum += w[j] * x[row * d + j];
  return sum;
}

// Forms: dense rows; sparse rows copied per fit, wide (float64 values) and compact (float32 values, uint16
// columns); and the matrix of all rows that a cross-validation shares between its folds, read through slot 1
// of 2 from a shared memory.
const FORMS = [
  { form: 'dense', zeroShare: 0.1, float32: false, shared: false, kind: 'DenseSampleRows' },
  { form: 'sparse, wide', zeroShare: 0.6, float32: false, shared: false, kind: 'SparseSampleRows' },
  { form: 'sparse, compact', zeroShare: 0.6, float32: true, shared: false, kind: 'SparseSampleRows' },
  { form: 'shared matrix of all rows, compact', zeroShare: 0.6, float32: true, shared: true, kind: 'SparseSampleRows' },
] as const;

for (const { form, zeroShare, float32, shared, kind } of FORMS) {
  test(`${form}: dots of 1 to 10 problems and axpy equal the plain loops bit for bit`, () => {
    const d = 37;
    const x = float32 ? Float32Array.from(matrix(50, d, zeroShare, 7)) : matrix(50, d, zeroShare, 7);
    const rows = Int32Array.from([3, 9, 0, 49, 17, 22, 8, 31, 40, 12]);
    let release = () => {};
    const all = shared ? sparseMatrixOfAllRows(x, d, 10, 2, true) : null;
    assert.ok(!shared || all !== null, 'these rows are sparse enough for a shared matrix');
    if (all !== null) {
      assert.ok(all.shape.layout === 'compact');
      release = shareSparseRows(x, all, 1);
    }
    try {
      for (let nProblems = 1; nProblems <= 10; nProblems++) {
        const samples = sampleRows(x, d, rows, nProblems);
        assert.equal(samples.constructor.name, kind);
        const rs = new RandomState(nProblems);
        const cursors: Cursor[] = Array.from({ length: nProblems }, (_, a) => {
          const w = samples.allocateWeights(d);
          w.set(rs.randomSample(d));
          const cursor = { w, start: 0, end: 0 };
          samples.locate(cursor, (a * 3) % rows.length);
          return cursor;
        });
        // Read through the shared matrix: the weights lie in its memory, in slot 1.
        if (all !== null) assert.equal(cursors[0].w.buffer, all.kernels.memory.buffer);
        if (all !== null) assert.equal(cursors[0].w.byteOffset, all.weightsAt(1));
        const out = new Float64Array(nProblems);
        samples.dots(cursors, out);
        cursors.forEach((c, a) =>
          assert.equal(out[a], plainDot(c.w, x, rows[(a * 3) % rows.length], d), `${nProblems} problems, #${a}`),
        );
        const before = Float64Array.from(cursors[0].w);
        samples.axpy(cursors[0], -0.37);
        const row = rows[0];
        before.forEach((v, j) => assert.equal(cursors[0].w[j], x[row * d + j] === 0 ? v : v + x[row * d + j] * -0.37));
      }
    } finally {
      release();
    }
  });
}

test('a shared matrix refuses a slot it does not have, and more problems than it has room for', () => {
  const d = 8;
  const x = Float32Array.from(matrix(6, d, 0.6, 3));
  const all = sparseMatrixOfAllRows(x, d, 2, 1, false)!;
  assert.throws(() => shareSparseRows(x, all, 1), /slot 1 is not one of this sparse matrix's 1 slots/);
  const release = shareSparseRows(x, all, 0);
  try {
    // Three problems do not fit the room for two: the fit makes a matrix of its own instead.
    const own = sampleRows(x, d, Int32Array.from([0, 1]), 3);
    for (let a = 0; a < 3; a++) own.allocateWeights(d);
    const sharedRows = sampleRows(x, d, Int32Array.from([0, 1]), 2);
    const weights = [sharedRows.allocateWeights(d), sharedRows.allocateWeights(d)];
    assert.throws(() => sharedRows.allocateWeights(d), /room for the weights of 2 problems/);
    // The fit that made a matrix of its own left the shared one intact.
    const cursors: Cursor[] = [0, 1].map((row) => {
      const w = weights[row];
      w.set(Float64Array.from({ length: d }, (_, j) => j + 1 + row));
      const cursor = { w, start: 0, end: 0 };
      sharedRows.locate(cursor, row);
      return cursor;
    });
    const out = new Float64Array(2);
    sharedRows.dots(cursors, out);
    assert.deepEqual([...out], [plainDot(weights[0], x, 0, d), plainDot(weights[1], x, 1, d)]);
  } finally {
    release();
  }
});

test('training rows past the end of the storage, or of a shared matrix read through an empty storage, are refused', () => {
  const d = 8;
  const x = Float32Array.from(matrix(6, d, 0.6, 4));
  assert.throws(
    () => sampleRows(x, d, Int32Array.from([0, 6]), 1),
    /training row 6 lies past the end of the sample storage \(6 rows of 8 values\)/,
  );
  // A worker thread keys the shared matrix by an empty storage: the matrix alone knows how many rows there are.
  const all = sparseMatrixOfAllRows(x, d, 2, 1, false)!;
  const workerStorage = new Float32Array(0);
  const release = shareSparseRows(workerStorage, all, 0);
  try {
    assert.equal(sampleRows(workerStorage, d, Int32Array.from([5, 0]), 1).constructor.name, 'SparseSampleRows');
    assert.throws(
      () => sampleRows(workerStorage, d, Int32Array.from([0, 6]), 1),
      /training row 6 lies past the end of the shared sparse matrix \(6 rows/,
    );
  } finally {
    release();
  }
});
