// Each merge layer's step against central differences of Σ r ⊙ output with respect to every input value
// (test/helpers/gradient-check.ts), and its forward pass against the rule computed by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend } from '../../src/backend/index.ts';
import { Generator } from '../../src/random/generator.ts';
import { Concatenate } from '../../src/layers/merge/concatenate.ts';
import { Add, Average, Maximum, Minimum, Multiply, Subtract } from '../../src/layers/merge/elementwise-merge.ts';
import type { MergeLayer } from '../../src/layers/merge/merge.ts';
import { checkGradient } from '../helpers/gradient-check.ts';

const ROWS = 3;

/** Σ r ⊙ layer(inputs) and its gradient with respect to the inputs, all inputs in one flat vector. */
function harness(layer: MergeLayer, shapes: number[][], seed: number) {
  layer.buildMulti(shapes);
  const sizes = shapes.map((s) => ROWS * s.reduce((a, b) => a * b, 1));
  const inputs = sizes.map((n) => new Float32Array(n));
  const inputGrads = sizes.map((n) => new Float32Array(n));
  const step = layer.createMultiStep({
    backend: getBackend(),
    alloc: (n) => new Float32Array(n),
    maxRows: ROWS,
    withGradients: true,
    inputs,
    inputGrads,
    generator: () => new Generator(0),
  });
  const g = new Generator(seed);
  const weights = Float32Array.from({ length: step.output.length }, () => g.uniform() * 2 - 1);
  const load = (params: ArrayLike<number>): void => {
    let at = 0;
    inputs.forEach((x) => {
      for (let i = 0; i < x.length; i++) x[i] = params[at++];
    });
  };
  const value = (params: ArrayLike<number>): number => {
    load(params);
    step.forward(ROWS, false);
    return step.output.reduce((sum, v, i) => sum + v * weights[i], 0);
  };
  const gradient = (params: ArrayLike<number>): Float32Array => {
    value(params);
    step.outputGrad!.set(weights);
    step.backward(ROWS);
    return Float32Array.from(inputGrads.flatMap((d) => Array.from(d)));
  };
  const params = Float32Array.from({ length: sizes.reduce((a, b) => a + b, 0) }, () => g.uniform() * 2 - 1);
  return { value, gradient, params, output: () => step.output, inputs };
}

const CASES: [string, () => MergeLayer, number[][]][] = [
  ['Add of three', () => new Add(), [[4], [4], [4]]],
  [
    'Subtract',
    () => new Subtract(),
    [
      [2, 3],
      [2, 3],
    ],
  ],
  ['Multiply of three', () => new Multiply(), [[5], [5], [5]]],
  ['Average', () => new Average(), [[4], [4]]],
  ['Maximum of three', () => new Maximum(), [[6], [6], [6]]],
  ['Minimum', () => new Minimum(), [[6], [6]]],
  [
    'Concatenate, last axis',
    () => new Concatenate(),
    [
      [2, 3],
      [2, 1],
      [2, 2],
    ],
  ],
  [
    'Concatenate, axis 1',
    () => new Concatenate({ axis: 1 }),
    [
      [2, 3],
      [1, 3],
    ],
  ],
  [
    'Concatenate, blocks of 16 values and more',
    () => new Concatenate(),
    [
      [2, 20],
      [2, 17],
    ],
  ],
];

for (const [label, make, shapes] of CASES) {
  test(`${label}: the gradient with respect to every input matches finite differences`, () => {
    const h = harness(make(), shapes, 7);
    checkGradient(h.value, h.params, h.gradient(h.params), { label });
  });
}

test('the elementwise merges compute their rule; Concatenate interleaves per sample', () => {
  const rules: [() => MergeLayer, (v: number[]) => number][] = [
    [() => new Add(), (v) => v[0] + v[1] + v[2]],
    [() => new Multiply(), (v) => v[0] * v[1] * v[2]],
    [() => new Average(), (v) => (v[0] + v[1] + v[2]) / 3],
    [() => new Maximum(), (v) => Math.max(...v)],
    [() => new Minimum(), (v) => Math.min(...v)],
  ];
  for (const [make, rule] of rules) {
    const h = harness(make(), [[4], [4], [4]], 3);
    h.value(h.params);
    h.output().forEach((out, i) => assert.ok(Math.abs(out - rule(h.inputs.map((x) => x[i]))) < 1e-6));
  }
  const h = harness(new Concatenate(), [[2], [1]], 4);
  h.value(h.params);
  const [a, b] = h.inputs;
  assert.deepEqual(Array.from(h.output()), [a[0], a[1], b[0], a[2], a[3], b[1], a[4], a[5], b[2]]);
});
