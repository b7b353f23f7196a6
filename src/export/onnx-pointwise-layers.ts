// Layers that act on each value or each feature (the last, channels axis): activations with options,
// BatchNormalization and Normalization as a per-feature affine map, Rescaling, Softmax and Reshape.
import type { BatchNormalization } from '../layers/normalization/batch-normalization.ts';
import type { ELU } from '../layers/elu.ts';
import type { LeakyReLU } from '../layers/leaky-relu.ts';
import type { Normalization } from '../layers/normalization.ts';
import type { ReLU } from '../layers/relu.ts';
import type { Rescaling } from '../layers/rescaling.ts';
import type { Softmax } from '../layers/softmax.ts';
import type { Layer } from '../layers/layer.ts';
import { type LayerCall, type LayerConverter, numberConstant, unsupportedOption } from './onnx-layer-call.ts';

/** The smallest standard deviation Normalization divides by (as the layer does). */
const NORMALIZATION_EPSILON = 1e-7;

/** ReLU with Keras's options: Relu or LeakyRelu, then Min with maxValue; a non-zero threshold is refused. */
function relu(call: LayerCall): string {
  const layer = call.layer as ReLU;
  if (layer.threshold !== 0) throw unsupportedOption(layer, `threshold ${layer.threshold} (only 0 is exported)`);
  const base = layer.name;
  let y =
    layer.negativeSlope === 0
      ? call.graph.addNode('Relu', [call.inputs[0]], `${base}/relu`)
      : call.graph.addNode('LeakyRelu', [call.inputs[0]], `${base}/leaky_relu`, {
          alpha: { float: layer.negativeSlope },
        });
  if (layer.maxValue !== null) {
    y = call.graph.addNode('Min', [y, numberConstant(call, 'max_value', [], [layer.maxValue])], `${base}/max_value`);
  }
  return y;
}

/** y = x · scale + shift per feature of the last axis (one value for all when the arrays hold one). */
function affine(call: LayerCall, scale: readonly number[], shift: readonly number[]): string {
  const dims = scale.length === 1 ? [] : [scale.length];
  const scaled = call.graph.addNode(
    'Mul',
    [call.inputs[0], numberConstant(call, 'scale', dims, scale)],
    `${call.layer.name}/scale`,
  );
  return call.graph.addNode('Add', [scaled, numberConstant(call, 'shift', dims, shift)], `${call.layer.name}/shift`);
}

/** Inference BatchNormalization: (x − moving mean) / √(moving variance + ε) · γ + β, folded into one Mul and Add. */
function batchNormalization(call: LayerCall): string {
  const layer = call.layer as BatchNormalization;
  const weights = layer.getWeights();
  const byName = (name: string): Float32Array | null => {
    const i = layer.weightNames.indexOf(name);
    return i < 0 ? null : (weights[i].data as Float32Array);
  };
  const mean = byName('moving_mean')!;
  const variance = byName('moving_variance')!;
  const gamma = byName('gamma');
  const beta = byName('beta');
  const scale = Array.from(mean, (_, j) => (gamma === null ? 1 : gamma[j]) / Math.sqrt(variance[j] + layer.epsilon));
  const shift = scale.map((s, j) => (beta === null ? 0 : beta[j]) - mean[j] * s);
  return affine(call, scale, shift);
}

/** Normalization: (x − mean) / max(√variance, ε), or its inverse, per feature (identity before adapt). */
function normalization(call: LayerCall): string {
  const layer = call.layer as Normalization;
  const mean = layer.mean === null ? [0] : Array.from(layer.mean);
  const std =
    layer.variance === null ? [1] : Array.from(layer.variance, (v) => Math.max(Math.sqrt(v), NORMALIZATION_EPSILON));
  if (layer.invert) return affine(call, std, mean);
  return affine(
    call,
    std.map((s) => 1 / s),
    mean.map((m, j) => -m / std[j]),
  );
}

/** Rescaling: x · scale + offset. */
function rescaling(call: LayerCall): string {
  const layer = call.layer as Rescaling;
  return affine(call, [layer.scale], [layer.offset]);
}

/** Reshape to the layer's output shape, the batch axis kept (-1). */
function reshape(call: LayerCall): string {
  const target = call.layer.computeOutputShape(call.inputShapes[0]);
  const shape = call.graph.addInt64Initializer(`${call.layer.name}/shape`, [-1, ...target]);
  return call.graph.addNode('Reshape', [call.inputs[0], shape], `${call.layer.name}/reshape`);
}

const oneFloat =
  (opType: string, attribute: string, value: (layer: Layer) => number): LayerConverter =>
  (call) =>
    call.graph.addNode(opType, [call.inputs[0]], `${call.layer.name}/${opType}`, {
      [attribute]: { float: value(call.layer) },
    });

/** The converters of this file's layers, by class name. */
export const POINTWISE_CONVERTERS: Record<string, LayerConverter> = {
  ReLU: relu,
  LeakyReLU: oneFloat('LeakyRelu', 'alpha', (layer) => (layer as LeakyReLU).negativeSlope),
  ELU: oneFloat('Elu', 'alpha', (layer) => (layer as ELU).alpha),
  Softmax: (call) =>
    call.graph.addNode('Softmax', [call.inputs[0]], `${call.layer.name}/softmax`, {
      axis: (call.layer as Softmax).axis,
    }),
  BatchNormalization: batchNormalization,
  Normalization: normalization,
  Rescaling: rescaling,
  Reshape: reshape,
};
