// A layer config read from a file is checked before any layer is made: its keys against the options of that
// layer class (Keras refuses unknown keyword arguments) and its sizes against what can be allocated, so that an
// absurd or hostile config fails naming the file and the layer instead of deep inside an allocation.
import { FileFormatError, ValueError } from '../errors.ts';
import type { JsonObject, JsonValue } from './json.ts';

/** Keys every Keras layer accepts (the base Layer's keyword arguments). */
const BASE_KEYS = [
  'name',
  'trainable',
  'dtype',
  'batch_input_shape',
  'input_shape',
  'batch_size',
  'input_dim',
  'autocast',
];

/** The Keras config keys of each layer class this check knows; other classes are left to their own parsing. */
const CLASS_KEYS: Readonly<Record<string, readonly string[]>> = {
  Dense: [
    'units',
    'activation',
    'use_bias',
    'kernel_initializer',
    'bias_initializer',
    'kernel_regularizer',
    'bias_regularizer',
    'activity_regularizer',
    'kernel_constraint',
    'bias_constraint',
    'lora_rank',
    'lora_alpha',
    'quantization_config',
  ],
  Dropout: ['rate', 'noise_shape', 'seed'],
  Flatten: ['data_format'],
  Activation: ['activation'],
  InputLayer: ['batch_shape', 'shape', 'sparse', 'ragged', 'optional', 'input_tensor'],
};

/** The largest size of one axis and of one sample read from a file (2^31 - 1, the largest typed-array index). */
const MAX_SIZE = 2 ** 31 - 1;
const SHAPE_KEYS = ['batch_input_shape', 'batch_shape', 'input_shape', 'shape'];

/**
 * Throws unless the stored config of one layer has only keys its class has (keys that are off, null or false,
 * are let through: newer Keras versions add such options) and sane sizes. `where` names the file and layer.
 */
export function checkStoredLayerConfig(className: string, config: JsonObject, where: string): void {
  const own = CLASS_KEYS[className];
  if (own !== undefined) {
    for (const [key, value] of Object.entries(config)) {
      if (BASE_KEYS.includes(key) || own.includes(key) || value === null || value === false) continue;
      throw new ValueError(
        `${where}: ${className} has no option '${key}' (found ${JSON.stringify(value)}); Keras refuses unknown ` +
          `keyword arguments too. ${className} options: ${[...own].join(', ')}`,
      );
    }
  }
  if ('units' in config) checkSize(config.units, `${where}: units`);
  if ('rate' in config && !(typeof config.rate === 'number' && config.rate >= 0 && config.rate <= 1)) {
    throw new FileFormatError(`${where}: rate must be a number in [0, 1], found ${JSON.stringify(config.rate)}`);
  }
  for (const key of SHAPE_KEYS) if (key in config && config[key] !== null) checkShape(config[key], key, where);
}

function checkSize(value: JsonValue, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > MAX_SIZE) {
    throw new FileFormatError(`${what} must be a positive integer up to ${MAX_SIZE}, found ${JSON.stringify(value)}`);
  }
  return value;
}

// A batch axis may be null; every other axis is a positive size, and one sample must stay addressable.
function checkShape(value: JsonValue, key: string, where: string): void {
  if (!Array.isArray(value) || value.length > 32) {
    throw new FileFormatError(`${where}: ${key} must be a list of sizes, found ${JSON.stringify(value).slice(0, 80)}`);
  }
  const hasBatch = key === 'batch_input_shape' || key === 'batch_shape';
  let sample = 1;
  value.forEach((dim, axis) => {
    if (dim === null && (axis === 0 || !hasBatch)) return;
    sample *= checkSize(dim, `${where}: ${key}[${axis}]`);
  });
  if (hasBatch) sample /= typeof value[0] === 'number' ? value[0] : 1;
  if (sample > MAX_SIZE)
    throw new FileFormatError(
      `${where}: ${key} ${JSON.stringify(value)} gives ${sample} values per sample, above ${MAX_SIZE}`,
    );
}
