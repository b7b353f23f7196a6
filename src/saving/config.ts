// The one mapping between the snake_case Keras JSON stored in model files and nabla's camelCase configs
// (layer.getConfig(), createLayer(className, config), optimizer.getConfig()).
import { ValueError } from '../errors.ts';
import type { ConfigValue, LayerConfig } from '../layers/layer.ts';
import type { OptimizerConfig } from '../optimizers/optimizer.ts';
import { isScheduleSpec, scheduleSpecFromKeras, scheduleSpecToKeras } from '../optimizers/schedules/get-schedule.ts';
import { type JsonObject, type JsonValue, isJsonObject } from './json.ts';

/** camelCase ↔ snake_case for every config key nabla reads or writes (keys spelled the same are listed too). */
const KEY_PAIRS: readonly (readonly [camel: string, snake: string])[] = [
  // layers
  ['name', 'name'],
  ['trainable', 'trainable'],
  ['dtype', 'dtype'],
  ['units', 'units'],
  ['activation', 'activation'],
  ['useBias', 'use_bias'],
  ['kernelInitializer', 'kernel_initializer'],
  ['biasInitializer', 'bias_initializer'],
  ['kernelRegularizer', 'kernel_regularizer'],
  ['biasRegularizer', 'bias_regularizer'],
  ['activityRegularizer', 'activity_regularizer'],
  ['kernelConstraint', 'kernel_constraint'],
  ['biasConstraint', 'bias_constraint'],
  ['rate', 'rate'],
  ['noiseShape', 'noise_shape'],
  ['seed', 'seed'],
  ['dataFormat', 'data_format'],
  ['batchInputShape', 'batch_input_shape'],
  ['batchShape', 'batch_shape'],
  ['inputShape', 'input_shape'],
  ['batchSize', 'batch_size'],
  ['sparse', 'sparse'],
  ['ragged', 'ragged'],
  // advanced activation layers (Softmax, ReLU, LeakyReLU, ELU)
  ['axis', 'axis'],
  ['maxValue', 'max_value'],
  ['negativeSlope', 'negative_slope'],
  ['threshold', 'threshold'],
  ['alpha', 'alpha'],
  // convolution, pooling and normalization layers
  ['filters', 'filters'],
  ['kernelSize', 'kernel_size'],
  ['strides', 'strides'],
  ['padding', 'padding'],
  ['dilationRate', 'dilation_rate'],
  ['groups', 'groups'],
  ['poolSize', 'pool_size'],
  ['keepdims', 'keepdims'],
  ['movingMeanInitializer', 'moving_mean_initializer'],
  ['movingVarianceInitializer', 'moving_variance_initializer'],
  ['synchronized', 'synchronized'],
  // initializers
  ['minval', 'minval'],
  ['maxval', 'maxval'],
  ['mean', 'mean'],
  ['stddev', 'stddev'],
  ['scale', 'scale'],
  ['mode', 'mode'],
  ['distribution', 'distribution'],
  ['gain', 'gain'],
  ['value', 'value'],
  // optimizers
  ['learningRate', 'learning_rate'],
  ['weightDecay', 'weight_decay'],
  ['clipnorm', 'clipnorm'],
  ['globalClipnorm', 'global_clipnorm'],
  ['clipvalue', 'clipvalue'],
  ['useEma', 'use_ema'],
  ['emaMomentum', 'ema_momentum'],
  ['emaOverwriteFrequency', 'ema_overwrite_frequency'],
  ['beta1', 'beta_1'],
  ['beta2', 'beta_2'],
  ['epsilon', 'epsilon'],
  ['amsgrad', 'amsgrad'],
  ['momentum', 'momentum'],
  ['nesterov', 'nesterov'],
  ['rho', 'rho'],
  ['centered', 'centered'],
  ['initialAccumulatorValue', 'initial_accumulator_value'],
  ['learningRatePower', 'learning_rate_power'],
  ['l1RegularizationStrength', 'l1_regularization_strength'],
  ['l2RegularizationStrength', 'l2_regularization_strength'],
  ['l2ShrinkageRegularizationStrength', 'l2_shrinkage_regularization_strength'],
  ['beta', 'beta'],
  // regularizers and constraints
  ['l1', 'l1'],
  ['l2', 'l2'],
  ['minValue', 'min_value'],
  // Reshape, Rescaling, Normalization, LayerNormalization, GaussianNoise
  ['targetShape', 'target_shape'],
  ['offset', 'offset'],
  ['variance', 'variance'],
  ['invert', 'invert'],
  ['center', 'center'],
  ['rmsScaling', 'rms_scaling'],
  ['betaInitializer', 'beta_initializer'],
  ['gammaInitializer', 'gamma_initializer'],
  ['betaRegularizer', 'beta_regularizer'],
  ['gammaRegularizer', 'gamma_regularizer'],
  ['betaConstraint', 'beta_constraint'],
  ['gammaConstraint', 'gamma_constraint'],
];

