import type { Backend } from '../backend/backend.ts';
import {
  type OptimizerConfig,
  type OptimizerOptions,
  type UpdateRange,
  Optimizer,
  checkPositive,
  checkRate,
} from './optimizer.ts';

/** Options of Adamax (keras.optimizers.Adamax). */
export interface AdamaxOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Adam with the infinity norm (keras.optimizers.Adamax): u = max(β2·u, |g|), w −= lr·m / ((1 − β1^t)(u + ε)). */
export class Adamax extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;

  constructor(options: AdamaxOptions = {}) {
    super('Adamax', 'adamax', 0.001, options, ['beta1', 'beta2', 'epsilon']);
    this.beta1 = checkRate('beta1', options.beta1 ?? 0.9, 'Adamax');
    this.beta2 = checkRate('beta2', options.beta2 ?? 0.999, 'Adamax');
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, 'Adamax', true);
  }

  protected slotNames(): string[] {
    return ['momentum', 'norm'];
  }

  protected updateRange(backend: Backend, range: UpdateRange, t: number, lr: number): void {
    const {
      params,
      grads,
      slots: [m, u],
    } = range;
    backend.adamaxUpdate(
      params,
      grads,
      m,
      u,
      range.length,
      lr,
      this.beta1,
      this.beta2,
      this.epsilon,
      1 - this.beta1 ** t,
    );
  }

  protected ownConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
