// sqrt, variance/std, min, round (half to even), expandDims, squeeze, concat, stack and row against numpy
// (test/fixtures/tensor/make-tensor-basics.py made the fixture), and their gradients by central differences.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ShapeError, ValueError } from '../../src/errors.ts';
import * as nb from '../../src/tensor/index.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { checkOpGradient } from '../helpers/gradient-check.ts';

interface Encoded {
  data: number[];
  shape: number[];
  dtype: string;
}
interface Case {
  op: string;
  inputs: Encoded[];
  args: { axis?: number | number[] | null; keepDims?: boolean; index?: number };
  expected: Encoded;
}

const fixture = JSON.parse(readFileSync(new URL('../fixtures/tensor/tensor-basics.json', import.meta.url), 'utf8')) as {
  cases: Case[];
};

function decode(e: Encoded): nb.Tensor {
  return nb.tensor(Float64Array.from(e.data), e.shape, e.dtype);
}

function run(c: Case): nb.Tensor {
  const inputs = c.inputs.map(decode);
  const [x] = inputs;
  const axis = c.args.axis === null ? undefined : c.args.axis;
  const keepDims = c.args.keepDims ?? false;
  switch (c.op) {
    case 'sqrt':
      return nb.sqrt(x);
    case 'variance':
      return nb.variance(x, axis, keepDims);
    case 'std':
      return nb.std(x, axis, keepDims);
    case 'min':
      return nb.min(x, axis, keepDims);
    case 'max':
      return nb.max(x, axis, keepDims);
    case 'round':
      return nb.round(x);
    case 'expandDims':
      return nb.expandDims(x, axis as number);
    case 'squeeze':
      return nb.squeeze(x, axis as number | undefined);
    case 'concat':
      return nb.concat(inputs, axis as number);
    case 'stack':
      return nb.stack(inputs, axis as number);
    case 'row':
      return nb.row(x, c.args.index!);
    default:
      throw new Error(`unknown op ${c.op}`);
  }
}

test('every op matches numpy: values, shape and dtype', () => {
  for (const c of fixture.cases) {
    const label = `${c.op} ${JSON.stringify(c.args)} of ${c.inputs.map((i) => i.shape.join('x')).join(', ')}`;
    const out = run(c);
    assert.deepEqual(out.shape, c.expected.shape, `${label}: shape`);
    assert.equal(out.dtype, c.expected.dtype, `${label}: dtype`);
    assertAllClose(Array.from(out.data, Number), c.expected.data, { rtol: 2e-6, atol: 1e-6, message: label });
  }
});

test('round halves to even, like numpy', () => {
  assert.deepEqual(
    [...nb.round(nb.tensor([0.5, 1.5, 2.5, -0.5, -1.5, 2.4999])).data].map((v) => v + 0),
    [0, 2, 2, 0, -2, 2],
  );
  assert.equal(nb.round(nb.tensor([7], undefined, 'int32')).dtype, 'int32');
});

test('gradients of sqrt, variance, std, min, concat, stack, expandDims, squeeze and row', () => {
  const x = nb.tensor([
    [1.2, 0.4, 2.5],
    [0.9, 3.1, 0.7],
  ]);
  checkOpGradient((t) => nb.sqrt(t), [x], { label: 'sqrt' });
  checkOpGradient((t) => nb.variance(t, 1), [x], { label: 'variance' });
  checkOpGradient((t) => nb.std(t, 0, true), [x], { label: 'std' });
  checkOpGradient((t) => nb.min(t, 1), [x], { label: 'min' });
  checkOpGradient((a, b) => nb.concat([a, b, a], 1), [x, nb.tensor([[5], [6]])], { label: 'concat' });
  checkOpGradient(
    (a, b) => nb.stack([a, b], 1),
    [
      x,
      nb.tensor([
        [0.1, 0.2, 0.3],
        [0.4, 0.5, 0.6],
      ]),
    ],
    { label: 'stack' },
  );
  checkOpGradient((t) => nb.squeeze(nb.expandDims(t, 1)), [x], { label: 'expandDims/squeeze' });
  checkOpGradient((t) => nb.row(t, -1), [x], { label: 'row' });
});

test('bad arguments name the op and what was expected', () => {
  const x = nb.zeros([2, 3]);
  assert.throws(
    () => nb.concat([x, nb.zeros([3, 3])], 1),
    (e: Error) => e instanceof ShapeError && /concat: tensor 1/.test(e.message),
  );
  assert.throws(() => nb.concat([x, nb.zeros([2, 3], 'int32')]), ValueError);
  assert.throws(() => nb.concat([]), ValueError);
  assert.throws(() => nb.stack([x, nb.zeros([3, 2])]), ShapeError);
  assert.throws(() => nb.squeeze(x, 0), /axis 0 .* has size 2, not 1/);
  assert.throws(() => nb.row(x, 2), /out of range/);
  assert.throws(() => nb.expandDims(x, 4), /expandDims/);
});