const TO_SNAKE = new Map(KEY_PAIRS.map(([c, s]) => [c, s]));
const TO_CAMEL = new Map(KEY_PAIRS.map(([c, s]) => [s, c]));
// Older Keras spelled the learning rate `lr`.
TO_CAMEL.set('lr', 'learningRate');

/** Keys whose only supported value is "off" (null, or false): any other value is a feature nabla lacks. */
const OFF_ONLY = new Set([
  'noise_shape',
  'sparse',
  'ragged',
  'beta_regularizer',
  'gamma_regularizer',
  'beta_constraint',
  'gamma_constraint',
  'synchronized',
]);

/** The snake_case Keras key for a camelCase config key. */
export function toKerasKey(camel: string): string {
  const snake = TO_SNAKE.get(camel);
  if (snake === undefined) throw new ValueError(`config key '${camel}' has no Keras spelling in nabla's mapping`);
  return snake;
}

/** The camelCase nabla key for a Keras key, or null when nabla has no such option. */
export function fromKerasKey(snake: string): string | null {
  return TO_CAMEL.get(snake) ?? null;
}

/**
 * A Keras layer config (any Keras version) as nabla's camelCase config. Options nabla lacks are dropped
 * when they are off (null/false) and refused otherwise, so a loaded model never silently behaves differently.
 */
export function layerConfigFromKeras(className: string, keras: JsonObject, where: string): LayerConfig {
  const config: LayerConfig = {};
  for (const [key, value] of Object.entries(keras)) {
    const camel = fromKerasKey(key);
    const off = value === null || value === false;
    if (OFF_ONLY.has(key) && !off) {
      throw new ValueError(
        `${where}: ${className} option ${key}=${JSON.stringify(value)} is not supported by nabla (only null/false)`,
      );
    }
    if (camel === null) {
      if (off) continue;
      throw new ValueError(`${where}: ${className} option ${key}=${JSON.stringify(value)} is not supported by nabla`);
    }
    const converted = valueFromKeras(key, value);
    if (converted !== undefined) config[camel] = converted;
  }
  return config;
}

function valueFromKeras(key: string, value: JsonValue): ConfigValue | undefined {
  if (key === 'dtype') return dtypeName(value);
  if (key.endsWith('_initializer')) return initializerFromKeras(value);
  if ((key.endsWith('_regularizer') || key.endsWith('_constraint')) && value !== null)
    return objectFromKeras(key, value);
  return value as ConfigValue;
}

