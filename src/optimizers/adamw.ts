import type { Backend } from '../backend/backend.ts';
import { ValueError } from '../errors.ts';
import { adamStep } from './adam.ts';
import {
  type OptimizerConfig,
  type OptimizerOptions,
  type UpdateRange,
  Optimizer,
  checkPositive,
  checkRate,
} from './optimizer.ts';

/** Options of AdamW (keras.optimizers.AdamW); weightDecay defaults to 0.004 and cannot be null. */
export interface AdamWOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

/**
 * Adam with decoupled weight decay (keras.optimizers.AdamW): the base optimizer's w ← w − w·wd·lr before Adam's
 * update, with wd 0.004 by default; the update itself is Adam's (and uses Adam's fused kernel).
 */
export class AdamW extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(options: AdamWOptions = {}) {
    if (options.weightDecay === null) {
      throw new ValueError('AdamW: argument `weightDecay` must be a number. Received: weightDecay=null');
    }
    super('AdamW', 'adamw', 0.001, { ...options, weightDecay: options.weightDecay ?? 0.004 }, [
      'beta1',
      'beta2',
      'epsilon',
      'amsgrad',
    ]);
    this.beta1 = checkRate('beta1', options.beta1 ?? 0.9, 'AdamW');
    this.beta2 = checkRate('beta2', options.beta2 ?? 0.999, 'AdamW');
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, 'AdamW', true);
    this.amsgrad = options.amsgrad ?? false;
  }

  protected slotNames(): string[] {
    return this.amsgrad ? ['momentum', 'velocity', 'velocity_hat'] : ['momentum', 'velocity'];
  }

  protected updateRange(backend: Backend, range: UpdateRange, t: number, lr: number): void {
    adamStep(backend, range, t, lr, this);
  }

  protected ownConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, amsgrad: this.amsgrad };
  }
}
