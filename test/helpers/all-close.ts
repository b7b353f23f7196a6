// Element-wise closeness assertion for tests (numpy's testing.assert_allclose, with np.allclose's defaults).
import { AssertionError } from 'node:assert';
import { Tensor } from '../../src/tensor/tensor.ts';

/** Anything holding numbers: a scalar, a (nested) array, a typed array or a Tensor. */
export type Numeric = number | bigint | ArrayLike<number> | readonly Numeric[] | Tensor;

export interface AllCloseOptions {
  /** Relative tolerance (default 1e-5, as np.allclose). */
  rtol?: number;
  /** Absolute tolerance (default 1e-8, as np.allclose). */
  atol?: number;
  /** Treat NaN in the same place on both sides as equal (default true). */
  equalNaN?: boolean;
  /** Prefix for the failure message. */
  message?: string;
}

interface Flat {
  values: ArrayLike<number>;
  /** Known shape: from a Tensor or from the nesting of plain arrays; null for flat typed arrays. */
  shape: number[] | null;
}

/** Passes when |actual - expected| <= atol + rtol·|expected| everywhere (np.testing.assert_allclose). */
export function assertAllClose(actual: Numeric, expected: Numeric, options: AllCloseOptions = {}): void {
  const { rtol = 1e-5, atol = 1e-8, equalNaN = true } = options;
  const prefix = options.message ? `${options.message}: ` : '';
  const a = flatten(actual);
  const e = flatten(expected);
  if (a.shape && e.shape && !sameShape(a.shape, e.shape)) {
    throw new AssertionError({ message: `${prefix}shapes differ: actual ${show(a.shape)}, expected ${show(e.shape)}` });
  }
  if (a.values.length !== e.values.length) {
    throw new AssertionError({
      message: `${prefix}sizes differ: actual has ${a.values.length} elements, expected ${e.values.length}`,
    });
  }
  const shape = a.shape ?? e.shape ?? [a.values.length];
  let failures = 0;
  let first = -1;
  let worst = 0;
  for (let i = 0; i < a.values.length; i++) {
    const x = Number(a.values[i]);
    const y = Number(e.values[i]);
    if (isClose(x, y, rtol, atol, equalNaN)) continue;
    failures++;
    if (first < 0) first = i;
    const diff = Math.abs(x - y);
    if (!(diff <= worst)) worst = diff;
  }
  if (failures === 0) return;
  const index = unravel(first, shape);
  throw new AssertionError({
    message:
      `${prefix}${failures} of ${a.values.length} elements differ (rtol ${rtol}, atol ${atol}); ` +
      `first at index [${index.join(', ')}]: actual ${a.values[first]}, expected ${e.values[first]}; ` +
      `largest absolute difference ${worst}`,
    actual: a.values[first],
    expected: e.values[first],
  });
}

function isClose(x: number, y: number, rtol: number, atol: number, equalNaN: boolean): boolean {
  if (Number.isNaN(x) || Number.isNaN(y)) return equalNaN && Number.isNaN(x) && Number.isNaN(y);
  if (x === y) return true; // equal infinities included
  return Math.abs(x - y) <= atol + rtol * Math.abs(y);
}

function flatten(value: Numeric): Flat {
  if (value instanceof Tensor) return { values: value.data, shape: [...value.shape] };
  if (typeof value === 'number' || typeof value === 'bigint') return { values: [Number(value)], shape: [] };
  if (ArrayBuffer.isView(value)) return { values: value as ArrayLike<number>, shape: null };
  if (Array.isArray(value)) {
    const values: number[] = [];
    const shape = nestedShape(value);
    collect(value, values);
    return { values, shape: values.length === shape.reduce((p, d) => p * d, 1) ? shape : null };
  }
  return { values: Array.from(value as ArrayLike<number>), shape: null };
}

function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let level: unknown = value;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    const arr = level as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0) break;
    level = arr[0];
  }
  return shape;
}

function collect(value: unknown, out: number[]): void {
  if (Array.isArray(value) || ArrayBuffer.isView(value)) {
    const arr = value as ArrayLike<unknown>;
    for (let i = 0; i < arr.length; i++) collect(arr[i], out);
  } else {
    out.push(Number(value));
  }
}

function unravel(flat: number, shape: readonly number[]): number[] {
  if (shape.length === 0) return [];
  const index = new Array<number>(shape.length).fill(0);
  let rest = flat;
  for (let axis = shape.length - 1; axis >= 0; axis--) {
    const d = shape[axis] || 1;
    index[axis] = rest % d;
    rest = Math.floor(rest / d);
  }
  return index;
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

function show(shape: readonly number[]): string {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}
