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
export { createLayer, LAYER_CLASS_NAMES } from './registry.ts';
export { clearSession } from './naming.ts';
