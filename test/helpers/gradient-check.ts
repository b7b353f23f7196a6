// Central finite-difference gradient checks (the micrograd / ConvNetJS universal layer test).
//
// Any scalar function of a flat parameter vector, with its analytic gradient (layers, whole models):
//   checkGradient((p) => lossAt(p), Float64Array.from(params), analyticGrad, { label: 'dense', maxChecks: 200 });
// Any function of tensors built from autograd ops (inputs cast to float64, output projected to a scalar):
//   checkOpGradient((x, w) => nb.matmul(x, w), [x, w], { label: 'matmul' });
import { AssertionError } from 'node:assert';
import { Generator } from '../../src/random/generator.ts';
import { valueAndGrad } from '../../src/autograd/index.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { mul } from '../../src/tensor/ops/elementwise.ts';
import { sum } from '../../src/tensor/ops/reduce.ts';

export type FloatParams = Float64Array | Float32Array;

export interface GradientCheckOptions {
  /** Finite-difference step (default 1e-6 for Float64Array params, 1e-3 for Float32Array). */
  epsilon?: number;
  /** Relative tolerance on each component (default 1e-5 in float64, 2e-2 in float32). */
  rtol?: number;
  /** Absolute tolerance on each component (default 1e-7 in float64, 2e-3 in float32). */
  atol?: number;
  /** Check at most this many components, chosen at random with `seed` (default: all). */
  maxChecks?: number;
  /** Seed for the choice of components when maxChecks is smaller than the parameter count (default 0). */
  seed?: number;
  /** Prefix for the failure message (e.g. the op or layer name). */
  label?: string;
}

export interface GradientCheckReport {
  /** The components compared. */
  indices: number[];
  /** Central differences at those components. */
  numeric: Float64Array;
  /** The analytic gradient at those components. */
  analytic: Float64Array;
  /** Largest |numeric - analytic| / (atol + rtol·|numeric|); below 1 means it passed. */
  worstRatio: number;
}

/**
 * Central differences of a scalar function at `params`: (f(p + h·e_i) − f(p − h·e_i)) / (2h) for each index.
 * `params` is perturbed in place and restored exactly. In float32 the step actually taken (after rounding)
 * is used as the denominator.
 */
export function numericGradient(
  f: (params: FloatParams) => number,
  params: FloatParams,
  indices: readonly number[] = range(params.length),
  epsilon: number = defaultEpsilon(params),
): Float64Array {
  const out = new Float64Array(indices.length);
  indices.forEach((index, k) => {
    const original = params[index];
    const step = epsilon * Math.max(1, Math.abs(original));
    params[index] = original + step;
    const plusAt = params[index];
    const plus = f(params);
    params[index] = original - step;
    const minusAt = params[index];
    const minus = f(params);
    params[index] = original;
    out[k] = (plus - minus) / (plusAt - minusAt);
  });
  return out;
}

/**
 * Asserts that `analyticGrad` is the gradient of the scalar `f` at `params`, component by component, against
 * central finite differences. Usable for any model or layer flattened into one parameter vector; evaluate f
 * in float64 (pass a Float64Array) where it allows, for tight tolerances. Returns what it compared.
 */
export function checkGradient(
  f: (params: FloatParams) => number,
  params: FloatParams,
  analyticGrad: ArrayLike<number>,
  options: GradientCheckOptions = {},
): GradientCheckReport {
  if (analyticGrad.length !== params.length) {
    throw new AssertionError({
      message: `${prefix(options)}analytic gradient has ${analyticGrad.length} components, params have ${params.length}`,
    });
  }
  const is64 = params instanceof Float64Array;
  const rtol = options.rtol ?? (is64 ? 1e-5 : 2e-2);
  const atol = options.atol ?? (is64 ? 1e-7 : 2e-3);
  const indices = chooseIndices(params.length, options.maxChecks, options.seed ?? 0);
  const numeric = numericGradient(f, params, indices, options.epsilon ?? defaultEpsilon(params));
  const analytic = Float64Array.from(indices, (i) => analyticGrad[i]);
  let worstRatio = 0;
  let worstAt = -1;
  for (let k = 0; k < indices.length; k++) {
    const ratio = Math.abs(numeric[k] - analytic[k]) / (atol + rtol * Math.abs(numeric[k]));
    if (!(ratio <= worstRatio)) {
      worstRatio = ratio;
      worstAt = k;
    }
  }
  if (!(worstRatio <= 1)) {
    throw new AssertionError({
      message:
        `${prefix(options)}gradient mismatch at parameter ${indices[worstAt]}: analytic ${analytic[worstAt]}, ` +
        `finite difference ${numeric[worstAt]} (rtol ${rtol}, atol ${atol}; ${indices.length} components checked)`,
    });
  }
  return { indices, numeric, analytic, worstRatio };
}

export interface OpGradientCheckOptions extends GradientCheckOptions {
  /** Evaluate in float64 (inputs cast to float64; default true). Pass false for an op that is float32-only. */
  float64?: boolean;
}

/**
 * Checks autograd's gradient of `fn` with respect to every input against central differences. A tensor
 * output is reduced to the scalar Σ r ⊙ fn(...inputs) with fixed random weights r (seeded), which tests the
 * whole vector-Jacobian product. Inputs are cast to float64 unless `float64: false`.
 */
export function checkOpGradient(
  fn: (...inputs: Tensor[]) => Tensor,
  inputs: readonly Tensor[],
  options: OpGradientCheckOptions = {},
): void {
  const wide = options.float64 ?? true;
  const probe = inputs.map((t) => new Tensor(wide ? Float64Array.from(t.data) : Float32Array.from(t.data), t.shape));
  const output = fn(...probe);
  const weights = randomWeights(output, options.seed ?? 0);
  const projected = (...xs: Tensor[]): Tensor => sum(mul(fn(...xs), weights));
  const { grads } = valueAndGrad(projected)(...probe);
  const scalarOf = (): number => {
    const y = fn(...probe);
    let total = 0;
    for (let i = 0; i < y.size; i++) total += y.data[i] * weights.data[i];
    return total;
  };
  probe.forEach((input, k) => {
    const label = `${options.label ?? 'op'} (input ${k}, shape ${input.shape.join('x') || 'scalar'})`;
    checkGradient(() => scalarOf(), input.data as FloatParams, grads[k].data, { ...options, label });
  });
}

/** Weights in [0.5, 1.5) with random signs, in the output's float dtype. */
function randomWeights(output: Tensor, seed: number): Tensor {
  const generator = new Generator(seed + 1);
  const data = output.dtype === 'float64' ? new Float64Array(output.size) : new Float32Array(output.size);
  for (let i = 0; i < data.length; i++) data[i] = (generator.uniform() + 0.5) * (generator.uniform() < 0.5 ? -1 : 1);
  return new Tensor(data, output.shape);
}

function defaultEpsilon(params: FloatParams): number {
  return params instanceof Float64Array ? 1e-6 : 1e-3;
}

function chooseIndices(length: number, maxChecks: number | undefined, seed: number): number[] {
  const all = range(length);
  if (maxChecks === undefined || maxChecks >= length) return all;
  const chosen = new Generator(seed).shuffle(Int32Array.from(all)).subarray(0, maxChecks);
  return Array.from(chosen).sort((a, b) => a - b);
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function prefix(options: GradientCheckOptions): string {
  return options.label ? `${options.label}: ` : '';
}
