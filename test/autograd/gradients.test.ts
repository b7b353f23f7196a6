// Every differentiable op through the finite-difference checker, on seeded random shapes and values.
import { test } from 'node:test';
import * as nb from '../../src/tensor/index.ts';
import { Generator } from '../../src/random/generator.ts';
import { checkOpGradient } from '../helpers/gradient-check.ts';

const { Tensor } = nb;
type T = InstanceType<typeof Tensor>;

/** Values uniform in [low, high), kept at least `gap` away from 0 (relu/max kinks stay out of reach). */
function random(g: Generator, shape: number[], low = -2, high = 2, gap = 0): T {
  const size = shape.reduce((p, d) => p * d, 1);
  const data = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let v = 0;
    do v = low + (high - low) * g.uniform();
    while (Math.abs(v) < gap);
    data[i] = v;
  }
  return new Tensor(data, shape);
}

const dim = (g: Generator): number => 1 + g.integer(5);
const TRIALS = 4;

function trials(name: string, body: (g: Generator, trial: number) => void): void {
  test(name, () => {
    const g = new Generator(name.length * 7919);
    for (let trial = 0; trial < TRIALS; trial++) body(g, trial);
  });
}

trials('matmul, all four transpose combinations', (g) => {
  const [m, k, n] = [dim(g), dim(g), dim(g)];
  checkOpGradient((a, b) => nb.matmul(a, b), [random(g, [m, k]), random(g, [k, n])], { label: 'matmul' });
  checkOpGradient((a, b) => nb.matmul(a, b, { transposeA: true }), [random(g, [k, m]), random(g, [k, n])], {
    label: 'matmul Aᵀ',
  });
  checkOpGradient((a, b) => nb.matmul(a, b, { transposeB: true }), [random(g, [m, k]), random(g, [n, k])], {
    label: 'matmul Bᵀ',
  });
  checkOpGradient(
    (a, b) => nb.matmul(a, b, { transposeA: true, transposeB: true }),
    [random(g, [k, m]), random(g, [n, k])],
    {
      label: 'matmul AᵀBᵀ',
    },
  );
});

trials('matmul in float32 through the backend kernel', (g) => {
  const [m, k, n] = [dim(g), dim(g), dim(g)];
  checkOpGradient((a, b) => nb.matmul(a, b), [random(g, [m, k]), random(g, [k, n])], {
    label: 'matmul f32',
    float64: false,
  });
});

trials('biasAdd', (g) => {
  const [rows, cols] = [dim(g), dim(g)];
  checkOpGradient((x, b) => nb.biasAdd(x, b), [random(g, [rows, cols]), random(g, [cols])], { label: 'biasAdd' });
});

for (const op of ['add', 'sub', 'mul', 'div'] as const) {
  trials(`${op} with broadcasting`, (g, trial) => {
    const [a, b, c] = [dim(g), dim(g), dim(g)];
    // Same shape; a row against a matrix; a column against a row; a rank-0 tensor; rank 3 against rank 1.
    const pairs: [number[], number[]][] = [
      [
        [a, b],
        [a, b],
      ],
      [[a, b], [b]],
      [
        [a, 1],
        [1, b],
      ],
      [[a, b], []],
      [
        [a, b, c],
        [1, c],
      ],
    ];
    const [left, right] = pairs[(trial + op.length) % pairs.length];
    const gap = op === 'div' ? 0.5 : 0; // keep divisors away from 0
    // biome-ignore lint/performance/noDynamicNamespaceImportAccess: the op under test is named by the table above
    const f = (x: T, y: T): T => nb[op](x, y);
    checkOpGradient(f, [random(g, left), random(g, right, -2, 2, gap)], { label: `${op} ${left} ${right}` });
    checkOpGradient(f, [random(g, right), random(g, left, -2, 2, gap)], { label: `${op} ${right} ${left}` });
  });
}

