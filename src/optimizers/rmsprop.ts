import type { Backend } from '../backend/backend.ts';
import {
  type OptimizerConfig,
  type OptimizerOptions,
  type UpdateRange,
  Optimizer,
  checkPositive,
  checkRate,
} from './optimizer.ts';

/** Options of RMSprop (keras.optimizers.RMSprop). */
export interface RMSpropOptions extends OptimizerOptions {
  rho?: number;
  momentum?: number;
  epsilon?: number;
  centered?: boolean;
}

/** RMSprop, Keras 3 form with ε inside the square root (keras.optimizers.RMSprop); the default of compile(). */
export class RMSprop extends Optimizer {
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;

  constructor(options: RMSpropOptions = {}) {
    super('RMSprop', 'rmsprop', 0.001, options, ['rho', 'momentum', 'epsilon', 'centered']);
    this.rho = checkRate('rho', options.rho ?? 0.9, 'RMSprop');
    this.momentum = checkRate('momentum', options.momentum ?? 0, 'RMSprop');
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, 'RMSprop', true);
    this.centered = options.centered ?? false;
  }

  protected slotNames(): string[] {
    const names = ['velocity'];
    if (this.momentum > 0) names.push('momentum');
    if (this.centered) names.push('average_gradient');
    return names;
  }

  protected updateRange(backend: Backend, range: UpdateRange, _t: number, lr: number): void {
    const mom = this.momentum > 0 ? range.slots[1] : null;
    if (!this.centered) {
      backend.rmspropUpdate(
        range.params,
        range.grads,
        range.slots[0],
        mom,
        range.length,
        lr,
        this.rho,
        this.momentum,
        this.epsilon,
      );
      return;
    }
    centeredUpdate(range, mom, range.slots[range.slots.length - 1], lr, this.rho, this.momentum, this.epsilon);
  }

  protected ownConfig(): OptimizerConfig {
    return { rho: this.rho, momentum: this.momentum, epsilon: this.epsilon, centered: this.centered };
  }
}

/** Centered RMSprop (denominator v − a² + ε) in plain TypeScript: no fused kernel for it. */
function centeredUpdate(
  range: UpdateRange,
  mom: Float32Array | null,
  avg: Float32Array,
  lr: number,
  rho: number,
  momentum: number,
  epsilon: number,
): void {
  const {
    params,
    grads,
    slots: [v],
  } = range;
  for (let i = 0; i < range.length; i++) {
    const g = grads[i];
    v[i] = rho * v[i] + (1 - rho) * g * g;
    avg[i] = rho * avg[i] + (1 - rho) * g;
    const increment = (lr * g) / Math.sqrt(v[i] - avg[i] * avg[i] + epsilon);
    if (mom === null) params[i] -= increment;
    else {
      mom[i] = momentum * mom[i] + increment;
      params[i] -= mom[i];
    }
  }
}
