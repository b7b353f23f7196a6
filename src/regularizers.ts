// Weight and activity penalties (keras.regularizers): L1, L2 and L1L2, added to the loss as Keras 3 adds them
// (the penalty of the whole tensor, not divided by the batch size) with their gradients in the training step.
import { ValueError } from './errors.ts';
import { checkOptions, describeValue } from './options.ts';

/** A regularizer as Keras serializes it: class name and config ({l2: 0.01}). */
export type RegularizerConfig = { className: string; config: Record<string, number> };

/** The regularizer string ids (keras.regularizers.get): 'l1' and 'l2' are 0.01, 'l1l2' is 0 and 0, as in Keras. */
export type RegularizerId = 'l1' | 'l2' | 'l1l2' | 'l1_l2';

/** The base of the regularizers (keras.regularizers.Regularizer): penalty = l1·Σ|x| + l2·Σx². */
export class Regularizer implements RegularizerConfig {
  readonly className: string;
  readonly config: Record<string, number>;
  protected readonly l1: number;
  protected readonly l2: number;

  protected constructor(className: string, l1: number, l2: number) {
    for (const [name, value] of [
      ['l1', l1],
      ['l2', l2],
    ] as const) {
      if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
        throw new ValueError(
          `${className} regularizer: ${name} must be a non-negative number, got ${describeValue(value)}`,
        );
      }
    }
    this.className = className;
    this.l1 = l1;
    this.l2 = l2;
    this.config = className === 'L1' ? { l1 } : className === 'L2' ? { l2 } : { l1, l2 };
  }

  /** The Keras config (get_config). */
  getConfig(): Record<string, number> {
    return { ...this.config };
  }

  /** The penalty of `values[0..n)` (Regularizer.__call__). */
  penalty(values: Float32Array, n: number = values.length, offset = 0): number {
    let abs = 0;
    let squares = 0;
    for (let i = offset; i < offset + n; i++) {
      const v = values[i];
      abs += Math.abs(v);
      squares += v * v;
    }
    return this.l1 * abs + this.l2 * squares;
  }

  /** grad[i] += d penalty / d values[i] over [0, n): l1·sign(v) + 2·l2·v. */
  addGradient(values: Float32Array, grad: Float32Array, n: number = values.length): void {
    const l1 = this.l1;
    const twoL2 = 2 * this.l2;
    for (let i = 0; i < n; i++) {
      const v = values[i];
      grad[i] += l1 * Math.sign(v) + twoL2 * v;
    }
  }
}

/** l1·Σ|x| (keras.regularizers.L1), l1 0.01 by default. */
export class L1 extends Regularizer {
  constructor(l1 = 0.01) {
    super('L1', l1, 0);
  }
}

/** l2·Σx² (keras.regularizers.L2), l2 0.01 by default. */
export class L2 extends Regularizer {
  constructor(l2 = 0.01) {
    super('L2', 0, l2);
  }
}

/** l1·Σ|x| + l2·Σx² (keras.regularizers.L1L2), both 0 by default. */
export class L1L2 extends Regularizer {
  constructor(options: { l1?: number; l2?: number } = {}) {
    checkOptions('L1L2', options, ['l1', 'l2']);
    super('L1L2', options.l1 ?? 0, options.l2 ?? 0);
  }
}

/** keras.regularizers.l1: an L1 regularizer. */
export const l1 = (value = 0.01): L1 => new L1(value);
/** keras.regularizers.l2: an L2 regularizer. */
export const l2 = (value = 0.01): L2 => new L2(value);
/** keras.regularizers.l1_l2: an L1L2 regularizer (0.01 and 0.01 by default, as Keras's function). */
export const l1l2 = (options: { l1?: number; l2?: number } = {}): L1L2 =>
  new L1L2({ l1: options.l1 ?? 0.01, l2: options.l2 ?? 0.01 });

/** Resolves an id, a Keras config or a regularizer (keras.regularizers.get); null and undefined mean none. */
export function getRegularizer(id: RegularizerId | RegularizerConfig | null | undefined): Regularizer | null {
  if (id === null || id === undefined) return null;
  if (id instanceof Regularizer) return id;
  if (typeof id === 'string') {
    switch (id) {
      case 'l1':
        return new L1();
      case 'l2':
        return new L2();
      case 'l1l2':
      case 'l1_l2':
        return new L1L2();
      default:
        throw new ValueError(`unknown regularizer '${String(id)}': expected 'l1', 'l2' or 'l1l2'`);
    }
  }
  const config = id.config ?? {};
  switch (id.className) {
    case 'L1':
      return new L1(config.l1 ?? 0.01);
    case 'L2':
      return new L2(config.l2 ?? 0.01);
    case 'L1L2':
      return new L1L2({ l1: config.l1 ?? 0, l2: config.l2 ?? 0 });
    default:
      throw new ValueError(`unknown regularizer class '${String(id.className)}': expected L1, L2 or L1L2`);
  }
}
