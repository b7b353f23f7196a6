import type { Backend } from '../backend/backend.ts';
import { type MomentOptions, MomentOptimizer } from './moment-optimizer.ts';
import type { UpdateRange } from './optimizer.ts';

/** Options of Nadam (keras.optimizers.Nadam). */
export type NadamOptions = MomentOptions;

/** Keras's fixed momentum-cache decay: μ_t = β1(1 − 0.5·0.96^t). */
const MOMENTUM_CACHE_DECAY = 0.96;

/**
 * Adam with Nesterov momentum, Dozat's schedule of momentum caches (keras.optimizers.Nadam). The product of the
 * caches μ_1…μ_t is optimizer state (Keras's u_product variable), saved after the slots.
 */
export class Nadam extends MomentOptimizer {
  private uProduct = 1;
  // This step's m̂ = momentumWeight·m + gradientWeight·g and v̂ = v / velocityCorrection.
  private momentumWeight = 0;
  private gradientWeight = 0;
  private velocityCorrection = 1;

  constructor(options: NadamOptions = {}) {
    super('Nadam', 'nadam', options);
  }

  protected slotNames(): string[] {
    return ['momentum', 'velocity'];
  }

  /** Advances the cache product once per step, before any variable is updated (as Keras's _backend_update_step). */
  protected override beforeUpdate(t: number): void {
    const uT = this.beta1 * (1 - 0.5 * MOMENTUM_CACHE_DECAY ** t);
    const uT1 = this.beta1 * (1 - 0.5 * MOMENTUM_CACHE_DECAY ** (t + 1));
    // Kept in float32, as Keras's u_product variable (and as files store it), so a resumed run continues exactly.
    this.uProduct = Math.fround(this.uProduct * uT);
    // m̂ = μ_{t+1}·m/(1 − Πμ·μ_{t+1}) + (1 − μ_t)·g/(1 − Πμ); v̂ = v/(1 − β2^t).
    this.momentumWeight = uT1 / (1 - this.uProduct * uT1);
    this.gradientWeight = (1 - uT) / (1 - this.uProduct);
    this.velocityCorrection = 1 - this.beta2 ** t;
  }

  protected updateRange(backend: Backend, range: UpdateRange, _t: number, lr: number): void {
    const {
      params,
      grads,
      slots: [m, v],
    } = range;
    backend.nadamUpdate(
      params,
      grads,
      m,
      v,
      range.length,
      lr,
      this.beta1,
      this.beta2,
      this.epsilon,
      this.momentumWeight,
      this.gradientWeight,
      this.velocityCorrection,
    );
  }

  protected override extraStateNames(): string[] {
    return ['u_product'];
  }

  protected override getExtraState(): number[] {
    return [this.uProduct];
  }

  protected override setExtraState(values: number[]): void {
    this.uProduct = values[0];
  }
}
