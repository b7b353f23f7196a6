import type { Backend } from '../backend/backend.ts';
import { referenceAmsgradUpdate } from '../backend/reference/optimizers.ts';
import {
  type OptimizerConfig,
  type OptimizerOptions,
  type UpdateRange,
  Optimizer,
  checkPositive,
  checkRate,
} from './optimizer.ts';

/** Options of Adam (keras.optimizers.Adam). */
export interface AdamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  amsgrad?: boolean;
}

/** Adam with Keras's bias correction folded into the step size and ε added after the sqrt (keras.optimizers.Adam). */
export class Adam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;

  constructor(options: AdamOptions = {}) {
    super('Adam', 'adam', 0.001, options, ['beta1', 'beta2', 'epsilon', 'amsgrad']);
    this.beta1 = checkRate('beta1', options.beta1 ?? 0.9, 'Adam');
    this.beta2 = checkRate('beta2', options.beta2 ?? 0.999, 'Adam');
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, 'Adam', true);
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

/** One Adam update of a range (shared with AdamW, which differs only in its default weight decay). */
export function adamStep(
  backend: Backend,
  range: UpdateRange,
  t: number,
  lr: number,
  settings: { beta1: number; beta2: number; epsilon: number; amsgrad: boolean },
): void {
  const { beta1, beta2, epsilon, amsgrad } = settings;
  const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
  if (!amsgrad) {
    backend.adamUpdate(
      range.params,
      range.grads,
      range.slots[0],
      range.slots[1],
      range.length,
      alpha,
      beta1,
      beta2,
      epsilon,
    );
    return;
  }
  // No fused kernel for the AMSGrad variant: the reference loop serves every backend.
  const {
    params,
    grads,
    slots: [m, v, vHat],
  } = range;
  referenceAmsgradUpdate(params, grads, m, v, vHat, range.length, alpha, beta1, beta2, epsilon);
}
