import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';

/** Options of Rescaling (keras.layers.Rescaling). */
export interface RescalingOptions extends LayerArgs {
  offset?: number;
}

/** y = x · scale + offset (keras.layers.Rescaling); e.g. scale 1/255 for pixel values. */
export class Rescaling extends Layer {
  readonly scale: number;
  readonly offset: number;

  constructor(scale: number, options: RescalingOptions = {}) {
    checkOptions('Rescaling', options, ['offset', 'name', 'trainable', 'inputShape', 'batchInputShape', 'dtype']);
    super('Rescaling', options);
    const offset = options.offset ?? 0;
    for (const [key, value] of [
      ['scale', scale],
      ['offset', offset],
    ] as const) {
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new ValueError(`Rescaling ${key} must be a finite number, got ${String(value)}`);
      }
    }
    this.scale = scale;
    this.offset = offset;
  }

  /** Rebuilds a Rescaling layer from getConfig() output. */
  static fromConfig(config: LayerConfig): Rescaling {
    return new Rescaling(config.scale as number, {
      ...layerArgsFromConfig(config),
      offset: (config.offset as number | undefined) ?? 0,
    });
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), scale: this.scale, offset: this.offset };
  }

  override createStep(options: StepOptions): LayerStep {
    const { maxRows, input, inputGrad } = options;
    const cols = this.inputShape!.reduce((a, b) => a * b, 1);
    const output = options.alloc(maxRows * cols);
    const outputGrad = options.withGradients ? options.alloc(maxRows * cols) : null;
    const { scale, offset } = this;
    return {
      output,
      outputGrad,
      forward: (rows) => {
        for (let i = 0; i < rows * cols; i++) output[i] = input[i] * scale + offset;
      },
      backward: (rows) => {
        if (inputGrad === null || outputGrad === null) return;
        for (let i = 0; i < rows * cols; i++) inputGrad[i] = outputGrad[i] * scale;
      },
    };
  }
}
