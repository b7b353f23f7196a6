import type { Backend } from '../backend/backend.ts';
import { referenceAmsgradUpdate } from '../backend/reference/optimizers.ts';
import { type MomentOptions, MomentOptimizer } from './moment-optimizer.ts';
import type { OptimizerConfig, UpdateRange } from './optimizer.ts';

/** Options of Adam (keras.optimizers.Adam). */
export interface AdamOptions extends MomentOptions {
  amsgrad?: boolean;
}

/**
 * Adam's update, with Keras's bias correction folded into the step size and ε added after the sqrt; the base of
 * Adam and AdamW, which differ only in AdamW's default weight decay (Keras's AdamW extends Adam).
 */
export abstract class AdamUpdate extends MomentOptimizer {
  readonly amsgrad: boolean;

  protected constructor(className: string, defaultName: string, options: AdamOptions) {
    super(className, defaultName, options, ['amsgrad']);
    this.amsgrad = options.amsgrad ?? false;
  }

  protected slotNames(): string[] {
    return this.amsgrad ? ['momentum', 'velocity', 'velocity_hat'] : ['momentum', 'velocity'];
  }

  protected updateRange(backend: Backend, range: UpdateRange, t: number, lr: number): void {
    const { beta1, beta2, epsilon } = this;
    const alpha = (lr * Math.sqrt(1 - beta2 ** t)) / (1 - beta1 ** t);
    const {
      params,
      grads,
      slots: [m, v, vHat],
    } = range;
    if (!this.amsgrad) {
      backend.adamUpdate(params, grads, m, v, range.length, alpha, beta1, beta2, epsilon);
      return;
    }
    // No fused kernel for the AMSGrad variant: the reference loop serves every backend.
    referenceAmsgradUpdate(params, grads, m, v, vHat, range.length, alpha, beta1, beta2, epsilon);
  }

  protected override ownConfig(): OptimizerConfig {
    return { ...super.ownConfig(), amsgrad: this.amsgrad };
  }
}

/** Adam (keras.optimizers.Adam). */
export class Adam extends AdamUpdate {
  constructor(options: AdamOptions = {}) {
    super('Adam', 'adam', options);
  }
}
