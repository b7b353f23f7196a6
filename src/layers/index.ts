// Public exports of the layers.
export { Layer, layerArgsFromConfig } from './layer.ts';
export type { ConfigValue, LayerArgs, LayerConfig, LayerStep, StepOptions } from './layer.ts';
export { Dense } from './dense.ts';
export type { DenseOptions } from './dense.ts';
export { Flatten } from './flatten.ts';
export type { FlattenOptions } from './flatten.ts';
export { Dropout } from './dropout.ts';
export type { DropoutOptions } from './dropout.ts';
export { Activation } from './activation.ts';
export { Input, InputLayer } from './input.ts';
export type { InputOptions } from './input.ts';
export { Softmax } from './softmax.ts';
export type { SoftmaxOptions } from './softmax.ts';
export { ReLU } from './relu.ts';
export type { ReLUOptions } from './relu.ts';
export { LeakyReLU } from './leaky-relu.ts';
export type { LeakyReLUOptions } from './leaky-relu.ts';
export { ELU } from './elu.ts';
export type { ELUOptions } from './elu.ts';
export { Reshape } from './reshape.ts';
export { Rescaling } from './rescaling.ts';
export type { RescalingOptions } from './rescaling.ts';
export { Normalization } from './normalization.ts';
export type { NormalizationOptions } from './normalization.ts';
export { LayerNormalization } from './layer-normalization.ts';
export type { LayerNormalizationOptions } from './layer-normalization.ts';
export { GaussianNoise } from './gaussian-noise.ts';
export type { GaussianNoiseOptions } from './gaussian-noise.ts';
export { Conv2D } from './convolutional/conv2d.ts';
export type { Conv2DOptions } from './convolutional/conv2d.ts';
export { Conv1D } from './convolutional/conv1d.ts';
export type { Conv1DOptions } from './convolutional/conv1d.ts';
export { MaxPooling2D } from './pooling/max-pooling2d.ts';
export { AveragePooling2D } from './pooling/average-pooling2d.ts';
export { MaxPooling1D } from './pooling/max-pooling1d.ts';
export { AveragePooling1D } from './pooling/average-pooling1d.ts';
export type { PoolingOptions } from './pooling/base-pooling.ts';
export { BatchNormalization } from './normalization/batch-normalization.ts';
export type { BatchNormalizationOptions } from './normalization/batch-normalization.ts';
export {
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
} from './pooling/global-pooling.ts';
export type { GlobalPoolingOptions } from './pooling/global-pooling.ts';
export { ZeroPadding2D } from './convolutional/zero-padding2d.ts';
export type { ZeroPadding2DOptions, ZeroPadding2DSize } from './convolutional/zero-padding2d.ts';
export { createLayer, LAYER_CLASS_NAMES } from './registry.ts';
export { KerasTensor, Node } from './keras-tensor.ts';
export { MergeLayer } from './merge/merge.ts';
export { Concatenate } from './merge/concatenate.ts';
export type { ConcatenateOptions } from './merge/concatenate.ts';
export { Add, Average, Maximum, Minimum, Multiply, Subtract } from './merge/elementwise-merge.ts';
export type { MergeOptions } from './merge/elementwise-merge.ts';
export { clearSession } from './naming.ts';
