import { ValueError } from '../errors.ts';
import { referenceFtrlUpdate } from '../backend/reference/optimizers.ts';
import {
  type OptimizerConfig,
  type OptimizerOptions,
  type UpdateRange,
  Optimizer,
  checkPositive,
} from './optimizer.ts';

/** Options of Ftrl (keras.optimizers.Ftrl). */
export interface FtrlOptions extends OptimizerOptions {
  learningRatePower?: number;
  initialAccumulatorValue?: number;
  l1RegularizationStrength?: number;
  l2RegularizationStrength?: number;
  l2ShrinkageRegularizationStrength?: number;
  beta?: number;
}

const OWN_KEYS = [
  'learningRatePower',
  'initialAccumulatorValue',
  'l1RegularizationStrength',
  'l2RegularizationStrength',
  'l2ShrinkageRegularizationStrength',
  'beta',
];

/**
 * Follow The Regularized Leader, FTRL-proximal (keras.optimizers.Ftrl), with online L1/L2 regularization, L2
 * shrinkage and the paper's β (added to L2 as β/(2·lr)).
 */
export class Ftrl extends Optimizer {
  readonly learningRatePower: number;
  readonly initialAccumulatorValue: number;
  readonly l1RegularizationStrength: number;
  readonly l2RegularizationStrength: number;
  readonly l2ShrinkageRegularizationStrength: number;
  readonly beta: number;

  constructor(options: FtrlOptions = {}) {
    super('Ftrl', 'ftrl', 0.001, options, OWN_KEYS);
    const power = options.learningRatePower ?? -0.5;
    if (typeof power !== 'number' || !Number.isFinite(power) || power > 0) {
      throw new ValueError(
        `Ftrl: \`learningRatePower\` needs to be negative or zero. Received: learningRatePower=${String(power)}`,
      );
    }
    this.learningRatePower = power;
    this.initialAccumulatorValue = checkPositive(
      'initialAccumulatorValue',
      options.initialAccumulatorValue ?? 0.1,
      'Ftrl',
      true,
    );
    this.l1RegularizationStrength = checkPositive(
      'l1RegularizationStrength',
      options.l1RegularizationStrength ?? 0,
      'Ftrl',
      true,
    );
    this.l2RegularizationStrength = checkPositive(
      'l2RegularizationStrength',
      options.l2RegularizationStrength ?? 0,
      'Ftrl',
      true,
    );
    this.l2ShrinkageRegularizationStrength = checkPositive(
      'l2ShrinkageRegularizationStrength',
      options.l2ShrinkageRegularizationStrength ?? 0,
      'Ftrl',
      true,
    );
    const beta = options.beta ?? 0;
    if (typeof beta !== 'number' || !Number.isFinite(beta))
      throw new ValueError(`Ftrl: \`beta\` must be a finite number, got ${String(beta)}`);
    this.beta = beta;
  }

  protected slotNames(): string[] {
    return ['accumulator', 'linear'];
  }

  protected override initialSlotValue(slot: string): number {
    return slot === 'accumulator' ? this.initialAccumulatorValue : 0;
  }

  // No fused kernel (docs/optimizers.md): the reference loop serves every backend.
  protected updateRange(_backend: unknown, range: UpdateRange, _t: number, lr: number): void {
    const {
      params,
      grads,
      slots: [accumulator, linear],
    } = range;
    referenceFtrlUpdate(params, grads, accumulator, linear, range.length, lr, {
      learningRatePower: this.learningRatePower,
      l1: this.l1RegularizationStrength,
      l2: this.l2RegularizationStrength + this.beta / (2 * lr),
      l2Shrinkage: this.l2ShrinkageRegularizationStrength,
    });
  }

  protected ownConfig(): OptimizerConfig {
    return {
      learningRatePower: this.learningRatePower,
      initialAccumulatorValue: this.initialAccumulatorValue,
      l1RegularizationStrength: this.l1RegularizationStrength,
      l2RegularizationStrength: this.l2RegularizationStrength,
      l2ShrinkageRegularizationStrength: this.l2ShrinkageRegularizationStrength,
      beta: this.beta,
    };
  }
}
