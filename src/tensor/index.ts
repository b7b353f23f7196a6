// Public exports of the tensor folder: creation, numpy-like ops, and the differentiable functions.
export { Tensor, shapeSize } from './tensor.ts';
export { type DType, type TypedArray, DTYPES } from './dtype.ts';
export { type NestedArray, type TensorLike, tensor, zeros, ones, fill, scalar } from './ops/creation.ts';
export { type NestedValues, astype, toArray } from './ops/convert.ts';
export { type BinaryOp, add, sub, mul, div, equal } from './ops/elementwise.ts';
export { neg, exp, log, relu, sigmoid, tanh, sqrt, round } from './ops/unary.ts';
export { variance, std, min } from './ops/statistics.ts';
export { concat, stack } from './ops/join.ts';
export { type Axis, sum, mean, max, argMax } from './ops/reduce.ts';
export { reshape, transpose, expandDims, squeeze } from './ops/shape-ops.ts';
export { type Indices, slice, take, row } from './ops/indexing.ts';
export { type MatmulTransposeOptions, matmul } from './ops/matmul.ts';
export { biasAdd, softmax } from './ops/activation.ts';
export { type DropoutOptions, dropout, dropoutMask } from './ops/dropout.ts';
export { type UniqueOptions, unique } from './ops/unique.ts';
export { broadcastShapes } from './broadcast.ts';
