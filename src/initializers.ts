import { ValueError } from './errors.ts';
import { Generator, defaultGenerator } from './random/generator.ts';

/** The initializer ids nabla implements (keras.initializers). */
export const INITIALIZERS = [
  'glorot_uniform', 'glorot_normal', 'he_uniform', 'he_normal', 'zeros', 'ones', 'random_uniform', 'random_normal',
] as const;

export type InitializerId = (typeof INITIALIZERS)[number];

/** An initializer as Keras serializes it: class name plus its config (seed, minval, …). */
export type InitializerConfig = {
  className: string;
  config: Record<string, number | null>;
};

const CLASS_NAMES: Record<InitializerId, string> = {
  glorot_uniform: 'GlorotUniform', glorot_normal: 'GlorotNormal', he_uniform: 'HeUniform', he_normal: 'HeNormal',
  zeros: 'Zeros', ones: 'Ones', random_uniform: 'RandomUniform', random_normal: 'RandomNormal',
};

/** Keras's truncated-normal correction: the stddev of a unit normal truncated to [-2, 2]. */
const TRUNCATED_STDDEV = 0.87962566103423978;

/** Resolves a string id or a Keras-style config ({className: 'GlorotUniform', config}) to a full config. */
export function getInitializer(id: string | InitializerConfig): InitializerConfig {
  if (typeof id !== 'string') {
    const known = Object.entries(CLASS_NAMES).find(([, cls]) => cls === id.className);
    if (!known) throw new ValueError(`unknown initializer class '${id.className}': expected one of ${Object.values(CLASS_NAMES).join(', ')}`);
    return { className: id.className, config: { ...defaultConfig(known[0] as InitializerId), ...id.config } };
  }
  if (!(INITIALIZERS as readonly string[]).includes(id)) {
    throw new ValueError(`unknown initializer '${id}': expected one of ${INITIALIZERS.map((i) => `'${i}'`).join(', ')}`);
  }
  return { className: CLASS_NAMES[id as InitializerId], config: defaultConfig(id as InitializerId) };
}

/** The string id of an initializer config ('GlorotUniform' → 'glorot_uniform'). */
export function initializerId(config: InitializerConfig): InitializerId {
  const entry = Object.entries(CLASS_NAMES).find(([, cls]) => cls === config.className);
  if (!entry) throw new ValueError(`unknown initializer class '${config.className}'`);
  return entry[0] as InitializerId;
}

function defaultConfig(id: InitializerId): Record<string, number | null> {
  switch (id) {
    case 'zeros':
    case 'ones':
      return {};
    case 'random_uniform':
      return { minval: -0.05, maxval: 0.05, seed: null };
    case 'random_normal':
      return { mean: 0, stddev: 0.05, seed: null };
    default:
      return { seed: null };
  }
}

/** Fills `out` (a tensor of `shape`) with values drawn as the Keras initializer would (same distribution). */
export function initialize(config: InitializerConfig, shape: readonly number[], out: Float32Array, fallback?: Generator): void {
  const id = initializerId(config);
  const seed = config.config.seed;
  const rng = typeof seed === 'number' ? new Generator(seed) : (fallback ?? defaultGenerator());
  const [fanIn, fanOut] = computeFans(shape);
  switch (id) {
    case 'zeros':
      return void out.fill(0);
    case 'ones':
      return void out.fill(1);
    case 'random_uniform':
      return fillUniform(out, rng, config.config.minval ?? -0.05, config.config.maxval ?? 0.05);
    case 'random_normal':
      for (let i = 0; i < out.length; i++) out[i] = (config.config.mean ?? 0) + (config.config.stddev ?? 0.05) * rng.normal();
      return;
    case 'glorot_uniform': {
      const limit = Math.sqrt(6 / Math.max(1, fanIn + fanOut));
      return fillUniform(out, rng, -limit, limit);
    }
    case 'he_uniform': {
      const limit = Math.sqrt(6 / Math.max(1, fanIn));
      return fillUniform(out, rng, -limit, limit);
    }
    case 'glorot_normal':
      return fillTruncatedNormal(out, rng, Math.sqrt(1 / Math.max(1, (fanIn + fanOut) / 2)) / TRUNCATED_STDDEV);
    case 'he_normal':
      return fillTruncatedNormal(out, rng, Math.sqrt(2 / Math.max(1, fanIn)) / TRUNCATED_STDDEV);
  }
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

function fillUniform(out: Float32Array, rng: Generator, low: number, high: number): void {
  for (let i = 0; i < out.length; i++) out[i] = low + (high - low) * rng.uniform();
}

/** Normal values with |z| ≤ 2 standard deviations, redrawn otherwise (tf.random.truncated_normal). */
function fillTruncatedNormal(out: Float32Array, rng: Generator, stddev: number): void {
  for (let i = 0; i < out.length; i++) {
    let z = rng.normal();
    while (Math.abs(z) > 2) z = rng.normal();
    out[i] = z * stddev;
  }
}
