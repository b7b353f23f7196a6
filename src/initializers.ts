// Initializers (keras.initializers): string ids and Keras configs resolved to one config form, and the
// fill that draws a weight's values from it. The classes users construct are in initializers/classes.ts.
import { ValueError } from './errors.ts';
import { Generator, defaultGenerator } from './random/generator.ts';
import {
  TRUNCATED_STDDEV,
  fillIdentity,
  fillNormal,
  fillOrthogonal,
  fillTruncatedNormal,
  fillUniform,
} from './initializers/fills.ts';

/** The initializer ids nabla implements (keras.initializers), as Keras spells them. */
export const INITIALIZERS = [
  'glorot_uniform',
  'glorot_normal',
  'he_uniform',
  'he_normal',
  'lecun_uniform',
  'lecun_normal',
  'zeros',
  'ones',
  'constant',
  'random_uniform',
  'random_normal',
  'truncated_normal',
  'variance_scaling',
  'orthogonal',
  'identity',
] as const;

export type InitializerId = (typeof INITIALIZERS)[number];

/** An initializer as Keras serializes it: class name plus its config (seed, minval, mode, …). */
export type InitializerConfig = {
  className: string;
  config: Record<string, number | string | null>;
};

/** VarianceScaling's fan modes and distributions (Keras 3). */
export type FanMode = 'fan_in' | 'fan_out' | 'fan_avg';
export type VarianceDistribution = 'truncated_normal' | 'untruncated_normal' | 'uniform';

const CLASS_NAMES: Record<InitializerId, string> = {
  glorot_uniform: 'GlorotUniform',
  glorot_normal: 'GlorotNormal',
  he_uniform: 'HeUniform',
  he_normal: 'HeNormal',
  lecun_uniform: 'LecunUniform',
  lecun_normal: 'LecunNormal',
  zeros: 'Zeros',
  ones: 'Ones',
  constant: 'Constant',
  random_uniform: 'RandomUniform',
  random_normal: 'RandomNormal',
  truncated_normal: 'TruncatedNormal',
  variance_scaling: 'VarianceScaling',
  orthogonal: 'Orthogonal',
  identity: 'Identity',
};

/** Other class names Keras has written for the same initializers. */
const CLASS_ALIASES: Record<string, string> = { OrthogonalInitializer: 'Orthogonal', IdentityInitializer: 'Identity' };

/** The VarianceScaling settings behind the named initializers. */
const PRESETS: Partial<Record<InitializerId, [scale: number, mode: FanMode, distribution: VarianceDistribution]>> = {
  glorot_uniform: [1, 'fan_avg', 'uniform'],
  glorot_normal: [1, 'fan_avg', 'truncated_normal'],
  he_uniform: [2, 'fan_in', 'uniform'],
  he_normal: [2, 'fan_in', 'truncated_normal'],
  lecun_uniform: [1, 'fan_in', 'uniform'],
  lecun_normal: [1, 'fan_in', 'truncated_normal'],
};

/** Keras 3's default config of each initializer class. */
export function defaultInitializerConfig(id: InitializerId): Record<string, number | string | null> {
  switch (id) {
    case 'zeros':
    case 'ones':
      return {};
    case 'constant':
      return { value: 0 };
    case 'random_uniform':
      return { minval: -0.05, maxval: 0.05, seed: null };
    case 'random_normal':
    case 'truncated_normal':
      return { mean: 0, stddev: 0.05, seed: null };
    case 'variance_scaling':
      return { scale: 1, mode: 'fan_in', distribution: 'truncated_normal', seed: null };
    case 'orthogonal':
      return { gain: 1, seed: null };
    case 'identity':
      return { gain: 1 };
    default:
      return { seed: null };
  }
}

/**
 * Resolves a string id, a Keras-style config ({className: 'GlorotUniform', config}) or an initializer object
 * (keras.initializers.get) to a full config of its own (a copy: changing it changes no other layer's).
 */
export function getInitializer(id: string | InitializerConfig): InitializerConfig {
  if (typeof id !== 'string') {
    const className = CLASS_ALIASES[id.className] ?? id.className;
    const known = Object.entries(CLASS_NAMES).find(([, cls]) => cls === className);
    if (!known) {
      throw new ValueError(
        `unknown initializer class '${id.className}': expected one of ${Object.values(CLASS_NAMES).join(', ')}`,
      );
    }
    const config = { ...defaultInitializerConfig(known[0] as InitializerId), ...id.config };
    checkInitializerConfig(className, config);
    return { className, config };
  }
  if (!(INITIALIZERS as readonly string[]).includes(id)) {
    throw new ValueError(
      `unknown initializer '${id}': expected one of ${INITIALIZERS.map((i) => `'${i}'`).join(', ')}`,
    );
  }
  return { className: CLASS_NAMES[id as InitializerId], config: defaultInitializerConfig(id as InitializerId) };
}

