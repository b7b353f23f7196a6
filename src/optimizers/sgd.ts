import type { Backend } from '../backend/backend.ts';
import { type OptimizerConfig, type OptimizerOptions, type UpdateRange, Optimizer, checkPositive } from './optimizer.ts';
import { checkOptions } from '../options.ts';
import { SGD_KEYS } from '../option-keys.ts';

/** Options of SGD (keras.optimizers.SGD). */
export interface SGDOptions extends OptimizerOptions {
  momentum?: number;
  nesterov?: boolean;
}

/** Gradient descent with optional (Nesterov) momentum, Keras 3 formulas (keras.optimizers.SGD). */
export class SGD extends Optimizer {
  readonly momentum: number;
  readonly nesterov: boolean;

  constructor(options: SGDOptions = {}) {
    super('SGD', 'SGD', 0.01, options);
    checkOptions('SGD', options, SGD_KEYS);
    this.momentum = checkPositive('momentum', options.momentum ?? 0, 'SGD', true);
    this.nesterov = options.nesterov ?? false;
  }

  protected slotNames(): string[] {
    // Keras 3 creates the momentum slot only when momentum is used.
    return this.momentum !== 0 ? ['momentum'] : [];
  }

  protected updateRange(backend: Backend, range: UpdateRange): void {
    backend.sgdUpdate(range.params, range.grads, range.slots[0] ?? null, range.length, this.learningRate, this.momentum, this.nesterov);
  }

  protected ownConfig(): OptimizerConfig {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}
