import { type NadamStep, referenceNadamUpdate } from '../backend/reference/optimizers.ts';
import { type OptimizerConfig, type OptimizerOptions, type UpdateRange, Optimizer, checkPositive, checkRate } from './optimizer.ts';

/** Options of Nadam (keras.optimizers.Nadam). */
export interface NadamOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
}

/** Keras's fixed momentum-cache decay: μ_t = β1(1 − 0.5·0.96^t). */
const MOMENTUM_CACHE_DECAY = 0.96;

/**
 * Adam with Nesterov momentum, Dozat's schedule of momentum caches (keras.optimizers.Nadam). The product of the
 * caches μ_1…μ_t is optimizer state (Keras's u_product variable), saved after the slots.
 */
export class Nadam extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private uProduct = 1;
  private step: NadamStep = { uT: 0, uT1: 0, uProduct: 1, uProductNext: 1, beta2Correction: 1 };

  constructor(options: NadamOptions = {}) {
    super('Nadam', 'nadam', 0.001, options, ['beta1', 'beta2', 'epsilon']);
    this.beta1 = checkRate('beta1', options.beta1 ?? 0.9, 'Nadam');
    this.beta2 = checkRate('beta2', options.beta2 ?? 0.999, 'Nadam');
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, 'Nadam', true);
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
    this.step = { uT, uT1, uProduct: this.uProduct, uProductNext: this.uProduct * uT1, beta2Correction: 1 - this.beta2 ** t };
  }

  // No fused kernel: the reference loop serves every backend.
  protected updateRange(_backend: unknown, range: UpdateRange, _t: number, lr: number): void {
    const { params, grads, slots: [m, v] } = range;
    referenceNadamUpdate(params, grads, m, v, range.length, lr, this.beta1, this.beta2, this.epsilon, this.step);
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

  protected ownConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon };
  }
}
