// The base of the optimizers that keep running moments with Keras's β1, β2 and ε: Adam, AdamW, Adamax, Nadam.
// One place for their options, defaults (0.9, 0.999, 1e-7, learning rate 0.001), checks and config.
import { type OptimizerConfig, type OptimizerOptions, Optimizer, checkPositive, checkRate } from './optimizer.ts';

/** β1, β2 and ε (keras.optimizers.Adam's beta_1, beta_2, epsilon). */
export interface MomentOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

export abstract class MomentOptimizer extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  /** `ownKeys`: the subclass's option keys besides beta1, beta2 and epsilon. */
  protected constructor(
    className: string,
    defaultName: string,
    options: MomentOptions,
    ownKeys: readonly string[] = [],
  ) {
    super(className, defaultName, 0.001, options, ['beta1', 'beta2', 'epsilon', ...ownKeys]);
    this.beta1 = checkRate('beta1', options.beta1 ?? 0.9, className);
    this.beta2 = checkRate('beta2', options.beta2 ?? 0.999, className);
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, className, true);
  }

  protected ownConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
