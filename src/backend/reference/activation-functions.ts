// The elementwise activations as plain scalar functions (keras.activations, Keras 3 defaults): the reference
// backend's definitions, which the WASM kernels are tested against. Formulas: docs/layers-and-utils.md.
import type { ActivationName } from '../backend.ts';

/** selu's constants (Klambauer et al., 2017), as keras.activations.selu. */
export const SELU_ALPHA = 1.6732632423543772;
export const SELU_SCALE = 1.0507009873554805;
/** keras.activations.leaky_relu's default negative_slope (Keras 3; the LeakyReLU layer's is 0.3). */
export const LEAKY_RELU_SLOPE = 0.2;

/**
 * erfc(z) for z ≥ 0 with fractional error below 1.2e-7 everywhere (the Chebyshev fit of Numerical Recipes'
 * erfcc), so that gelu keeps its relative precision far into the negative tail.
 */
export function erfcPositive(z: number): number {
  const t = 1 / (1 + 0.5 * z);
  const poly =
    -1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(-z * z + poly);
}

/** Φ(x), the standard normal CDF: 0.5·erfc(−x/√2). */
export function normalCdf(x: number): number {
  const q = 0.5 * erfcPositive(Math.abs(x) * Math.SQRT1_2);
  return x >= 0 ? 1 - q : q;
}

function sigmoid(v: number): number {
  if (v >= 0) return 1 / (1 + Math.exp(-v));
  const e = Math.exp(v);
  return e / (1 + e);
}

/** log(1 + eˣ) without overflow. */
function softplus(v: number): number {
  return Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
}

function hardSigmoid(v: number): number {
  return Math.min(Math.max(v / 6 + 0.5, 0), 1);
}

/** The elementwise activation of one value (softmax and log_softmax work on rows and are not here). */
export function activateScalar(v: number, activation: ActivationName): number {
  switch (activation) {
    case 'relu':
      return Math.max(v, 0); // NaN stays NaN
    case 'sigmoid':
      return sigmoid(v);
    case 'tanh':
      return Math.tanh(v);
    case 'elu':
      return v > 0 ? v : Math.expm1(v);
    case 'selu':
      return v > 0 ? SELU_SCALE * v : SELU_SCALE * SELU_ALPHA * Math.expm1(v);
    case 'gelu':
      return v * normalCdf(v);
    case 'silu':
      return v * sigmoid(v);
    case 'leaky_relu':
      return v < 0 ? LEAKY_RELU_SLOPE * v : v;
    case 'relu6':
      return v < 0 ? 0 : Math.min(v, 6);
    case 'softplus':
      return softplus(v);
    case 'softsign':
      return v / (1 + Math.abs(v));
    case 'hard_sigmoid':
      return hardSigmoid(v);
    case 'hard_silu':
      return v * hardSigmoid(v);
    case 'exponential':
      return Math.exp(v);
    case 'mish':
      return v * Math.tanh(softplus(v));
    default:
      return v;
  }
}

/** d activation / dx at pre-activation x with output y (the elementwise activations only). */
export function derivativeScalar(x: number, y: number, activation: ActivationName): number {
  switch (activation) {
    case 'relu':
      return y > 0 ? 1 : 0;
    case 'sigmoid':
      return y * (1 - y);
    case 'tanh':
      return 1 - y * y;
    case 'elu':
      return y > 0 ? 1 : y + 1;
    case 'selu':
      return y > 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA;
    case 'gelu':
      return normalCdf(x) + (x * Math.exp(-0.5 * x * x)) / Math.sqrt(2 * Math.PI);
    case 'silu': {
      const s = sigmoid(x);
      return s * (1 + x * (1 - s));
    }
    case 'leaky_relu':
      return y > 0 ? 1 : LEAKY_RELU_SLOPE;
    case 'relu6':
      return y > 0 && y < 6 ? 1 : 0;
    case 'softplus':
      return -Math.expm1(-y); // σ(x) = 1 − e^(−softplus(x))
    case 'softsign':
      return (1 - Math.abs(y)) * (1 - Math.abs(y)); // 1/(1+|x|)² = (1 − |y|)²
    case 'hard_sigmoid':
      return y > 0 && y < 1 ? 1 / 6 : 0;
    case 'hard_silu':
      return x < -3 ? 0 : x > 3 ? 1 : (2 * x + 3) / 6;
    case 'exponential':
      return y;
    case 'mish': {
      const t = Math.tanh(softplus(x));
      return t + x * (1 - t * t) * sigmoid(x);
    }
    default:
      return 1;
  }
}