/** A regularizer or constraint ({class_name, config} or a string id) as {className, config} with camelCase keys. */
function objectFromKeras(key: string, value: JsonValue): ConfigValue {
  if (typeof value === 'string') return value;
  if (!isJsonObject(value) || typeof value.class_name !== 'string') {
    throw new ValueError(`${key}: expected a Keras object config {class_name, config}, got ${JSON.stringify(value)}`);
  }
  const config: { [key: string]: ConfigValue } = {};
  for (const [k, v] of Object.entries(isJsonObject(value.config) ? value.config : {})) {
    if (k === 'name') continue; // Keras 2 wrote the class name again
    const camel = fromKerasKey(k);
    if (camel === null) throw new ValueError(`${key}: ${value.class_name} option ${k} is not supported by nabla`);
    config[camel] = v as ConfigValue;
  }
  return { className: value.class_name, config };
}

// Keras 3 stores a DTypePolicy object where Keras 2 stored the string.
function dtypeName(value: JsonValue): string {
  if (typeof value === 'string') return value;
  if (isJsonObject(value) && isJsonObject(value.config) && typeof value.config.name === 'string')
    return value.config.name;
  throw new ValueError(`unsupported dtype ${JSON.stringify(value)}: expected 'float32'`);
}

/** Initializer classes nabla implements, and the VarianceScaling settings that equal one of them. */
const INITIALIZER_CLASSES = [
  'GlorotUniform',
  'GlorotNormal',
  'HeUniform',
  'HeNormal',
  'Zeros',
  'Ones',
  'RandomUniform',
  'RandomNormal',
  'LecunUniform',
  'LecunNormal',
  'Constant',
  'TruncatedNormal',
  'VarianceScaling',
  'Orthogonal',
  'Identity',
  'OrthogonalInitializer',
  'IdentityInitializer',
];
const VARIANCE_SCALING_NAMES: Record<string, string> = {
  '1|fan_avg|uniform': 'GlorotUniform',
  '1|fan_avg|truncated_normal': 'GlorotNormal',
  '2|fan_in|uniform': 'HeUniform',
  '2|fan_in|truncated_normal': 'HeNormal',
};

const VARIANCE_SCALING_NAMES_SET = new Set(Object.values(VARIANCE_SCALING_NAMES));

// The initializer only matters before weights are loaded; one nabla lacks is dropped (the layer's default
// applies) rather than failing a load whose weights come from the file anyway.
/** The config keys of the initializers nabla implements. */
const INITIALIZER_KEYS = new Set([
  'seed',
  'mean',
  'stddev',
  'minval',
  'maxval',
  'scale',
  'mode',
  'distribution',
  'gain',
  'value',
]);

function initializerFromKeras(value: JsonValue): ConfigValue | undefined {
  if (typeof value === 'string') return value;
  if (!isJsonObject(value) || typeof value.class_name !== 'string') return undefined;
  const config: JsonObject = isJsonObject(value.config) ? { ...value.config } : {};
  let className = value.class_name;
  if (className === 'VarianceScaling') {
    // Keras 2.0's 'normal' distribution was the truncated normal.
    const distribution = config.distribution === 'normal' ? 'truncated_normal' : config.distribution;
    className =
      VARIANCE_SCALING_NAMES[`${String(config.scale)}|${String(config.mode)}|${String(distribution)}`] ?? className;
    if (className === 'VarianceScaling') config.distribution = distribution ?? null;
  }
  if (!INITIALIZER_CLASSES.includes(className)) return undefined;
  const values: { [key: string]: ConfigValue } = {};
  for (const [k, v] of Object.entries(config)) {
    // Only the initializers' own keys: VarianceScaling's scale is not BatchNormalization's.
    if (!INITIALIZER_KEYS.has(k)) continue;
    const camel = fromKerasKey(k);
    if (camel !== null && (typeof v === 'number' || typeof v === 'string' || v === null)) values[camel] = v;
  }
  if (className === 'VarianceScaling') return { className, config: values };
  // The named presets' configs hold their seed only.
  return {
    className,
    config:
      VARIANCE_SCALING_NAMES_SET.has(className) && value.class_name === 'VarianceScaling'
        ? { seed: values.seed ?? null }
        : values,
  };
}

/** Which Keras line a written config imitates. */
export type KerasFlavor = 'tf-keras-2' | 'keras-3';

