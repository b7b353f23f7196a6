// The initializer classes (keras.initializers.HeNormal, …): seeded objects that serialize under Keras's
// class names. Each is also a valid InitializerConfig, so a layer takes one wherever it takes a string id.
import { checkOptions } from '../options.ts';
import { Tensor, shapeSize } from '../tensor/tensor.ts';
import {
  type FanMode,
  type InitializerConfig,
  type VarianceDistribution,
  checkInitializerConfig,
  initialize,
} from '../initializers.ts';

/** The base of the initializer classes (keras.initializers.Initializer). */
export abstract class Initializer implements InitializerConfig {
  readonly className: string;
  readonly config: Record<string, number | string | null>;

  protected constructor(className: string, config: Record<string, number | string | null>) {
    checkInitializerConfig(className, config);
    this.className = className;
    this.config = config;
  }

  /** The Keras config ({seed: 1}, …) (Initializer.get_config). */
  getConfig(): Record<string, number | string | null> {
    return { ...this.config };
  }

  /** A tensor of `shape` drawn from this initializer (Initializer.__call__). */
  apply(shape: readonly number[]): Tensor {
    const out = new Float32Array(shapeSize(shape));
    initialize(this, shape, out);
    return new Tensor(out, [...shape]);
  }
}

/** Options of the seeded initializers without other settings. */
export interface SeedOptions {
  seed?: number | null;
}

function seeded(owner: string, options: SeedOptions): { seed: number | null } {
  checkOptions(owner, options, ['seed']);
  return { seed: options.seed ?? null };
}

/** All zeros (keras.initializers.Zeros). */
export class Zeros extends Initializer {
  constructor() {
    super('Zeros', {});
  }
}

/** All ones (keras.initializers.Ones). */
export class Ones extends Initializer {
  constructor() {
    super('Ones', {});
  }
}

/** One value everywhere (keras.initializers.Constant). */
export class Constant extends Initializer {
  constructor(options: { value?: number } = {}) {
    checkOptions('Constant', options, ['value']);
    super('Constant', { value: options.value ?? 0 });
  }
}

/** Options of RandomNormal and TruncatedNormal. */
export interface NormalOptions extends SeedOptions {
  mean?: number;
  stddev?: number;
}

/** Normal values, mean 0 and stddev 0.05 by default (keras.initializers.RandomNormal). */
export class RandomNormal extends Initializer {
  constructor(options: NormalOptions = {}) {
    checkOptions('RandomNormal', options, ['mean', 'stddev', 'seed']);
    super('RandomNormal', { mean: options.mean ?? 0, stddev: options.stddev ?? 0.05, seed: options.seed ?? null });
  }
}

/** Normal values redrawn beyond two standard deviations (keras.initializers.TruncatedNormal). */
export class TruncatedNormal extends Initializer {
  constructor(options: NormalOptions = {}) {
    checkOptions('TruncatedNormal', options, ['mean', 'stddev', 'seed']);
    super('TruncatedNormal', { mean: options.mean ?? 0, stddev: options.stddev ?? 0.05, seed: options.seed ?? null });
  }
}

/** Options of RandomUniform. */
export interface UniformOptions extends SeedOptions {
  minval?: number;
  maxval?: number;
}

/** Uniform values in [minval, maxval), ±0.05 by default (keras.initializers.RandomUniform). */
export class RandomUniform extends Initializer {
  constructor(options: UniformOptions = {}) {
    checkOptions('RandomUniform', options, ['minval', 'maxval', 'seed']);
    super('RandomUniform', {
      minval: options.minval ?? -0.05,
      maxval: options.maxval ?? 0.05,
      seed: options.seed ?? null,
    });
  }
}

/** Options of VarianceScaling. */
export interface VarianceScalingOptions extends SeedOptions {
  scale?: number;
  mode?: FanMode;
  distribution?: VarianceDistribution;
}

/** Variance scale/fan, the fan chosen by mode (keras.initializers.VarianceScaling). */
export class VarianceScaling extends Initializer {
  constructor(options: VarianceScalingOptions = {}) {
    checkOptions('VarianceScaling', options, ['scale', 'mode', 'distribution', 'seed']);
    super('VarianceScaling', {
      scale: options.scale ?? 1,
      mode: options.mode ?? 'fan_in',
      distribution: options.distribution ?? 'truncated_normal',
      seed: options.seed ?? null,
    });
  }
}

/** Uniform within ±sqrt(6 / (fan_in + fan_out)) (keras.initializers.GlorotUniform). */
export class GlorotUniform extends Initializer {
  constructor(options: SeedOptions = {}) {
    super('GlorotUniform', seeded('GlorotUniform', options));
  }
}

/** Truncated normal with stddev sqrt(2 / (fan_in + fan_out)) (keras.initializers.GlorotNormal). */
export class GlorotNormal extends Initializer {
  constructor(options: SeedOptions = {}) {
    super('GlorotNormal', seeded('GlorotNormal', options));
  }
}

/** Uniform within ±sqrt(6 / fan_in) (keras.initializers.HeUniform). */
export class HeUniform extends Initializer {
  constructor(options: SeedOptions = {}) {
    super('HeUniform', seeded('HeUniform', options));
  }
}

/** Truncated normal with stddev sqrt(2 / fan_in) (keras.initializers.HeNormal). */
export class HeNormal extends Initializer {
  constructor(options: SeedOptions = {}) {
    super('HeNormal', seeded('HeNormal', options));
  }
}

/** Uniform within ±sqrt(3 / fan_in) (keras.initializers.LecunUniform). */
export class LecunUniform extends Initializer {
  constructor(options: SeedOptions = {}) {
    super('LecunUniform', seeded('LecunUniform', options));
  }
}

/** Truncated normal with stddev sqrt(1 / fan_in) (keras.initializers.LecunNormal). */
export class LecunNormal extends Initializer {
  constructor(options: SeedOptions = {}) {
    super('LecunNormal', seeded('LecunNormal', options));
  }
}

/** gain · an orthogonal matrix (keras.initializers.Orthogonal). */
export class Orthogonal extends Initializer {
  constructor(options: SeedOptions & { gain?: number } = {}) {
    checkOptions('Orthogonal', options, ['gain', 'seed']);
    super('Orthogonal', { gain: options.gain ?? 1, seed: options.seed ?? null });
  }
}

/** gain · the identity matrix, 2-D shapes only (keras.initializers.Identity). */
export class Identity extends Initializer {
  constructor(options: { gain?: number } = {}) {
    checkOptions('Identity', options, ['gain']);
    super('Identity', { gain: options.gain ?? 1 });
  }
}
