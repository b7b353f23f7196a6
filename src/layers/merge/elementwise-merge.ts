import { ShapeError } from '../../errors.ts';
import { checkOptions } from '../../options.ts';
import type { MultiStepOptions } from '../keras-tensor.ts';
import { type LayerArgs, type LayerConfig, type LayerStep, layerArgsFromConfig, sameShape } from '../layer.ts';
import { LAYER_ARG_KEYS } from '../../option-keys.ts';
import { MergeLayer, describeShapes } from './merge.ts';

/** Options of the elementwise merge layers (Add, Subtract, Multiply, Average, Maximum, Minimum). */
export type MergeOptions = LayerArgs;

/**
 * A merge of tensors of one shape, value by value. Subclasses give the forward rule and the gradient with
 * respect to each input; both loop over plain arrays (the merges are a small part of any step).
 */
abstract class ElementwiseMerge extends MergeLayer {
  protected constructor(className: string, options: MergeOptions) {
    checkOptions(className, options, LAYER_ARG_KEYS);
    super(className, options);
  }

  override computeMultiOutputShape(shapes: readonly (readonly number[])[]): number[] {
    this.checkCount(shapes, this.className === 'Subtract' ? 2 : 1, this.className === 'Subtract' ? 2 : Infinity);
    // Keras broadcasts unequal shapes; here they must be equal, and anything else is refused.
    if (!shapes.every((s) => sameShape(s, shapes[0]))) {
      throw new ShapeError(
        `layer '${this.name}' (${this.className}) needs inputs of one shape, got ${describeShapes(shapes)}`,
      );
    }
    return [...shapes[0]];
  }

  /** out[i] from the inputs' values at i. */
  protected abstract combine(xs: readonly Float32Array[], out: Float32Array, n: number): void;

  /** Writes d(out)/d(xs[k]) · dy into dx for every element. */
  protected abstract gradient(
    xs: readonly Float32Array[],
    k: number,
    dy: Float32Array,
    dx: Float32Array,
    n: number,
  ): void;

  override createMultiStep(options: MultiStepOptions): LayerStep {
    const { inputs, inputGrads, maxRows } = options;
    const size = this.computeOutputShape([]).reduce((a, b) => a * b, 1);
    const output = options.alloc(maxRows * size);
    const outputGrad = options.withGradients ? options.alloc(maxRows * size) : null;
    return {
      output,
      outputGrad,
      forward: (rows) => this.combine(inputs, output, rows * size),
      backward: (rows) => {
        inputGrads.forEach((dx, k) => {
          if (dx !== null && outputGrad !== null) this.gradient(inputs, k, outputGrad, dx, rows * size);
        });
      },
    };
  }
}

/** The sum of the inputs (keras.layers.Add). */
export class Add extends ElementwiseMerge {
  constructor(options: MergeOptions = {}) {
    super('Add', options);
  }

  static fromConfig(config: LayerConfig): Add {
    return new Add(layerArgsFromConfig(config));
  }

  protected combine(xs: readonly Float32Array[], out: Float32Array, n: number): void {
    out.set(xs[0].subarray(0, n));
    for (let k = 1; k < xs.length; k++) for (let i = 0; i < n; i++) out[i] += xs[k][i];
  }

  protected gradient(_xs: readonly Float32Array[], _k: number, dy: Float32Array, dx: Float32Array, n: number): void {
    dx.set(dy.subarray(0, n));
  }
}

/** The first input minus the second (keras.layers.Subtract). */
export class Subtract extends ElementwiseMerge {
  constructor(options: MergeOptions = {}) {
    super('Subtract', options);
  }

  static fromConfig(config: LayerConfig): Subtract {
    return new Subtract(layerArgsFromConfig(config));
  }

  protected combine(xs: readonly Float32Array[], out: Float32Array, n: number): void {
    for (let i = 0; i < n; i++) out[i] = xs[0][i] - xs[1][i];
  }

  protected gradient(_xs: readonly Float32Array[], k: number, dy: Float32Array, dx: Float32Array, n: number): void {
    const sign = k === 0 ? 1 : -1;
    for (let i = 0; i < n; i++) dx[i] = sign * dy[i];
  }
}

/** The product of the inputs (keras.layers.Multiply). */
export class Multiply extends ElementwiseMerge {
  constructor(options: MergeOptions = {}) {
    super('Multiply', options);
  }

  static fromConfig(config: LayerConfig): Multiply {
    return new Multiply(layerArgsFromConfig(config));
  }

  protected combine(xs: readonly Float32Array[], out: Float32Array, n: number): void {
    out.set(xs[0].subarray(0, n));
    for (let k = 1; k < xs.length; k++) for (let i = 0; i < n; i++) out[i] *= xs[k][i];
  }

  // The product of the other inputs, computed directly (dividing the output would fail at zeros).
  protected gradient(xs: readonly Float32Array[], k: number, dy: Float32Array, dx: Float32Array, n: number): void {
    dx.set(dy.subarray(0, n));
    xs.forEach((x, j) => {
      if (j !== k) for (let i = 0; i < n; i++) dx[i] *= x[i];
    });
  }
}

/** The mean of the inputs (keras.layers.Average). */
export class Average extends ElementwiseMerge {
  constructor(options: MergeOptions = {}) {
    super('Average', options);
  }

  static fromConfig(config: LayerConfig): Average {
    return new Average(layerArgsFromConfig(config));
  }

  protected combine(xs: readonly Float32Array[], out: Float32Array, n: number): void {
    for (let i = 0; i < n; i++) {
      let sum = 0;
      for (const x of xs) sum += x[i];
      out[i] = sum / xs.length;
    }
  }

  protected gradient(xs: readonly Float32Array[], _k: number, dy: Float32Array, dx: Float32Array, n: number): void {
    for (let i = 0; i < n; i++) dx[i] = dy[i] / xs.length;
  }
}

/**
 * The largest (Maximum) or smallest (Minimum) input value. The gradient goes to the input that holds it, the
 * first one on ties, as Keras's pairwise fold over the list does.
 */
abstract class ExtremumMerge extends ElementwiseMerge {
  protected abstract better(a: number, b: number): boolean;

  protected combine(xs: readonly Float32Array[], out: Float32Array, n: number): void {
    for (let i = 0; i < n; i++) {
      let best = xs[0][i];
      for (let k = 1; k < xs.length; k++) if (this.better(xs[k][i], best)) best = xs[k][i];
      out[i] = best;
    }
  }

  protected gradient(xs: readonly Float32Array[], k: number, dy: Float32Array, dx: Float32Array, n: number): void {
    for (let i = 0; i < n; i++) {
      let winner = 0;
      for (let j = 1; j < xs.length; j++) if (this.better(xs[j][i], xs[winner][i])) winner = j;
      dx[i] = winner === k ? dy[i] : 0;
    }
  }
}

/** The elementwise maximum of the inputs (keras.layers.Maximum). */
export class Maximum extends ExtremumMerge {
  constructor(options: MergeOptions = {}) {
    super('Maximum', options);
  }

  static fromConfig(config: LayerConfig): Maximum {
    return new Maximum(layerArgsFromConfig(config));
  }

  protected better(a: number, b: number): boolean {
    return a > b;
  }
}

/** The elementwise minimum of the inputs (keras.layers.Minimum). */
export class Minimum extends ExtremumMerge {
  constructor(options: MergeOptions = {}) {
    super('Minimum', options);
  }

  static fromConfig(config: LayerConfig): Minimum {
    return new Minimum(layerArgsFromConfig(config));
  }

  protected better(a: number, b: number): boolean {
    return a < b;
  }
}
