import { ShapeError, ValueError, formatShape } from '../../errors.ts';
import type { MultiInputLayer, MultiStepOptions } from '../keras-tensor.ts';
import { type LayerArgs, type LayerStep, type StepOptions, Layer, sameShape } from '../layer.ts';

/**
 * The base of the layers that combine a list of tensors into one (keras.layers.Merge): built for several
 * input shapes, planned over several input buffers. Called on one tensor, they refuse.
 */
export abstract class MergeLayer extends Layer implements MultiInputLayer {
  readonly multiInput = true as const;
  inputShapes: number[][] | null = null;

  protected constructor(className: string, args: LayerArgs) {
    super(className, args);
  }

  /** The output sample shape for the input sample shapes; throws ShapeError when they cannot be merged. */
  abstract computeMultiOutputShape(shapes: readonly (readonly number[])[]): number[];

  /** The step over the input buffers (each maxRows × its sample size). */
  abstract createMultiStep(options: MultiStepOptions): LayerStep;

  /** Builds for the input shapes (a built layer only checks them). */
  buildMulti(shapes: readonly (readonly number[])[]): void {
    if (this.inputShapes !== null) {
      const same =
        shapes.length === this.inputShapes.length && shapes.every((s, i) => sameShape(s, this.inputShapes![i]));
      if (!same)
        throw new ShapeError(
          `layer '${this.name}' was built for inputs ${describeShapes(this.inputShapes)}, got ${describeShapes(shapes)}`,
        );
      return;
    }
    this.computeMultiOutputShape(shapes);
    this.inputShapes = shapes.map((s) => [...s]);
    this.build(shapes[0]);
  }

  override computeOutputShape(_inputShape: readonly number[]): number[] {
    if (this.inputShapes === null)
      throw new ValueError(
        `layer '${this.name}' (${this.className}) takes a list of tensors: call it as layer.apply([a, b])`,
      );
    return this.computeMultiOutputShape(this.inputShapes);
  }

  override createStep(_options: StepOptions): LayerStep {
    throw new ValueError(
      `layer '${this.name}' (${this.className}) takes a list of tensors: it cannot be a layer of a Sequential`,
    );
  }

  /** Refuses fewer than `min` inputs, naming the layer. */
  protected checkCount(shapes: readonly (readonly number[])[], min: number, max = Infinity): void {
    if (shapes.length < min || shapes.length > max) {
      const expected = max === min ? `exactly ${min}` : `at least ${min}`;
      throw new ValueError(`layer '${this.name}' (${this.className}) merges ${expected} tensors, got ${shapes.length}`);
    }
  }
}

/** '[(None, 3), (None, 4)]' for error messages. */
export function describeShapes(shapes: readonly (readonly number[])[]): string {
  return `[${shapes.map((s) => formatShape([null, ...s])).join(', ')}]`;
}