/** The string id of an initializer config ('GlorotUniform' → 'glorot_uniform'). */
export function initializerId(config: InitializerConfig): InitializerId {
  const className = CLASS_ALIASES[config.className] ?? config.className;
  const entry = Object.entries(CLASS_NAMES).find(([, cls]) => cls === className);
  if (!entry) throw new ValueError(`unknown initializer class '${config.className}'`);
  return entry[0] as InitializerId;
}

/** Throws a ValueError naming the initializer and the setting when a config value is out of its domain. */
export function checkInitializerConfig(className: string, config: Record<string, number | string | null>): void {
  const bad = (key: string, expected: string): never => {
    throw new ValueError(`${className} initializer: ${key} must be ${expected}, got ${JSON.stringify(config[key])}`);
  };
  for (const key of ['mean', 'value', 'minval', 'maxval', 'gain']) {
    if (key in config && !(typeof config[key] === 'number' && Number.isFinite(config[key])))
      bad(key, 'a finite number');
  }
  for (const key of ['stddev', 'scale']) {
    if (key in config && !(typeof config[key] === 'number' && (config[key] as number) > 0))
      bad(key, 'a positive number');
  }
  if ('seed' in config && config.seed !== null && !Number.isInteger(config.seed)) bad('seed', 'an integer or null');
  if ('mode' in config && !['fan_in', 'fan_out', 'fan_avg'].includes(config.mode as string)) {
    bad('mode', "one of 'fan_in', 'fan_out', 'fan_avg'");
  }
  if (
    'distribution' in config &&
    !['truncated_normal', 'untruncated_normal', 'uniform'].includes(config.distribution as string)
  ) {
    bad('distribution', "one of 'truncated_normal', 'untruncated_normal', 'uniform'");
  }
}

/**
 * Fills `out` (a tensor of `shape`) with values drawn as the Keras initializer would (same distribution). A
 * seeded initializer draws from its own generator, so it gives the same values at every call (as in Keras 3);
 * an unseeded one draws from `fallback` (the model's generator) or nabla's default generator.
 */
export function initialize(
  config: InitializerConfig,
  shape: readonly number[],
  out: Float32Array,
  fallback?: Generator,
): void {
  const id = initializerId(config);
  const c = { ...defaultInitializerConfig(id), ...config.config };
  const seed = c.seed;
  const rng = typeof seed === 'number' ? new Generator(seed) : (fallback ?? defaultGenerator());
  const num = (key: string): number => c[key] as number;
  switch (id) {
    case 'zeros':
      return void out.fill(0);
    case 'ones':
      return void out.fill(1);
    case 'constant':
      return void out.fill(num('value'));
    case 'random_uniform':
      return fillUniform(out, rng, num('minval'), num('maxval'));
    case 'random_normal':
      return fillNormal(out, rng, num('mean'), num('stddev'));
    case 'truncated_normal':
      return fillTruncatedNormal(out, rng, num('mean'), num('stddev'));
    case 'orthogonal':
      return fillOrthogonal(out, shape, rng, num('gain'));
    case 'identity':
      return fillIdentity(out, shape, num('gain'));
    case 'variance_scaling':
      return fillVarianceScaling(
        out,
        shape,
        rng,
        num('scale'),
        c.mode as FanMode,
        c.distribution as VarianceDistribution,
      );
    default: {
      const [scale, mode, distribution] = PRESETS[id]!;
      return fillVarianceScaling(out, shape, rng, scale, mode, distribution);
    }
  }
}

/** keras.initializers.VarianceScaling: variance scale/n with n the fan the mode names (at least 1). */
function fillVarianceScaling(
  out: Float32Array,
  shape: readonly number[],
  rng: Generator,
  scale: number,
  mode: FanMode,
  distribution: VarianceDistribution,
): void {
  const [fanIn, fanOut] = computeFans(shape);
  const fan = mode === 'fan_in' ? fanIn : mode === 'fan_out' ? fanOut : (fanIn + fanOut) / 2;
  const variance = scale / Math.max(1, fan);
  if (distribution === 'uniform') {
    const limit = Math.sqrt(3 * variance);
    return fillUniform(out, rng, -limit, limit);
  }
  if (distribution === 'untruncated_normal') return fillNormal(out, rng, 0, Math.sqrt(variance));
  return fillTruncatedNormal(out, rng, 0, Math.sqrt(variance) / TRUNCATED_STDDEV);
}

/** Keras's _compute_fans: (fan_in, fan_out) of a weight shape. */
export function computeFans(shape: readonly number[]): [number, number] {
  if (shape.length === 0) return [1, 1];
  if (shape.length === 1) return [shape[0], shape[0]];
  if (shape.length === 2) return [shape[0], shape[1]];
  let receptive = 1;
  for (const d of shape.slice(0, -2)) receptive *= d;
  return [shape[shape.length - 2] * receptive, shape[shape.length - 1] * receptive];
}

export * from './initializers/classes.ts';
