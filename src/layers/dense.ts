import { needsPreActivation } from '../backend/kernel-checks.ts';
import type { MatmulOptions } from '../backend/backend.ts';
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import type { RegularizedCall } from './kernel-bias-regularization.ts';
import { KernelBiasLayer, type KernelBiasOptions } from './kernel-bias-layer.ts';
import { type LayerConfig, type LayerStep, type StepOptions, layerArgsFromConfig } from './layer.ts';
import { checkOptions } from '../options.ts';
import { DENSE_KEYS } from '../option-keys.ts';

// The backward pass's product options, made once rather than per step.
const TRANSPOSE_A: MatmulOptions = { transA: true };
const TRANSPOSE_B: MatmulOptions = { transB: true };

/** Options of Dense (keras.layers.Dense keyword arguments, camelCase). */
export type DenseOptions = KernelBiasOptions;

/** A fully connected layer, y = activation(x · kernel + bias) (keras.layers.Dense). */
export class Dense extends KernelBiasLayer {
  readonly units: number;

  constructor(units: number, options: DenseOptions = {}) {
    super('Dense', options);
    checkOptions('Dense', options, DENSE_KEYS);
    if (!Number.isInteger(units) || units < 1) {
      throw new ValueError(`Dense units must be a positive integer, got ${String(units)}`);
    }
    this.units = units;
  }

  /** Rebuilds a Dense layer from getConfig() output (Dense.from_config). */
  static fromConfig(config: LayerConfig): Dense {
    return new Dense(config.units as number, {
      ...layerArgsFromConfig(config),
      ...KernelBiasLayer.kernelBiasOptionsFromConfig(config),
    });
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    const inputDim = inputShape[inputShape.length - 1];
    return this.useBias ? [[inputDim, this.units], [this.units]] : [[inputDim, this.units]];
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (inputShape.length !== 1) {
      throw new ShapeError(
        `layer '${this.name}' (Dense) expects input of shape (None, features), got ${formatShape([null, ...inputShape])}: ` +
          'add a Flatten layer before it or reshape the data',
      );
    }
    return [this.units];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), units: this.units, ...this.kernelBiasConfig() };
  }

  override createStep(options: StepOptions): LayerStep {
    const { backend, maxRows, input, inputGrad } = options;
    const inputDim = this.inputShape![0];
    const units = this.units;
    const activation = options.activationOverride ?? this.activation;
    const [kernel, bias] = this.weightValues;
    const [kernelGrad, biasGrad] = this.weightGrads;
    const useBias = this.useBias;
    const output = options.alloc(maxRows * units);
    const outputGrad = options.withGradients ? options.alloc(maxRows * units) : null;
    // gelu, silu, mish and hard_silu differentiate from their input: keep x·kernel + bias for the backward pass.
    const pre = options.withGradients && needsPreActivation(activation) ? options.alloc(maxRows * units) : null;
    const regularization = this.regularization;
    const call: RegularizedCall = {
      layerName: this.name,
      trainable: () => this.trainable,
      kernel,
      kernelShape: [inputDim, units],
      bias: useBias ? bias : null,
      output,
      outputWidth: units,
      activation,
      layerActivation: this.activation,
      repeatCall: options.repeatCall === true,
    };
    return {
      output,
      outputGrad,
      ...regularization.stepHooks(call),
      forward: (rows) => {
        backend.matmul(input, kernel, output, rows, inputDim, units);
        if (pre === null) {
          backend.biasActivation(output, useBias ? bias : null, rows, units, activation);
          return;
        }
        backend.biasActivation(output, useBias ? bias : null, rows, units, 'linear');
        pre.set(output.subarray(0, rows * units));
        backend.biasActivation(output, null, rows, units, activation);
      },
      backward: (rows) => {
        const dz = outputGrad!;
        regularization.addActivityGradient(call, dz, rows);
        if (activation !== 'linear') backend.activationGrad(output, dz, dz, rows, units, activation, pre);
        if (this.trainable) {
          backend.matmul(input, dz, kernelGrad, inputDim, rows, units, TRANSPOSE_A);
          if (useBias) backend.sumRows(dz, biasGrad, rows, units);
          regularization.addWeightGradients(call, kernelGrad, useBias ? biasGrad : null);
        }
        if (inputGrad !== null) backend.matmul(dz, kernel, inputGrad, rows, units, inputDim, TRANSPOSE_B);
      },
    };
  }
}
