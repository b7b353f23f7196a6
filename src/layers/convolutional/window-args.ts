// Argument checks shared by the convolution and pooling layers: integer tuples (Keras's standardize_tuple),
// padding and data format, and the keys every layer's options accept.
import type { Padding } from '../../backend/conv-geometry.ts';
import { ShapeError, ValueError, formatShape } from '../../errors.ts';

/** The LayerArgs keys, accepted by every layer's options. */
export const LAYER_ARG_KEYS = ['name', 'trainable', 'inputShape', 'batchInputShape', 'dtype'] as const;

/** A number for every spatial axis, or one number for all of them (Keras's standardize_tuple). */
export function toTuple(
  owner: string,
  argument: string,
  value: number | readonly number[],
  rank: number,
  allowZero = false,
): number[] {
  const tuple = typeof value === 'number' ? Array<number>(rank).fill(value) : Array.isArray(value) ? [...value] : null;
  const min = allowZero ? 0 : 1;
  if (tuple === null || tuple.length !== rank || tuple.some((v) => !Number.isInteger(v) || v < min)) {
    throw new ValueError(
      `${owner}: ${argument} must be ${allowZero ? 'a non-negative' : 'a positive'} integer or ${rank} of them, got ${JSON.stringify(value)}`,
    );
  }
  return tuple;
}

/** Checks a padding mode; 'causal' only where `allowCausal` (Conv1D). */
export function checkPadding(owner: string, padding: unknown, allowCausal = false): Padding {
  const accepted = allowCausal ? ['valid', 'same', 'causal'] : ['valid', 'same'];
  if (typeof padding !== 'string' || !accepted.includes(padding.toLowerCase())) {
    throw new ValueError(
      `${owner}: padding must be one of ${accepted.map((p) => `'${p}'`).join(', ')}, got ${JSON.stringify(padding)}`,
    );
  }
  return padding.toLowerCase() as Padding;
}

/** Throws a ShapeError unless a sample shape has `rank` spatial axes and a channel axis (channels-last). */
export function checkSpatialRank(
  layerName: string,
  className: string,
  rank: number,
  inputShape: readonly number[],
): void {
  if (inputShape.length === rank + 1) return;
  const expected = rank === 2 ? '(None, height, width, channels)' : '(None, steps, channels)';
  throw new ShapeError(
    `layer '${layerName}' (${className}) expects input of shape ${expected}, got ${formatShape([null, ...inputShape])}`,
  );
}

/** Only channels-last data is supported (Keras's default image_data_format). */
export function checkDataFormat(owner: string, dataFormat: unknown): 'channels_last' {
  if (dataFormat !== undefined && dataFormat !== null && dataFormat !== 'channels_last') {
    throw new ValueError(
      `${owner}: dataFormat ${JSON.stringify(dataFormat)} is not supported: expected 'channels_last'`,
    );
  }
  return 'channels_last';
}
