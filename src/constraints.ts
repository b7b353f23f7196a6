// Weight constraints (keras.constraints), applied to a weight after each optimizer update, as Keras 3's
// optimizer does: MaxNorm, MinMaxNorm, UnitNorm (norms along `axis`, 0 by default) and NonNeg.
import { ValueError } from './errors.ts';
import { checkOptions, describeValue } from './options.ts';

/** A constraint as Keras serializes it: class name and config ({max_value: 2, axis: 0} in camelCase). */
export type ConstraintConfig = { className: string; config: Record<string, number | number[]> };

/** The constraint string ids (keras.constraints.get). */
export type ConstraintId = 'max_norm' | 'min_max_norm' | 'unit_norm' | 'non_neg';

/** Keras's backend epsilon, added to the norms before dividing. */
const EPSILON = 1e-7;

/** The base of the constraints (keras.constraints.Constraint). */
export abstract class Constraint implements ConstraintConfig {
  readonly className: string;
  readonly config: Record<string, number | number[]>;

  protected constructor(className: string, config: Record<string, number | number[]>) {
    this.className = className;
    this.config = config;
  }

  /** The Keras config (get_config). */
  getConfig(): Record<string, number | number[]> {
    return { ...this.config };
  }

  /** Projects the weight `values` (of `shape`) onto the constraint, in place (Constraint.__call__). */
  abstract apply(values: Float32Array, shape: readonly number[]): void;
}

/** Options of the norm constraints. */
export interface NormOptions {
  /** The axis (or axes) the norms are taken along: 0 for a Dense kernel gives one norm per unit. */
  axis?: number | number[];
}

/** A norm constraint: w · desired(‖w‖) / (ε + ‖w‖), norms along `axis`. */
abstract class NormConstraint extends Constraint {
  protected readonly axes: number[];
  private readonly groupCache = new Map<string, { groupOf: Int32Array; groups: number }>();

  protected constructor(className: string, config: Record<string, number | number[]>, axis: number | number[]) {
    super(className, { ...config, axis });
    this.axes = (Array.isArray(axis) ? axis : [axis]).map((a) => {
      if (!Number.isInteger(a))
        throw new ValueError(`${className}: axis must be an integer or a list of them, got ${describeValue(a)}`);
      return a;
    });
  }

  protected abstract desired(norm: number): number;

  apply(values: Float32Array, shape: readonly number[]): void {
    const { groupOf, groups } = this.groupsFor(shape);
    const squares = new Float64Array(groups);
    for (let k = 0; k < values.length; k++) squares[groupOf[k]] += values[k] * values[k];
    const scale = Float64Array.from(squares, (s) => {
      const norm = Math.sqrt(s);
      return this.desired(norm) / (EPSILON + norm);
    });
    for (let k = 0; k < values.length; k++) values[k] *= scale[groupOf[k]];
  }

  /** The norm group of each element (its index with the reduced axes dropped), computed once per shape. */
  private groupsFor(shape: readonly number[]): { groupOf: Int32Array; groups: number } {
    const key = shape.join('x');
    const cached = this.groupCache.get(key);
    if (cached !== undefined) return cached;
    const reduced = new Set(
      this.axes.map((a) => {
        const axis = a < 0 ? a + shape.length : a;
        if (axis < 0 || axis >= shape.length) {
          throw new ValueError(
            `${this.className}: axis ${a} is out of range for a weight of shape [${shape.join(', ')}]`,
          );
        }
        return axis;
      }),
    );
    const size = shape.reduce((p, d) => p * d, 1);
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((p, d) => p * d, 1));
    let groups = 1;
    const groupStrides = shape.map(() => 0);
    for (let i = shape.length - 1; i >= 0; i--) {
      if (reduced.has(i)) continue;
      groupStrides[i] = groups;
      groups *= shape[i];
    }
    const groupOf = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      let g = 0;
      for (let i = 0; i < shape.length; i++) g += (Math.floor(k / strides[i]) % shape[i]) * groupStrides[i];
      groupOf[k] = g;
    }
    const entry = { groupOf, groups };
    this.groupCache.set(key, entry);
    return entry;
  }
}

