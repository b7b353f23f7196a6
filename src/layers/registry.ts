import { NotImplementedLayerError } from '../errors.ts';
import { Activation } from './activation.ts';
import { Dense } from './dense.ts';
import { Dropout } from './dropout.ts';
import { Flatten } from './flatten.ts';
import { InputLayer } from './input.ts';
import { ELU } from './elu.ts';
import { LeakyReLU } from './leaky-relu.ts';
import { ReLU } from './relu.ts';
import { Softmax } from './softmax.ts';
import type { Layer, LayerConfig } from './layer.ts';
import { Reshape } from './reshape.ts';
import { Rescaling } from './rescaling.ts';
import { Normalization } from './normalization.ts';
import { LayerNormalization } from './layer-normalization.ts';
import { GaussianNoise } from './gaussian-noise.ts';

const FACTORIES: Record<string, (config: LayerConfig) => Layer> = {
  Dense: (c) => Dense.fromConfig(c),
  Flatten: (c) => Flatten.fromConfig(c),
  Dropout: (c) => Dropout.fromConfig(c),
  Activation: (c) => Activation.fromConfig(c),
  InputLayer: (c) => InputLayer.fromConfig(c),
  Softmax: (c) => Softmax.fromConfig(c),
  ReLU: (c) => ReLU.fromConfig(c),
  LeakyReLU: (c) => LeakyReLU.fromConfig(c),
  ELU: (c) => ELU.fromConfig(c),
  Reshape: (c) => Reshape.fromConfig(c),
  Rescaling: (c) => Rescaling.fromConfig(c),
  Normalization: (c) => Normalization.fromConfig(c),
  LayerNormalization: (c) => LayerNormalization.fromConfig(c),
  GaussianNoise: (c) => GaussianNoise.fromConfig(c),
};

/** The Keras layer class names nabla can build. */
export const LAYER_CLASS_NAMES: readonly string[] = Object.keys(FACTORIES);

/** Builds a layer from its Keras class name and camelCase config (keras.layers.deserialize). */
export function createLayer(className: string, config: LayerConfig): Layer {
  const factory = FACTORIES[className];
  if (factory === undefined) {
    throw new NotImplementedLayerError(`layer class '${className}' is not implemented: nabla supports ${LAYER_CLASS_NAMES.join(', ')}`);
  }
  return factory(config);
}
