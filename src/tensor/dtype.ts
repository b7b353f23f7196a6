import { ValueError } from '../errors.ts';

/** The element types a Tensor can hold (numpy's float32, int32, uint8). */
export type DType = 'float32' | 'int32' | 'uint8';

/** The typed array that stores each dtype. */
export type TypedArray = Float32Array | Int32Array | Uint8Array;

export type ArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'int32'
    ? Int32Array
    : Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'int32', 'uint8'];

/** Throws a ValueError naming the valid dtypes when `dtype` is not one of them. */
export function checkDType(dtype: string): DType {
  if (!(DTYPES as readonly string[]).includes(dtype)) {
    throw new ValueError(`unknown dtype '${dtype}': expected one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`);
  }
  return dtype as DType;
}

/** A zero-filled typed array of `size` elements for `dtype`. */
export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'uint8':
      return new Uint8Array(size);
  }
}

/** The dtype whose storage is `data`. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  return 'uint8';
}