/** nabla's camelCase layer config as the Keras JSON config of that flavor (snake_case keys, Keras value forms). */
export function layerConfigToKeras(config: LayerConfig, flavor: KerasFlavor): JsonObject {
  const keras: JsonObject = {};
  for (const [key, value] of Object.entries(config)) {
    const snake = toKerasKey(key);
    if (flavor === 'keras-3' && key === 'activityRegularizer' && value === null) continue; // K3 writes it only when set
    keras[snake] = valueToKeras(snake, value, flavor);
  }
  return keras;
}

function valueToKeras(key: string, value: ConfigValue, flavor: KerasFlavor): JsonValue {
  if (key === 'dtype' && flavor === 'keras-3' && typeof value === 'string') return dtypePolicy(value);
  if (key.endsWith('_initializer') && isJsonObject(value)) return initializerToKeras(value, flavor);
  if (key.endsWith('_regularizer') && isJsonObject(value)) return objectToKeras(value, 'keras.regularizers', flavor);
  if (key.endsWith('_constraint') && isJsonObject(value)) return objectToKeras(value, 'keras.constraints', flavor);
  return value as JsonValue;
}

/** Keras 3's DTypePolicy object for a dtype name. */
export function dtypePolicy(name: string): JsonObject {
  return { module: 'keras', class_name: 'DTypePolicy', config: { name }, registered_name: null };
}

function objectToKeras(value: { [key: string]: ConfigValue }, module: string, flavor: KerasFlavor): JsonObject {
  const config: JsonObject = {};
  for (const [k, v] of Object.entries(isJsonObject(value.config) ? value.config : {}))
    config[toKerasKey(k)] = v as JsonValue;
  const className = String(value.className);
  if (flavor === 'tf-keras-2') return { class_name: className, config };
  return { module, class_name: className, config, registered_name: null };
}

function initializerToKeras(value: { [key: string]: ConfigValue }, flavor: KerasFlavor): JsonObject {
  const config: JsonObject = {};
  for (const [k, v] of Object.entries(isJsonObject(value.config) ? value.config : {}))
    config[toKerasKey(k)] = v as JsonValue;
  const className = String(value.className);
  if (flavor === 'tf-keras-2') return { class_name: className, config };
  return { module: 'keras.initializers', class_name: className, config, registered_name: null };
}

/**
 * An optimizer's camelCase config as Keras snake_case keys (keys nabla has no Keras spelling for are refused);
 * a schedule learning rate becomes Keras's {module, class_name, config} object.
 */
export function optimizerConfigToKeras(config: OptimizerConfig): JsonObject {
  const keras: JsonObject = {};
  for (const [key, value] of Object.entries(config))
    keras[toKerasKey(key)] = isScheduleSpec(value) ? scheduleSpecToKeras(value) : value;
  return keras;
}

/** A Keras optimizer config as camelCase keys; Keras options nabla lacks are dropped when off, else refused. */
export function optimizerConfigFromKeras(keras: JsonObject, where: string): OptimizerConfig {
  const config: OptimizerConfig = {};
  for (const [key, value] of Object.entries(keras)) {
    const camel = fromKerasKey(key);
    if (key === 'learning_rate' && isJsonObject(value)) {
      config.learningRate = scheduleSpecFromKeras(value, where);
      continue;
    }
    if (camel !== null && (value === null || typeof value !== 'object')) {
      config[camel] = value;
      continue;
    }
    if (value === null || value === false || IGNORED_OPTIMIZER_KEYS.has(key) || (key === 'decay' && value === 0))
      continue;
    throw new ValueError(`${where}: optimizer option ${key}=${JSON.stringify(value)} is not supported by nabla`);
  }
  return config;
}

// Options that change how Keras runs, not what it computes.
const IGNORED_OPTIMIZER_KEYS = new Set(['jit_compile', 'is_legacy_optimizer']);
