// Elementwise functions of one tensor: the activations and the functions autograd differentiates.
import { type DType, type TypedArray, allocate, floatDTypeOf } from '../dtype.ts';
import { Tensor } from '../tensor.ts';
import { recordOp } from './record.ts';

type UnaryOp = 'neg' | 'exp' | 'log' | 'relu' | 'sigmoid' | 'tanh' | 'sqrt' | 'round';

/** −x (np.negative / keras.ops.negative). */
export function neg(x: Tensor): Tensor {
  return unary('neg', x, x.dtype);
}

/** eˣ (np.exp / keras.ops.exp). */
export function exp(x: Tensor): Tensor {
  return unary('exp', x, floatDTypeOf(x.dtype));
}

/** Natural logarithm (np.log / keras.ops.log). */
export function log(x: Tensor): Tensor {
  return unary('log', x, floatDTypeOf(x.dtype));
}

/** max(x, 0) (keras.activations.relu). */
export function relu(x: Tensor): Tensor {
  return unary('relu', x, x.dtype);
}

/** 1 / (1 + e⁻ˣ), computed without overflow for large |x| (keras.activations.sigmoid). */
export function sigmoid(x: Tensor): Tensor {
  return unary('sigmoid', x, floatDTypeOf(x.dtype));
}

/** Hyperbolic tangent (keras.activations.tanh). */
export function tanh(x: Tensor): Tensor {
  return unary('tanh', x, floatDTypeOf(x.dtype));
}

/** Square root (np.sqrt / keras.ops.sqrt); negative values give NaN. */
export function sqrt(x: Tensor): Tensor {
  return unary('sqrt', x, floatDTypeOf(x.dtype));
}

/**
 * The nearest integer, halves to the even neighbour (np.round / keras.ops.round: 0.5 → 0, 1.5 → 2, −2.5 → −2).
 * Its gradient is zero almost everywhere; autograd treats it as a constant.
 */
export function round(x: Tensor): Tensor {
  const out = allocate(x.dtype, x.size);
  unaryLoop('round', x.data, out);
  return new Tensor(out, x.shape);
}

function unary(op: UnaryOp, x: Tensor, dtype: DType): Tensor {
  const out = allocate(dtype, x.size);
  unaryLoop(op, x.data, out);
  const result = new Tensor(out, x.shape);
  recordOp(op, [x], result);
  return result;
}

function unaryLoop(op: UnaryOp, x: TypedArray, out: TypedArray): void {
  const n = out.length;
  switch (op) {
    case 'neg':
      for (let i = 0; i < n; i++) out[i] = -x[i];
      break;
    case 'exp':
      for (let i = 0; i < n; i++) out[i] = Math.exp(x[i]);
      break;
    case 'log':
      for (let i = 0; i < n; i++) out[i] = Math.log(x[i]);
      break;
    case 'relu':
      for (let i = 0; i < n; i++) out[i] = Math.max(x[i], 0);
      break; // NaN passes through
    case 'tanh':
      for (let i = 0; i < n; i++) out[i] = Math.tanh(x[i]);
      break;
    case 'sqrt':
      for (let i = 0; i < n; i++) out[i] = Math.sqrt(x[i]);
      break;
    case 'round':
      for (let i = 0; i < n; i++) out[i] = roundHalfEven(x[i]);
      break;
    case 'sigmoid':
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (v >= 0) {
          out[i] = 1 / (1 + Math.exp(-v));
        } else {
          const e = Math.exp(v);
          out[i] = e / (1 + e);
        }
      }
      break;
  }
}

function roundHalfEven(v: number): number {
  const floor = Math.floor(v);
  const fraction = v - floor;
  if (fraction !== 0.5) return fraction < 0.5 ? floor : floor + 1; // NaN and ±∞ fall through unchanged
  return floor % 2 === 0 ? floor : floor + 1;
}
