// One rate maximized under a bound on another, over evenly spaced thresholds (keras.metrics.PrecisionAtRecall,
// RecallAtPrecision, SensitivityAtSpecificity, SpecificityAtSensitivity); see docs/losses-and-metrics.md.
import { ValueError } from '../errors.ts';
import { AT_CONSTRAINT_KEYS } from '../option-keys.ts';
import { checkOptions } from '../options.ts';
import { type MetricBatch, type MetricOptions, Metric, divideNoNan, targetAt, weightAt } from './metric.ts';
import { type Confusion, ThresholdCounts, checkClassId, optionalInteger } from './threshold-counts.ts';

/** Options of the four metrics besides their bound. */
export interface AtConstraintOptions extends MetricOptions {
  /** Thresholds 0, 1/(n−1), …, 1 (default 200; 1 gives the single threshold 0.5). */
  numThresholds?: number;
  /** Score one output column only. */
  classId?: number;
}

type Rate = (c: Confusion, i: number) => number;
const sensitivity: Rate = (c, i) => divideNoNan(c.tp[i], c.tp[i] + c.fn[i]);
const specificity: Rate = (c, i) => divideNoNan(c.tn[i], c.tn[i] + c.fp[i]);
const precision: Rate = (c, i) => divideNoNan(c.tp[i], c.tp[i] + c.fp[i]);

/** The largest `maximized` over the thresholds where `bounded` ≥ the bound, 0 where none (Keras's rule). */
abstract class AtConstraint extends Metric {
  readonly numThresholds: number;
  readonly classId: number | null;
  private readonly counts: ThresholdCounts;

  constructor(
    owner: string,
    defaultName: string,
    private readonly boundName: string,
    readonly bound: number,
    options: AtConstraintOptions,
    private readonly bounded: Rate,
    private readonly maximized: Rate,
  ) {
    checkOptions(owner, options, AT_CONSTRAINT_KEYS);
    super(defaultName, options.name);
    if (typeof bound !== 'number' || !(bound >= 0 && bound <= 1)) {
      throw new ValueError(`${owner}: ${boundName} must be a number in [0, 1], got ${String(bound)}`);
    }
    this.numThresholds = optionalInteger(owner, 'numThresholds', options.numThresholds, 1) ?? 200;
    this.classId = optionalInteger(owner, 'classId', options.classId, 0);
    const n = this.numThresholds;
    const thresholds = n === 1 ? [0.5] : Array.from({ length: n }, (_, i) => i / (n - 1));
    this.counts = new ThresholdCounts(thresholds, 1, n > 1);
  }

  update(b: MetricBatch): void {
    checkClassId(this.constructor.name, this.classId, b.cols);
    const first = this.classId ?? 0;
    const last = this.classId ?? b.cols - 1;
    for (let r = 0; r < b.rows; r++) {
      const w = weightAt(b, r);
      for (let j = first; j <= last; j++) {
        const actual = targetAt(b, r, j) !== 0;
        this.counts.add(b.predictions[r * b.cols + j], actual ? w : 0, actual ? 0 : w);
      }
    }
  }

  reset(): void {
    this.counts.reset();
  }

  result(): number {
    const c = this.counts.confusion();
    let best = 0;
    for (let i = 0; i < this.numThresholds; i++) {
      if (this.bounded(c, i) >= this.bound) best = Math.max(best, this.maximized(c, i));
    }
    return best;
  }

  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      [this.boundName]: this.bound,
      numThresholds: this.numThresholds,
      classId: this.classId,
    };
  }
}

/** The best sensitivity where specificity ≥ the bound (keras.metrics.SensitivityAtSpecificity). */
export class SensitivityAtSpecificity extends AtConstraint {
  constructor(specificityBound: number, options: AtConstraintOptions = {}) {
    super(
      'SensitivityAtSpecificity',
      'sensitivity_at_specificity',
      'specificity',
      specificityBound,
      options,
      specificity,
      sensitivity,
    );
  }
}

/** The best specificity where sensitivity ≥ the bound (keras.metrics.SpecificityAtSensitivity). */
export class SpecificityAtSensitivity extends AtConstraint {
  constructor(sensitivityBound: number, options: AtConstraintOptions = {}) {
    super(
      'SpecificityAtSensitivity',
      'specificity_at_sensitivity',
      'sensitivity',
      sensitivityBound,
      options,
      sensitivity,
      specificity,
    );
  }
}

/** The best precision where recall ≥ the bound (keras.metrics.PrecisionAtRecall). */
export class PrecisionAtRecall extends AtConstraint {
  constructor(recallBound: number, options: AtConstraintOptions = {}) {
    super('PrecisionAtRecall', 'precision_at_recall', 'recall', recallBound, options, sensitivity, precision);
  }
}

/** The best recall where precision ≥ the bound (keras.metrics.RecallAtPrecision). */
export class RecallAtPrecision extends AtConstraint {
  constructor(precisionBound: number, options: AtConstraintOptions = {}) {
    super('RecallAtPrecision', 'recall_at_precision', 'precision', precisionBound, options, precision, sensitivity);
  }
}
