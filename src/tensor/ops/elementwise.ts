// Binary elementwise arithmetic with numpy broadcasting. Each op is a plain loop over typed arrays with the
// op chosen once per call (never per element), so x.div(255) over 47M elements stays a single tight loop.
import { ValueError } from '../../errors.ts';
import { broadcastShapes, broadcastStrides, sameShape } from '../broadcast.ts';
import { type DType, type TypedArray, allocate, isFloat, resultDType, scalarResultDType } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { isRecording, recordOp } from './record.ts';

/** The binary elementwise ops. `equal` gives uint8 0/1 (numpy's bool). */
export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'equal';

/** Kernel variants: integer multiplication wraps like int32 arithmetic (Math.imul). */
type Kernel = 'add' | 'sub' | 'mul' | 'imul' | 'div' | 'equal';

/** a + b with broadcasting (np.add / keras.ops.add). */
export function add(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('add', a, b);
}

/** a − b with broadcasting (np.subtract / keras.ops.subtract). */
export function sub(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('sub', a, b);
}

/** a · b elementwise with broadcasting (np.multiply / keras.ops.multiply). */
export function mul(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('mul', a, b);
}

/** a / b with broadcasting; always a float result (np.true_divide / keras.ops.divide). */
export function div(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('div', a, b);
}

/** a == b elementwise with broadcasting, as uint8 0/1 (np.equal / keras.ops.equal). */
export function equal(a: Tensor | number, b: Tensor | number): Tensor {
  return binary('equal', a, b);
}

/** Runs one binary op; numbers on either side act as scalars. */
export function binary(op: BinaryOp, a: Tensor | number, b: Tensor | number): Tensor {
  if (typeof a === 'number' && typeof b === 'number') {
    throw new ValueError(`${op}: expected at least one tensor, got two numbers`);
  }
  if (typeof b === 'number') {
    const t = checkTensor(op, a as Tensor);
    return withScalarRight(op, t, asOperandOf(t, b));
  }
  if (typeof a === 'number') {
    const t = checkTensor(op, b);
    return withScalarLeft(op, asOperandOf(t, a), t);
  }
  return withTensors(op, checkTensor(op, a), checkTensor(op, b));
}

function checkTensor(op: string, t: Tensor): Tensor {
  if (!(t instanceof Tensor)) throw new ValueError(`${op}: expected a Tensor or a number, got ${describe(t)}`);
  return t;
}

/** A scalar meets a float32 tensor as a float32 value, as in numpy (so x.equal(0.1) finds stored 0.1s). */
function asOperandOf(t: Tensor, s: number): number {
  if (typeof s !== 'number') throw new ValueError(`expected a Tensor or a number, got ${describe(s)}`);
  return t.dtype === 'float32' ? Math.fround(s) : s;
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'an array (wrap it with nb.tensor())';
  return value === null ? 'null' : typeof value;
}

function outDType(op: BinaryOp, a: DType, b: DType): DType {
  if (op === 'equal') return 'uint8';
  return resultDType(a, b, op === 'div' ? 'div' : 'arith');
}

function kernelFor(op: BinaryOp, dtype: DType): Kernel {
  return op === 'mul' && !isFloat(dtype) ? 'imul' : op;
}

function withTensors(op: BinaryOp, a: Tensor, b: Tensor): Tensor {
  const dtype = outDType(op, a.dtype, b.dtype);
  const kernel = kernelFor(op, dtype);
  let result: Tensor;
  if (sameShape(a.shape, b.shape)) {
    const out = allocate(dtype, a.size);
    sameShapeLoop(kernel, a.data, b.data, out);
    result = new Tensor(out, a.shape);
  } else {
    const shape = broadcastShapes(a.shape, b.shape, op);
    const out = allocate(
      dtype,
      shape.reduce((p, d) => p * d, 1),
    );
    broadcastLoop(kernel, a, b, shape, out);
    result = new Tensor(out, shape);
  }
  recordOp(op, [a, b], result);
  return result;
}

function withScalarRight(op: BinaryOp, a: Tensor, s: number): Tensor {
  const dtype = op === 'equal' ? 'uint8' : scalarResultDType(a.dtype, s, op === 'div' ? 'div' : 'arith');
  const out = allocate(dtype, a.size);
  scalarRightLoop(kernelFor(op, dtype), a.data, s, out);
  const result = new Tensor(out, a.shape);
  if (isRecording()) recordOp(op, [a, scalarLike(s, dtype)], result);
  return result;
}

function withScalarLeft(op: BinaryOp, s: number, b: Tensor): Tensor {
  const dtype = op === 'equal' ? 'uint8' : scalarResultDType(b.dtype, s, op === 'div' ? 'div' : 'arith');
  const out = allocate(dtype, b.size);
  scalarLeftLoop(kernelFor(op, dtype), s, b.data, out);
  const result = new Tensor(out, b.shape);
  if (isRecording()) recordOp(op, [scalarLike(s, dtype), b], result);
  return result;
}

