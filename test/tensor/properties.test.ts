// Properties on seeded random shapes, against naive per-index definitions written independently here.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Generator } from '../../src/random/generator.ts';
import { Tensor, add, max, sum, transpose } from '../../src/tensor/index.ts';

function randomShape(g: Generator, rank: number): number[] {
  return Array.from({ length: rank }, () => 1 + g.integer(4));
}

function randomTensor(g: Generator, shape: number[]): Tensor {
  const size = shape.reduce((p, d) => p * d, 1);
  return new Tensor(
    Float64Array.from({ length: size }, () => Math.round(g.normal() * 100) / 10),
    shape,
  );
}

/** Element at a multi-index, reading size-1 and missing leading axes as broadcast. */
function at(t: Tensor, index: number[]): number {
  let flat = 0;
  const offset = index.length - t.rank;
  for (let axis = 0; axis < t.rank; axis++) {
    const i = t.shape[axis] === 1 ? 0 : index[axis + offset];
    flat = flat * t.shape[axis] + i;
  }
  return t.data[flat];
}

function* indices(shape: number[]): Iterable<number[]> {
  const size = shape.reduce((p, d) => p * d, 1);
  for (let flat = 0; flat < size; flat++) {
    const index = new Array<number>(shape.length);
    let rest = flat;
    for (let axis = shape.length - 1; axis >= 0; axis--) {
      index[axis] = rest % shape[axis];
      rest = Math.floor(rest / shape[axis]);
    }
    yield index;
  }
}

test('broadcast add equals the per-index definition on random shapes up to rank 4', () => {
  const g = new Generator(11);
  for (let trial = 0; trial < 60; trial++) {
    const out = randomShape(g, 1 + g.integer(4));
    // Each operand drops some leading axes and squeezes some others to 1.
    const operand = (): number[] => out.slice(g.integer(out.length + 1)).map((d) => (g.uniform() < 0.4 ? 1 : d));
    const a = randomTensor(g, operand());
    const b = randomTensor(g, operand());
    const c = add(a, b);
    let k = 0;
    for (const index of indices([...c.shape])) {
      assert.equal(c.data[k++], at(a, index) + at(b, index), `(${a.shape}) + (${b.shape}) at [${index}]`);
    }
  }
});

test('sum and max over random axes equal the per-index definition', () => {
  const g = new Generator(12);
  for (let trial = 0; trial < 40; trial++) {
    const x = randomTensor(g, randomShape(g, 1 + g.integer(4)));
    const axes = x.shape.map((_, i) => i).filter(() => g.uniform() < 0.5);
    const s = sum(x, axes, true);
    const m = max(x, axes, true);
    const expectedSum = new Float64Array(s.size);
    const expectedMax = new Float64Array(s.size).fill(-Infinity);
    for (const index of indices([...x.shape])) {
      let flat = 0;
      s.shape.forEach((d, axis) => (flat = flat * d + (d === 1 ? 0 : index[axis])));
      const v = at(x, index);
      expectedSum[flat] += v;
      expectedMax[flat] = Math.max(expectedMax[flat], v);
    }
    s.data.forEach((v, i) => assert.ok(Math.abs(v - expectedSum[i]) < 1e-9, `sum over [${axes}] of (${x.shape})`));
    assert.deepEqual(Array.from(m.data), Array.from(expectedMax), `max over [${axes}] of (${x.shape})`);
  }
});

test('transpose moves every element to its permuted index', () => {
  const g = new Generator(13);
  for (let trial = 0; trial < 30; trial++) {
    const x = randomTensor(g, randomShape(g, 1 + g.integer(4)));
    const perm = g.shuffle(Int32Array.from(x.shape.map((_, i) => i)));
    const y = transpose(x, Array.from(perm));
    for (const index of indices([...x.shape])) {
      const moved = Array.from(perm, (axis) => index[axis]);
      assert.equal(at(y, moved), at(x, index));
    }
  }
});
