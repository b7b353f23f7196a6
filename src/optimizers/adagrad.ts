import type { Backend } from '../backend/backend.ts';
import {
  type OptimizerConfig,
  type OptimizerOptions,
  type UpdateRange,
  Optimizer,
  checkPositive,
} from './optimizer.ts';

/** Options of Adagrad (keras.optimizers.Adagrad). */
export interface AdagradOptions extends OptimizerOptions {
  initialAccumulatorValue?: number;
  epsilon?: number;
}

/** Adagrad, Keras 3 form: acc += g², w −= lr·g/sqrt(acc + ε) (keras.optimizers.Adagrad). */
export class Adagrad extends Optimizer {
  readonly initialAccumulatorValue: number;
  readonly epsilon: number;

  constructor(options: AdagradOptions = {}) {
    super('Adagrad', 'adagrad', 0.001, options, ['initialAccumulatorValue', 'epsilon']);
    this.initialAccumulatorValue = checkPositive(
      'initialAccumulatorValue',
      options.initialAccumulatorValue ?? 0.1,
      'Adagrad',
      true,
    );
    this.epsilon = checkPositive('epsilon', options.epsilon ?? 1e-7, 'Adagrad', true);
  }

  protected slotNames(): string[] {
    return ['accumulator'];
  }

  protected override initialSlotValue(): number {
    return this.initialAccumulatorValue;
  }

  protected updateRange(backend: Backend, range: UpdateRange, _t: number, lr: number): void {
    backend.adagradUpdate(range.params, range.grads, range.slots[0], range.length, lr, this.epsilon);
  }

  protected ownConfig(): OptimizerConfig {
    return { initialAccumulatorValue: this.initialAccumulatorValue, epsilon: this.epsilon };
  }
}
