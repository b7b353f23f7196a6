import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import { type DType, type TypedArray, allocate, checkDType, dtypeOf } from '../dtype.ts';
import { Tensor, shapeSize } from '../tensor.ts';

/** Nested arrays of numbers (or booleans, stored as 0/1), as written in code: [[1, 2], [3, 4]]. */
export type NestedArray = number | boolean | readonly NestedArray[];

/** What `tensor()` accepts: a number, nested arrays, or a typed array (flat, shaped by `shape`). */
export type TensorLike = NestedArray | TypedArray | Tensor;

/**
 * A tensor from nested arrays or a typed array, copied (numpy's np.array / tf.constant). The shape comes
 * from the nesting unless given; the dtype from the typed array, else float32 (Keras's floatx), unless given.
 */
export function tensor(data: TensorLike, shape?: readonly number[], dtype?: DType | string): Tensor {
  const wanted = dtype === undefined ? undefined : checkDType(dtype);
  if (data instanceof Tensor) return fromFlat(data.data, shape ?? data.shape, wanted ?? data.dtype);
  if (ArrayBuffer.isView(data)) return fromFlat(data, shape ?? [data.length], wanted ?? dtypeOf(data));
  const inferred = inferShape(data);
  const values = allocate(wanted ?? 'float32', shapeSize(inferred));
  flattenInto(data, inferred, values);
  const target = shape ?? inferred;
  checkSize(target, values.length, inferred);
  return new Tensor(values, target);
}

/** A tensor of zeros (np.zeros / keras.ops.zeros). */
export function zeros(shape: readonly number[], dtype: DType | string = 'float32'): Tensor {
  return new Tensor(allocate(checkDType(dtype), shapeSize(checkShape(shape))), shape);
}

/** A tensor of ones (np.ones / keras.ops.ones). */
export function ones(shape: readonly number[], dtype: DType | string = 'float32'): Tensor {
  return fill(shape, 1, dtype);
}

/** A tensor with every element `value` (np.full / keras.ops.full). */
export function fill(shape: readonly number[], value: number, dtype: DType | string = 'float32'): Tensor {
  if (typeof value !== 'number') throw new ValueError(`fill value must be a number, got ${typeof value}`);
  const data = allocate(checkDType(dtype), shapeSize(checkShape(shape)));
  data.fill(value);
  return new Tensor(data, shape);
}

/** A rank-0 tensor holding `value`. */
export function scalar(value: number, dtype: DType | string = 'float32'): Tensor {
  return fill([], value, dtype);
}

function fromFlat(source: ArrayLike<number>, shape: readonly number[], dtype: DType): Tensor {
  checkSize(shape, source.length, [source.length]);
  const values = allocate(dtype, source.length);
  values.set(source as ArrayLike<number>);
  return new Tensor(values, shape);
}

function checkShape(shape: readonly number[]): readonly number[] {
  if (!Array.isArray(shape)) throw new ShapeError(`shape must be an array of integers >= 0, got ${String(shape)}`);
  return shape;
}

function checkSize(shape: readonly number[], size: number, dataShape: readonly number[]): void {
  if (shapeSize(checkShape(shape)) !== size) {
    throw new ShapeError(
      `cannot make a tensor of shape ${formatShape(shape)} (${shapeSize(shape)} elements) ` +
        `from data of shape ${formatShape(dataShape)} (${size} elements)`,
    );
  }
}

/** The shape of nested arrays, read along the first element at each depth. */
function inferShape(data: NestedArray | TypedArray): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    const items = level as ArrayLike<unknown>;
    shape.push(items.length);
    if (items.length === 0) break;
    level = items[0];
  }
  return shape;
}

/**
 * Copies nested arrays into `out` in row-major order, checking every list against `shape`; a ShapeError
 * names the first ragged place. The innermost lists are copied in a plain loop.
 */
function flattenInto(
  data: unknown,
  shape: readonly number[],
  out: TypedArray,
  depth = 0,
  path: number[] = [],
  at = { next: 0 },
): void {
  if (shape.length === 0) {
    out[0] = leafValue(data, shape, path);
    return;
  }
  const isList = Array.isArray(data) || ArrayBuffer.isView(data);
  const items = data as ArrayLike<unknown>;
  if (!isList || items.length !== shape[depth]) {
    const found = isList ? `length ${items.length}` : 'a number';
    throw new ShapeError(
      `ragged nested array: ${where(path)} has ${found}, expected length ${shape[depth]} (shape ${formatShape(shape)})`,
    );
  }
  if (depth === shape.length - 1) {
    for (let i = 0; i < items.length; i++) {
      const v = items[i];
      if (typeof v === 'number') out[at.next++] = v;
      else out[at.next++] = leafValue(v, shape, [...path, i]);
    }
    return;
  }
  for (let i = 0; i < items.length; i++) {
    path.push(i);
    flattenInto(items[i], shape, out, depth + 1, path, at);
    path.pop();
  }
}

function leafValue(v: unknown, shape: readonly number[], path: readonly number[]): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    throw new ShapeError(
      `ragged nested array: ${where(path)} is a list, expected a number at depth ${path.length} (shape ${formatShape(shape)})`,
    );
  }
  throw new ValueError(`tensor data must hold numbers, got ${typeof v} at ${where(path)}`);
}

function where(path: readonly number[]): string {
  return path.length ? `element [${path.join('][')}]` : 'the top level';
}
