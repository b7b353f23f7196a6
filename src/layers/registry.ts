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
import { Concatenate } from './merge/concatenate.ts';
import { Add, Average, Maximum, Minimum, Multiply, Subtract } from './merge/elementwise-merge.ts';

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
  Concatenate: (c) => Concatenate.fromConfig(c),
  Add: (c) => Add.fromConfig(c),
  Subtract: (c) => Subtract.fromConfig(c),
  Multiply: (c) => Multiply.fromConfig(c),
  Average: (c) => Average.fromConfig(c),
  Maximum: (c) => Maximum.fromConfig(c),
  Minimum: (c) => Minimum.fromConfig(c),
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
