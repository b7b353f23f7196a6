// Small deterministic datasets for model tests.
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/** Gaussian blobs: `classes` well separated centres in `features` dimensions. */
export function blobs(rows: number, features: number, classes: number, seed = 0): { x: Tensor; y: Tensor } {
  const g = new Generator(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: features }, () => 3 * g.normal()));
  const x = new Float32Array(rows * features);
  const y = new Int32Array(rows);
  for (let i = 0; i < rows; i++) {
    y[i] = i % classes;
    for (let j = 0; j < features; j++) x[i * features + j] = centres[y[i]][j] + g.normal();
  }
  return { x: new Tensor(x, [rows, features]), y: new Tensor(y, [rows]) };
}

/** Rows [from, to) of a tensor. */
export function rowsOf(t: Tensor, from: number, to: number): Tensor {
  const size = t.size / t.shape[0];
  const data = t.data.slice(from * size, to * size);
  return new Tensor(data, [to - from, ...t.shape.slice(1)]);
}
