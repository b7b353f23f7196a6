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
  flattenInto(data, values, { next: 0 });
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

/** The shape of nested arrays; a ShapeError names the first ragged place. */
function inferShape(data: NestedArray | TypedArray): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level) || ArrayBuffer.isView(level)) {
    const items = level as ArrayLike<unknown>;
    shape.push(items.length);
    if (items.length === 0) break;
    level = items[0];
  }
  checkRagged(data, shape, 0, []);
  return shape;
}

function checkRagged(data: unknown, shape: readonly number[], depth: number, path: number[]): void {
  const where = path.length ? `element [${path.join('][')}]` : 'the top level';
  const isList = Array.isArray(data) || ArrayBuffer.isView(data);
  if (depth === shape.length) {
    if (isList) throw new ShapeError(`ragged nested array: ${where} is a list, expected a number at depth ${depth} (shape ${formatShape(shape)})`);
    if (typeof data !== 'number' && typeof data !== 'boolean') {
      throw new ValueError(`tensor data must hold numbers, got ${typeof data} at ${where}`);
    }
    return;
  }
  const items = data as ArrayLike<unknown>;
  if (!isList || items.length !== shape[depth]) {
    const found = isList ? `length ${items.length}` : 'a number';
    throw new ShapeError(`ragged nested array: ${where} has ${found}, expected length ${shape[depth]} (shape ${formatShape(shape)})`);
  }
  for (let i = 0; i < items.length; i++) {
    path.push(i);
    checkRagged(items[i], shape, depth + 1, path);
    path.pop();
  }
}

function flattenInto(data: unknown, out: TypedArray, cursor: { next: number }): void {
  if (Array.isArray(data) || ArrayBuffer.isView(data)) {
    const items = data as ArrayLike<unknown>;
    for (let i = 0; i < items.length; i++) flattenInto(items[i], out, cursor);
  } else {
    out[cursor.next++] = Number(data);
  }
}