/** A rank-0 stand-in for a scalar operand, so that gradient rules see two tensors. */
function scalarLike(s: number, dtype: DType): Tensor {
  const data = allocate(isFloat(dtype) ? dtype : 'float64', 1);
  data[0] = s;
  return new Tensor(data, []);
}

function sameShapeLoop(kernel: Kernel, a: TypedArray, b: TypedArray, out: TypedArray): void {
  const n = out.length;
  switch (kernel) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = a[i] + b[i];
      break;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = a[i] - b[i];
      break;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = a[i] * b[i];
      break;
    case 'imul':
      for (let i = 0; i < n; i++) out[i] = Math.imul(a[i], b[i]);
      break;
    case 'div':
      for (let i = 0; i < n; i++) out[i] = a[i] / b[i];
      break;
    case 'equal':
      for (let i = 0; i < n; i++) out[i] = a[i] === b[i] ? 1 : 0;
      break;
  }
}

function scalarRightLoop(kernel: Kernel, a: TypedArray, s: number, out: TypedArray): void {
  const n = out.length;
  switch (kernel) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = a[i] + s;
      break;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = a[i] - s;
      break;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = a[i] * s;
      break;
    case 'imul':
      for (let i = 0; i < n; i++) out[i] = Math.imul(a[i], s);
      break;
    case 'div': {
      // Multiplying by the reciprocal would differ from numpy in the last bit; keep the division.
      for (let i = 0; i < n; i++) out[i] = a[i] / s;
      break;
    }
    case 'equal':
      for (let i = 0; i < n; i++) out[i] = a[i] === s ? 1 : 0;
      break;
  }
}

function scalarLeftLoop(kernel: Kernel, s: number, b: TypedArray, out: TypedArray): void {
  const n = out.length;
  switch (kernel) {
    case 'add':
      for (let i = 0; i < n; i++) out[i] = s + b[i];
      break;
    case 'sub':
      for (let i = 0; i < n; i++) out[i] = s - b[i];
      break;
    case 'mul':
      for (let i = 0; i < n; i++) out[i] = s * b[i];
      break;
    case 'imul':
      for (let i = 0; i < n; i++) out[i] = Math.imul(s, b[i]);
      break;
    case 'div':
      for (let i = 0; i < n; i++) out[i] = s / b[i];
      break;
    case 'equal':
      for (let i = 0; i < n; i++) out[i] = s === b[i] ? 1 : 0;
      break;
  }
}

/** Walks the output row by row (last axis innermost), reading a and b through broadcast strides. */
function broadcastLoop(kernel: Kernel, a: Tensor, b: Tensor, shape: readonly number[], out: TypedArray): void {
  const rank = shape.length;
  const sa = broadcastStrides(a.shape, shape);
  const sb = broadcastStrides(b.shape, shape);
  const cols = shape[rank - 1];
  const rows = cols === 0 ? 0 : out.length / cols;
  const index = new Array<number>(rank).fill(0);
  let ai = 0;
  let bi = 0;
  for (let row = 0; row < rows; row++) {
    stridedRow(kernel, a.data, ai, sa[rank - 1], b.data, bi, sb[rank - 1], out, row * cols, cols);
    // Advance the multi-index over the outer axes (an odometer), updating both read offsets.
    for (let axis = rank - 2; axis >= 0; axis--) {
      index[axis]++;
      ai += sa[axis];
      bi += sb[axis];
      if (index[axis] < shape[axis]) break;
      ai -= sa[axis] * shape[axis];
      bi -= sb[axis] * shape[axis];
      index[axis] = 0;
    }
  }
}

function stridedRow(
  kernel: Kernel,
  a: TypedArray,
  ai: number,
  sa: number,
  b: TypedArray,
  bi: number,
  sb: number,
  out: TypedArray,
  oi: number,
  n: number,
): void {
  switch (kernel) {
    case 'add':
      for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * sa] + b[bi + j * sb];
      break;
    case 'sub':
      for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * sa] - b[bi + j * sb];
      break;
    case 'mul':
      for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * sa] * b[bi + j * sb];
      break;
    case 'imul':
      for (let j = 0; j < n; j++) out[oi + j] = Math.imul(a[ai + j * sa], b[bi + j * sb]);
      break;
    case 'div':
      for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * sa] / b[bi + j * sb];
      break;
    case 'equal':
      for (let j = 0; j < n; j++) out[oi + j] = a[ai + j * sa] === b[bi + j * sb] ? 1 : 0;
      break;
  }
}
