import { MemoryLimitError, ValueError } from '../errors.ts';

/**
 * The element types a Tensor can hold (numpy's float32, int32, uint8; float64 for exact checks such as
 * finite-difference gradient tests — the compute kernels are float32).
 */
export type DType = 'float32' | 'int32' | 'uint8' | 'float64';

/** The typed array that stores each dtype. */
export type TypedArray = Float32Array | Int32Array | Uint8Array | Float64Array;

export type ArrayFor<D extends DType> = D extends 'float32'
  ? Float32Array
  : D extends 'int32'
    ? Int32Array
    : D extends 'float64'
      ? Float64Array
      : Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'int32', 'uint8', 'float64'];

/** Throws a ValueError naming the valid dtypes when `dtype` is not one of them. */
export function checkDType(dtype: string): DType {
  if (!(DTYPES as readonly string[]).includes(dtype)) {
    throw new ValueError(`unknown dtype '${dtype}': expected one of ${DTYPES.map((d) => `'${d}'`).join(', ')}`);
  }
  return dtype as DType;
}

/** A zero-filled typed array of `size` elements for `dtype`; a size the system cannot give is a MemoryLimitError. */
export function allocate(dtype: DType, size: number): TypedArray {
  try {
    return allocateTyped(dtype, size);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new MemoryLimitError(`cannot allocate a ${dtype} array of ${size} elements: ${error.message}`);
  }
}

function allocateTyped(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32':
      return new Float32Array(size);
    case 'int32':
      return new Int32Array(size);
    case 'uint8':
      return new Uint8Array(size);
    case 'float64':
      return new Float64Array(size);
  }
}

/** The dtype whose storage is `data`. */
export function dtypeOf(data: TypedArray): DType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Int32Array) return 'int32';
  if (data instanceof Float64Array) return 'float64';
  if (data instanceof Uint8Array) return 'uint8';
  throw new ValueError(
    `unsupported storage ${Object.prototype.toString.call(data)}: expected Float32Array, Int32Array, Uint8Array or Float64Array`,
  );
}

/** True for the floating-point dtypes. */
export function isFloat(dtype: DType): boolean {
  return dtype === 'float32' || dtype === 'float64';
}

/**
 * The dtype of a binary arithmetic result (numpy's promotion where it matters): float64 wins, then float32,
 * then int32; uint8 only with uint8. Division always gives a float (float32 unless float64 is involved).
 */
export function resultDType(a: DType, b: DType, op: 'arith' | 'div' = 'arith'): DType {
  if (a === 'float64' || b === 'float64') return 'float64';
  if (op === 'div' || a === 'float32' || b === 'float32') return 'float32';
  if (a === 'int32' || b === 'int32') return 'int32';
  return 'uint8';
}

/** The dtype of `t op scalar` (numpy 2's rule: a Python scalar adapts to the array unless int meets float). */
export function scalarResultDType(a: DType, scalar: number, op: 'arith' | 'div' = 'arith'): DType {
  if (isFloat(a)) return a;
  if (op === 'div' || !Number.isInteger(scalar)) return 'float32';
  return a;
}

/** The float dtype that means and other float results of `dtype` use (float64 stays, others give float32). */
export function floatDTypeOf(dtype: DType): 'float32' | 'float64' {
  return dtype === 'float64' ? 'float64' : 'float32';
}
