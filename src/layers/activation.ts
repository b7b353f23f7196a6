import { type ActivationId, type ActivationName, getActivation } from '../activations.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';
import { checkOptions } from '../options.ts';
import { LAYER_ARG_KEYS } from '../option-keys.ts';

/** Applies an activation function to its input (keras.layers.Activation). */
export class Activation extends Layer {
  readonly activation: ActivationName;

  constructor(activation: ActivationId, options: LayerArgs = {}) {
    super('Activation', options);
    checkOptions('Activation', options, LAYER_ARG_KEYS);
    this.activation = getActivation(activation);
  }

  /** Rebuilds an Activation layer from getConfig() output. */
  static fromConfig(config: LayerConfig): Activation {
    return new Activation(config.activation as ActivationName, layerArgsFromConfig(config));
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), activation: this.activation };
  }

  override createStep(options: StepOptions): LayerStep {
    return activationStep(options, this.inputShape!, options.activationOverride ?? this.activation);
  }
}

/**
 * The step of a layer that applies one activation to its input (Activation, Softmax): softmax and log_softmax
 * work along the last axis, the other activations elementwise; 'linear' passes values and gradients through.
 */
export function activationStep(options: StepOptions, shape: readonly number[], activation: ActivationName): LayerStep {
  const { backend, maxRows, input, inputGrad } = options;
  const cols = shape[shape.length - 1];
  const rowsPerSample = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const output = options.alloc(maxRows * rowsPerSample * cols);
  const outputGrad = options.withGradients ? options.alloc(maxRows * rowsPerSample * cols) : null;
  return {
    output,
    outputGrad,
    forward: (rows) => {
      output.set(input.subarray(0, rows * rowsPerSample * cols));
      backend.biasActivation(output, null, rows * rowsPerSample, cols, activation);
    },
    backward: (rows) => {
      if (inputGrad === null || outputGrad === null) return;
      const r = rows * rowsPerSample;
      if (activation === 'linear') inputGrad.set(outputGrad.subarray(0, r * cols));
      else backend.activationGrad(output, outputGrad, inputGrad, r, cols, activation, input);
    },
  };
}
