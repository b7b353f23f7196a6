import type { Backend } from '../backend/backend.ts';
import {
  type OptimizerConfig,
  type OptimizerOptions,
  type UpdateRange,
  Optimizer,
  checkPositive,
  checkRate,
} from './optimizer.ts';

/** Options of Adadelta (keras.optimizers.Adadelta). */
export interface AdadeltaOptions extends OptimizerOptions {
  rho?: number;
  epsilon?: number;
}

/**
 * Adadelta (keras.optimizers.Adadelta): steps scaled by the ratio of running RMS of updates and gradients, times
 * lr (0.001 by default, as Keras; the paper's form is lr 1.0).
 */
export class Adadelta extends Optimizer {
  readonly rho: number;
  readonly epsilon: number;

  constructor(options: AdadeltaOptions = {}) {
    super('Adadelta', 'adadelta', 0.001, options, ['rho', 'epsilon']);
    this.rho = checkRate('rho', options.rho ?? 0.95, 'Adadelta');
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, 'Adadelta', true);
  }

  protected slotNames(): string[] {
    return ['accumulated_grad', 'accumulated_delta_var'];
  }

  protected updateRange(backend: Backend, range: UpdateRange, _t: number, lr: number): void {
    const {
      params,
      grads,
      slots: [accGrad, accDelta],
    } = range;
    backend.adadeltaUpdate(params, grads, accGrad, accDelta, range.length, lr, this.rho, this.epsilon);
  }

  protected ownConfig(): OptimizerConfig {
    return { rho: this.rho, epsilon: this.epsilon };
  }
}
