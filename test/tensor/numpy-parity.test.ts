// Tensor ops against results computed by numpy (test/fixtures/tensor/make-tensor-ops.py made the fixture).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as nb from '../../src/tensor/index.ts';
import { assertAllClose } from '../helpers/all-close.ts';

interface Encoded {
  data: (number | null)[];
  shape: number[];
  dtype: string;
}
interface Case {
  op: string;
  inputs: Encoded[];
  args: {
    axis?: number | number[];
    keepDims?: boolean;
    start?: number;
    end?: number;
    indices?: number[];
    dtype?: string;
  };
  expected: Encoded;
  counts?: Encoded;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/tensor/tensor-ops.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

function decode(e: Encoded): nb.Tensor {
  return nb.tensor(
    Float64Array.from(e.data, (v) => (v === null ? NaN : v)),
    e.shape,
    e.dtype === 'float64' ? 'float64' : e.dtype,
  );
}

function run(c: Case): nb.Tensor {
  const [a, b] = c.inputs.map(decode);
  const { axis, keepDims, start, end, indices, dtype } = c.args;
  switch (c.op) {
    case 'add':
      return a.add(b);
    case 'sub':
      return a.sub(b);
    case 'mul':
      return a.mul(b);
    case 'div':
      return a.div(b);
    case 'equal':
      return a.equal(b);
    case 'sum':
      return a.sum(axis, keepDims);
    case 'mean':
      return a.mean(axis, keepDims);
    case 'max':
      return a.max(axis, keepDims);
    case 'argMax':
      return a.argMax(axis as number | undefined);
    case 'softmax':
      return nb.softmax(a, (axis as number | undefined) ?? -1);
    case 'matmul':
      return a.matmul(b);
    case 'divReshape':
      return a.div(255).reshape([-1, 4]);
    case 'slice':
      return a.slice(start!, end);
    case 'take':
      return a.take(indices!);
    case 'astype':
      return a.astype(dtype!);
    case 'unique':
      return nb.unique(a);
    default:
      throw new Error(`unknown fixture op ${c.op}`);
  }
}

/** numpy promotes float32 sums of our fixtures to float64 only because the script asked; nabla keeps float32. */
function expectedDType(c: Case): string {
  return c.expected.dtype === 'float64' ? 'float32' : c.expected.dtype;
}

fixture.cases.forEach((c, i) => {
  const argText = JSON.stringify(c.args);
  test(`numpy parity #${i}: ${c.op} ${c.inputs.map((e) => `(${e.shape.join(',')}) ${e.dtype}`).join(' , ')} ${argText}`, () => {
    const result = run(c);
    assert.equal(result.dtype, expectedDType(c));
    assertAllClose(result, decode(c.expected), { rtol: 2e-6, atol: 1e-6 });
    if (c.counts) {
      const [, counts] = nb.unique(decode(c.inputs[0]), { returnCounts: true });
      assert.equal(counts.dtype, 'int32');
      assertAllClose(counts, decode(c.counts), { rtol: 0, atol: 0 });
    }
  });
});

test('the fixture holds every op the parity test knows', () => {
  const ops = new Set(fixture.cases.map((c) => c.op));
  for (const op of [
    'add',
    'sub',
    'mul',
    'div',
    'equal',
    'sum',
    'mean',
    'max',
    'argMax',
    'softmax',
    'matmul',
    'slice',
    'take',
    'astype',
    'unique',
  ]) {
    assert.ok(ops.has(op), op);
  }
});
