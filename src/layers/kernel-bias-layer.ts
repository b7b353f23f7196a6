// The base of the layers that compute activation(x ⊛ kernel + bias): Dense, Conv1D, Conv2D. One place for
// what they share with Keras's: the activation, use_bias, the two initializers (a seed for the kernel's when
// it has none), the regularizers and constraints, the weight names and their initialization.
import { type ActivationId, type ActivationName, getActivation } from '../activations.ts';
import type { Constraint } from '../constraints.ts';
import { type InitializerConfig, type InitializerId, getInitializer, initialize } from '../initializers.ts';
import type { Generator } from '../random/generator.ts';
import type { Regularizer } from '../regularizers.ts';
import { KernelBiasRegularization, type KernelBiasRegularizationOptions } from './kernel-bias-regularization.ts';
import { type LayerArgs, type LayerConfig, Layer } from './layer.ts';

/** The options these layers share (Keras keyword arguments of the same names, camelCase). */
export interface KernelBiasOptions extends LayerArgs, KernelBiasRegularizationOptions {
  activation?: ActivationId | null;
  useBias?: boolean;
  kernelInitializer?: InitializerId | InitializerConfig;
  biasInitializer?: InitializerId | InitializerConfig;
  /** Seed for the kernel initializer when it has none of its own. */
  seed?: number;
}

export abstract class KernelBiasLayer extends Layer {
  readonly activation: ActivationName;
  readonly useBias: boolean;
  readonly kernelInitializer: InitializerConfig;
  readonly biasInitializer: InitializerConfig;
  protected readonly regularization: KernelBiasRegularization;

  protected constructor(className: string, options: KernelBiasOptions) {
    super(className, options);
    this.activation = getActivation(options.activation);
    this.useBias = options.useBias ?? true;
    const kernel = getInitializer(options.kernelInitializer ?? 'glorot_uniform');
    if (options.seed !== undefined && kernel.config.seed === null) kernel.config.seed = options.seed;
    this.kernelInitializer = kernel;
    this.biasInitializer = getInitializer(options.biasInitializer ?? 'zeros');
    this.regularization = new KernelBiasRegularization(options);
  }

  get kernelRegularizer(): Regularizer | null {
    return this.regularization.kernelRegularizer;
  }

  get biasRegularizer(): Regularizer | null {
    return this.regularization.biasRegularizer;
  }

  get activityRegularizer(): Regularizer | null {
    return this.regularization.activityRegularizer;
  }

  get kernelConstraint(): Constraint | null {
    return this.regularization.kernelConstraint;
  }

  get biasConstraint(): Constraint | null {
    return this.regularization.biasConstraint;
  }

  override get weightNames(): string[] {
    return this.useBias ? ['kernel', 'bias'] : ['kernel'];
  }

  protected override initializeWeights(generator: Generator): void {
    const [kernelShape, biasShape] = this.weightShapes(this.inputShape!);
    initialize(this.kernelInitializer, kernelShape, this.weightValues[0], generator);
    if (this.useBias) initialize(this.biasInitializer, biasShape, this.weightValues[1], generator);
  }

  /** The shared part of getConfig(): activation, use_bias, the initializers, regularizers and constraints. */
  protected kernelBiasConfig(): LayerConfig {
    return {
      activation: this.activation,
      useBias: this.useBias,
      kernelInitializer: { className: this.kernelInitializer.className, config: { ...this.kernelInitializer.config } },
      biasInitializer: { className: this.biasInitializer.className, config: { ...this.biasInitializer.config } },
      ...this.regularization.getConfig(),
    };
  }

  /** The shared options back from a stored config (fromConfig). */
  static kernelBiasOptionsFromConfig(config: LayerConfig): KernelBiasOptions {
    return {
      activation: (config.activation as ActivationName | null | undefined) ?? 'linear',
      useBias: (config.useBias as boolean | undefined) ?? true,
      kernelInitializer:
        (config.kernelInitializer as InitializerId | InitializerConfig | undefined) ?? 'glorot_uniform',
      biasInitializer: (config.biasInitializer as InitializerId | InitializerConfig | undefined) ?? 'zeros',
      ...KernelBiasRegularization.optionsFromConfig(config),
    };
  }
}
