import { type LayerArgs, type LayerStep, type StepOptions, Layer } from './layer.ts';

// The keys every layer's options accept, as the compiler-checked list of src/option-keys.ts.
export { LAYER_ARG_KEYS } from '../option-keys.ts';

/**
 * A weightless layer that maps each value on its own, y = f(x) (the advanced activation layers ReLU,
 * LeakyReLU, ELU). Subclasses give f and its derivative; the step loops over the values in place.
 */
export abstract class PointwiseLayer extends Layer {
  protected constructor(className: string, args: LayerArgs) {
    super(className, args);
  }

  /** f(x). */
  protected abstract valueAt(x: number): number;

  /** f'(x), the derivative at the input value. */
  protected abstract slopeAt(x: number): number;

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override createStep(options: StepOptions): LayerStep {
    const { maxRows, input, inputGrad } = options;
    const size = this.inputShape!.reduce((a, b) => a * b, 1);
    const output = options.alloc(maxRows * size);
    const outputGrad = options.withGradients ? options.alloc(maxRows * size) : null;
    return {
      output,
      outputGrad,
      forward: (rows) => {
        for (let i = 0, n = rows * size; i < n; i++) output[i] = this.valueAt(input[i]);
      },
      backward: (rows) => {
        if (inputGrad === null || outputGrad === null) return;
        for (let i = 0, n = rows * size; i < n; i++) inputGrad[i] = outputGrad[i] * this.slopeAt(input[i]);
      },
    };
  }
}
