import type { Backend } from '../backend/backend.ts';
import { type MomentOptions, MomentOptimizer } from './moment-optimizer.ts';
import type { UpdateRange } from './optimizer.ts';

/** Options of Adamax (keras.optimizers.Adamax). */
export type AdamaxOptions = MomentOptions;

/** Adam with the infinity norm (keras.optimizers.Adamax): u = max(β2·u, |g|), w −= lr·m / ((1 − β1^t)(u + ε)). */
export class Adamax extends MomentOptimizer {
  constructor(options: AdamaxOptions = {}) {
    super('Adamax', 'adamax', options);
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
}
