import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { checkOptions } from '../options.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';

const LAYER_ARGS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'dtype'];

/** Reshapes each sample to `targetShape`; one dimension may be −1, inferred from the size (keras.layers.Reshape). */
export class Reshape extends Layer {
  readonly targetShape: number[];

  constructor(targetShape: readonly number[], options: LayerArgs = {}) {
    checkOptions('Reshape', options, LAYER_ARGS);
    super('Reshape', options);
    if (!Array.isArray(targetShape) || targetShape.some((d) => !Number.isInteger(d) || (d < 1 && d !== -1))) {
      throw new ValueError(
        `Reshape targetShape must list positive integers (one may be -1), got ${JSON.stringify(targetShape)}`,
      );
    }
    if (targetShape.filter((d) => d === -1).length > 1) {
      throw new ValueError(`Reshape targetShape may hold at most one -1, got ${formatShape(targetShape)}`);
    }
    this.targetShape = [...targetShape];
  }

  /** Rebuilds a Reshape layer from getConfig() output. */
  static fromConfig(config: LayerConfig): Reshape {
    return new Reshape(config.targetShape as number[], layerArgsFromConfig(config));
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    const size = inputShape.reduce((a, b) => a * b, 1);
    const known = this.targetShape.reduce((a, b) => (b === -1 ? a : a * b), 1);
    const unknown = this.targetShape.indexOf(-1);
    const fits = unknown >= 0 ? size % known === 0 : size === known;
    if (!fits) {
      throw new ShapeError(
        `layer '${this.name}' (Reshape) cannot reshape input ${formatShape([null, ...inputShape])} (${size} values per sample) ` +
          `to ${formatShape([null, ...this.targetShape])}`,
      );
    }
    return this.targetShape.map((d) => (d === -1 ? size / known : d));
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), targetShape: [...this.targetShape] };
  }

  /** Row-major samples keep their order: the step passes its buffers through. */
  override createStep(options: StepOptions): LayerStep {
    return {
      output: options.input,
      outputGrad: options.withGradients ? options.inputGrad : null,
      forward: () => {},
      backward: () => {},
    };
  }
}