/** Norms capped at maxValue (keras.constraints.MaxNorm; maxValue 2, axis 0). */
export class MaxNorm extends NormConstraint {
  private readonly maxValue: number;

  constructor(options: NormOptions & { maxValue?: number } = {}) {
    checkOptions('MaxNorm', options, ['maxValue', 'axis']);
    const maxValue = positive('MaxNorm', 'maxValue', options.maxValue ?? 2);
    super('MaxNorm', { maxValue }, options.axis ?? 0);
    this.maxValue = maxValue;
  }

  protected desired(norm: number): number {
    return Math.min(norm, this.maxValue);
  }
}

/** Norms moved into [minValue, maxValue] at `rate` (keras.constraints.MinMaxNorm; 0, 1, rate 1, axis 0). */
export class MinMaxNorm extends NormConstraint {
  private readonly minValue: number;
  private readonly maxValue: number;
  private readonly rate: number;

  constructor(options: NormOptions & { minValue?: number; maxValue?: number; rate?: number } = {}) {
    checkOptions('MinMaxNorm', options, ['minValue', 'maxValue', 'rate', 'axis']);
    const minValue = options.minValue ?? 0;
    const maxValue = options.maxValue ?? 1;
    const rate = options.rate ?? 1;
    if (!(minValue >= 0 && maxValue >= minValue && rate >= 0 && rate <= 1)) {
      throw new ValueError(
        `MinMaxNorm: expected 0 ≤ minValue ≤ maxValue and rate in [0, 1], got ${minValue}, ${maxValue}, ${rate}`,
      );
    }
    super('MinMaxNorm', { minValue, maxValue, rate }, options.axis ?? 0);
    this.minValue = minValue;
    this.maxValue = maxValue;
    this.rate = rate;
  }

  protected desired(norm: number): number {
    return this.rate * Math.min(Math.max(norm, this.minValue), this.maxValue) + (1 - this.rate) * norm;
  }
}

/** Norms scaled to 1 (keras.constraints.UnitNorm; axis 0). */
export class UnitNorm extends NormConstraint {
  constructor(options: NormOptions = {}) {
    checkOptions('UnitNorm', options, ['axis']);
    super('UnitNorm', {}, options.axis ?? 0);
  }

  protected desired(): number {
    return 1;
  }
}

/** Negative weights set to 0 (keras.constraints.NonNeg). */
export class NonNeg extends Constraint {
  constructor() {
    super('NonNeg', {});
  }

  apply(values: Float32Array): void {
    for (let k = 0; k < values.length; k++) if (values[k] < 0) values[k] = 0;
  }
}

function positive(owner: string, name: string, value: number): number {
  if (!(typeof value === 'number' && value > 0 && Number.isFinite(value))) {
    throw new ValueError(`${owner}: ${name} must be a positive number, got ${describeValue(value)}`);
  }
  return value;
}

/** Resolves an id, a Keras config or a constraint (keras.constraints.get); null and undefined mean none. */
export function getConstraint(id: ConstraintId | ConstraintConfig | null | undefined): Constraint | null {
  if (id === null || id === undefined) return null;
  if (id instanceof Constraint) return id;
  const className = typeof id === 'string' ? CLASS_OF_ID[id] : id.className;
  const config = typeof id === 'string' ? {} : { ...(id.config ?? {}) };
  switch (className) {
    case 'MaxNorm':
      return new MaxNorm(config as { maxValue?: number; axis?: number });
    case 'MinMaxNorm':
      return new MinMaxNorm(config as { minValue?: number; maxValue?: number; rate?: number; axis?: number });
    case 'UnitNorm':
      return new UnitNorm(config as { axis?: number });
    case 'NonNeg':
      return new NonNeg();
    default: {
      const name = typeof id === 'string' ? `'${id}'` : `class '${String(id.className)}'`;
      throw new ValueError(`unknown constraint ${name}: expected 'max_norm', 'min_max_norm', 'unit_norm' or 'non_neg'`);
    }
  }
}

const CLASS_OF_ID: Record<string, string> = {
  max_norm: 'MaxNorm',
  min_max_norm: 'MinMaxNorm',
  unit_norm: 'UnitNorm',
  non_neg: 'NonNeg',
};