trials('arithmetic with a scalar on either side', (g) => {
  const shape = [dim(g), dim(g)];
  checkOpGradient((x) => nb.sub(3, nb.mul(x, 2.5)), [random(g, shape)], { label: 'scalar sub/mul' });
  checkOpGradient((x) => nb.div(1.5, nb.add(x, 4)), [random(g, shape)], { label: 'scalar div/add' });
  checkOpGradient((x) => x.div(7).sub(1), [random(g, shape)], { label: 'methods' });
});

trials('unary functions', (g) => {
  const shape = [dim(g), dim(g)];
  checkOpGradient((x) => nb.neg(x), [random(g, shape)], { label: 'neg' });
  checkOpGradient((x) => nb.exp(x), [random(g, shape)], { label: 'exp' });
  checkOpGradient((x) => nb.log(x), [random(g, shape, 0.2, 3)], { label: 'log' });
  checkOpGradient((x) => nb.relu(x), [random(g, shape, -2, 2, 0.05)], { label: 'relu' });
  checkOpGradient((x) => nb.sigmoid(x), [random(g, shape, -6, 6)], { label: 'sigmoid' });
  checkOpGradient((x) => nb.tanh(x), [random(g, shape)], { label: 'tanh' });
});

trials('softmax along each axis', (g) => {
  const shape = [dim(g), dim(g), dim(g)];
  for (const axis of [-1, 0, 1]) {
    checkOpGradient((x) => nb.softmax(x, axis), [random(g, shape, -3, 3)], { label: `softmax axis ${axis}` });
  }
});

trials('sum and mean, whole and per axis, with and without keepDims', (g) => {
  const shape = [dim(g), dim(g), dim(g)];
  for (const reduce of [nb.sum, nb.mean]) {
    checkOpGradient((x) => reduce(x), [random(g, shape)], { label: `${reduce.name} all` });
    checkOpGradient((x) => reduce(x, 1), [random(g, shape)], { label: `${reduce.name} axis 1` });
    checkOpGradient((x) => reduce(x, -1, true), [random(g, shape)], { label: `${reduce.name} axis -1 keepDims` });
    checkOpGradient((x) => reduce(x, [0, 2]), [random(g, shape)], { label: `${reduce.name} axes [0, 2]` });
  }
});

trials('max per axis (distinct values)', (g) => {
  const shape = [dim(g), dim(g)];
  checkOpGradient((x) => nb.max(x, 1), [random(g, shape)], { label: 'max axis 1' });
  checkOpGradient((x) => nb.max(x), [random(g, shape)], { label: 'max all' });
});

trials('reshape, transpose, slice, take', (g) => {
  const [a, b, c] = [dim(g) + 1, dim(g), dim(g)];
  checkOpGradient((x) => nb.mul(nb.reshape(x, [-1, c]), 2), [random(g, [a, b, c])], { label: 'reshape' });
  checkOpGradient((x) => nb.transpose(x, [2, 0, 1]), [random(g, [a, b, c])], { label: 'transpose' });
  checkOpGradient((x) => nb.slice(x, 1, a), [random(g, [a, b])], { label: 'slice' });
  checkOpGradient((x) => nb.take(x, [a - 1, 0, a - 1, -1]), [random(g, [a, b])], { label: 'take with repeats' });
});

trials('dropout mask multiply', (g, trial) => {
  const shape = [dim(g), dim(g)];
  checkOpGradient((x) => nb.dropout(x, 0.4, { seed: trial }), [random(g, shape)], { label: 'dropout' });
});

trials('a dense layer with softmax and a cross-entropy-like loss, end to end', (g) => {
  const [batch, inputs, units] = [dim(g), dim(g), dim(g) + 1];
  const labels = nb.tensor(
    Array.from({ length: batch * units }, (_, i) => (i % units === i % 3 ? 1 : 0)),
    [batch, units],
    'float64',
  );
  const loss = (x: T, w: T, b: T): T =>
    nb.neg(nb.mean(nb.sum(nb.mul(labels, nb.log(nb.softmax(nb.biasAdd(nb.matmul(nb.tanh(x), w), b)))), 1)));
  checkOpGradient(loss, [random(g, [batch, inputs]), random(g, [inputs, units]), random(g, [units])], {
    label: 'dense+softmax+ce',
  });
});
