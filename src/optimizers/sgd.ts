import type { Backend } from '../backend/backend.ts';
import { ValueError } from '../errors.ts';
import { type OptimizerConfig, type OptimizerOptions, type UpdateRange, Optimizer } from './optimizer.ts';

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
    super('SGD', 'SGD', 0.01, options, ['momentum', 'nesterov']);
    this.momentum = checkMomentum(options.momentum ?? 0);
    this.nesterov = options.nesterov ?? false;
  }

  protected slotNames(): string[] {
    // Keras 3 creates the momentum slot only when momentum is used.
    return this.momentum !== 0 ? ['momentum'] : [];
  }

  protected updateRange(backend: Backend, range: UpdateRange, _t: number, lr: number): void {
    backend.sgdUpdate(
      range.params,
      range.grads,
      range.slots[0] ?? null,
      range.length,
      lr,
      this.momentum,
      this.nesterov,
    );
  }

  protected ownConfig(): OptimizerConfig {
    return { momentum: this.momentum, nesterov: this.nesterov };
  }
}

// Keras refuses a momentum outside [0, 1] (1 itself is accepted).
function checkMomentum(value: number): number {
  if (typeof value !== 'number' || !(value >= 0 && value <= 1)) {
    throw new ValueError(`SGD momentum must be a number in [0, 1], got ${String(value)}`);
  }
  return value;
}
