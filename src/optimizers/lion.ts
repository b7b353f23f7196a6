import { ValueError } from '../errors.ts';
import type { Backend } from '../backend/backend.ts';
import { type OptimizerConfig, type OptimizerOptions, type UpdateRange, Optimizer } from './optimizer.ts';

/** Options of Lion (keras.optimizers.Lion). */
export interface LionOptions extends OptimizerOptions {
  beta1?: number;
  beta2?: number;
}

/** Sign momentum (keras.optimizers.Lion): w −= lr·sign(β1·m + (1 − β1)g), then m = β2·m + (1 − β2)g. */
export class Lion extends Optimizer {
  readonly beta1: number;
  readonly beta2: number;

  constructor(options: LionOptions = {}) {
    super('Lion', 'lion', 0.001, options, ['beta1', 'beta2']);
    this.beta1 = options.beta1 ?? 0.9;
    this.beta2 = options.beta2 ?? 0.99;
    // As Keras: β1 = 0 would make Lion plain sign SGD.
    if (typeof this.beta1 !== 'number' || !(this.beta1 > 0 && this.beta1 <= 1)) {
      throw new ValueError(
        `Lion: argument \`beta1\` must be in the (0, 1] range. Otherwise, the optimizer degenerates to SignSGD. Received: beta1=${String(this.beta1)}`,
      );
    }
    if (typeof this.beta2 !== 'number' || !(this.beta2 >= 0 && this.beta2 <= 1)) {
      throw new ValueError(`Lion: argument \`beta2\` must be a number in [0, 1], got ${String(this.beta2)}`);
    }
  }

  protected slotNames(): string[] {
    return ['momentum'];
  }

  protected updateRange(backend: Backend, range: UpdateRange, _t: number, lr: number): void {
    backend.lionUpdate(range.params, range.grads, range.slots[0], range.length, lr, this.beta1, this.beta2);
  }

  protected ownConfig(): OptimizerConfig {
    return { beta1: this.beta1, beta2: this.beta2 };
  }
}
