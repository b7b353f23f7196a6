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
import { Conv1D } from './convolutional/conv1d.ts';
import { Conv2D } from './convolutional/conv2d.ts';
import { AveragePooling1D } from './pooling/average-pooling1d.ts';
import { AveragePooling2D } from './pooling/average-pooling2d.ts';
import { MaxPooling1D } from './pooling/max-pooling1d.ts';
import { MaxPooling2D } from './pooling/max-pooling2d.ts';
import { BatchNormalization } from './normalization/batch-normalization.ts';
import { ZeroPadding2D } from './convolutional/zero-padding2d.ts';
import {
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
} from './pooling/global-pooling.ts';
import type { Layer, LayerConfig } from './layer.ts';
import { Reshape } from './reshape.ts';
import { Rescaling } from './rescaling.ts';
import { Normalization } from './normalization.ts';
import { LayerNormalization } from './layer-normalization.ts';
import { GaussianNoise } from './gaussian-noise.ts';
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
  Reshape: (c) => Reshape.fromConfig(c),
  Rescaling: (c) => Rescaling.fromConfig(c),
  Normalization: (c) => Normalization.fromConfig(c),
  LayerNormalization: (c) => LayerNormalization.fromConfig(c),
  GaussianNoise: (c) => GaussianNoise.fromConfig(c),
  Conv2D: (c) => Conv2D.fromConfig(c),
  Conv1D: (c) => Conv1D.fromConfig(c),
  MaxPooling2D: (c) => MaxPooling2D.fromConfig(c),
  AveragePooling2D: (c) => AveragePooling2D.fromConfig(c),
  MaxPooling1D: (c) => MaxPooling1D.fromConfig(c),
  AveragePooling1D: (c) => AveragePooling1D.fromConfig(c),
  BatchNormalization: (c) => BatchNormalization.fromConfig(c),
  GlobalAveragePooling2D: (c) => GlobalAveragePooling2D.fromConfig(c),
  GlobalMaxPooling2D: (c) => GlobalMaxPooling2D.fromConfig(c),
  GlobalAveragePooling1D: (c) => GlobalAveragePooling1D.fromConfig(c),
  GlobalMaxPooling1D: (c) => GlobalMaxPooling1D.fromConfig(c),
  ZeroPadding2D: (c) => ZeroPadding2D.fromConfig(c),
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
    throw new NotImplementedLayerError(
      `layer class '${className}' is not implemented: nabla supports ${LAYER_CLASS_NAMES.join(', ')}`,
    );
  }
  return factory(config);
}
