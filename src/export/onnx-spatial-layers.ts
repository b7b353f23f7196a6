// Convolution, pooling and padding layers. The exported graph keeps Keras's channels-last tensors (so Flatten
// keeps Keras's element order and the input is NHWC); ONNX's Conv and pooling operators are channels-first, so
// each one is wrapped in Transpose NHWC→NCHW … NCHW→NHWC (onnxruntime removes back-to-back transposes).
import type { ConvGeometry } from '../backend/conv-geometry.ts';
import type { BaseConv } from '../layers/convolutional/base-conv.ts';
import type { ZeroPadding2D } from '../layers/convolutional/zero-padding2d.ts';
import type { BasePooling } from '../layers/pooling/base-pooling.ts';
import { applyActivation } from './onnx-activations.ts';
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { type LayerCall, type LayerConverter, unsupportedOption, weightInitializer } from './onnx-layer-call.ts';

/** The axes order from channels-last to channels-first, for 1 or 2 spatial axes. */
const TO_CHANNELS_FIRST = { 1: [0, 2, 1], 2: [0, 3, 1, 2] } as const;
const TO_CHANNELS_LAST = { 1: [0, 2, 1], 2: [0, 2, 3, 1] } as const;

/** Runs `op` (channels-first in and out) on a channels-last tensor. */
function channelsFirst(
  graph: OnnxGraphBuilder,
  input: string,
  rank: 1 | 2,
  base: string,
  op: (nchw: string) => string,
): string {
  const nchw = graph.addNode('Transpose', [input], `${base}/nchw`, { perm: TO_CHANNELS_FIRST[rank] });
  return graph.addNode('Transpose', [op(nchw)], `${base}/nhwc`, { perm: TO_CHANNELS_LAST[rank] });
}

/** The spatial rank of a conv or pooling layer's input (1: steps, 2: height and width). */
function spatialRank(call: LayerCall): 1 | 2 {
  return call.inputShapes[0].length === 3 ? 2 : 1;
}

/**
 * ONNX's explicit pads, all starts then all ends, from nabla's window geometry. TensorFlow's 'same' puts the odd
 * pixel at the end; the end pad is what makes the geometry's output size (none where 'valid' drops a remainder).
 */
function windowPads(g: ConvGeometry, rank: 1 | 2): number[] {
  const end = (input: number, out: number, stride: number, kernel: number, dilation: number, before: number) =>
    Math.max((out - 1) * stride + dilation * (kernel - 1) + 1 - input - before, 0);
  const bottom = end(g.inHeight, g.outHeight, g.strideHeight, g.kernelHeight, g.dilationHeight, g.padTop);
  const right = end(g.inWidth, g.outWidth, g.strideWidth, g.kernelWidth, g.dilationWidth, g.padLeft);
  return rank === 2 ? [g.padTop, g.padLeft, bottom, right] : [g.padLeft, right];
}

/** The spatial part of a geometry's (height, width) pairs: both for rank 2, width alone for rank 1. */
function spatial(rank: 1 | 2, height: number, width: number): number[] {
  return rank === 2 ? [height, width] : [width];
}

/** Conv1D / Conv2D as Conv; the Keras kernel (k…, in, out) becomes ONNX's (out, in, k…). */
function conv(call: LayerCall): string {
  const layer = call.layer as BaseConv;
  const rank = spatialRank(call);
  const g = layer.geometry(call.inputShapes[0]);
  const kernel = weightInitializer(call, 'kernel', (values, shape) => {
    const [inChannels, filters] = shape.slice(-2);
    const window = shape.slice(0, -2).reduce((a, b) => a * b, 1);
    const out = new Float32Array(values.length);
    for (let k = 0; k < window; k++)
      for (let c = 0; c < inChannels; c++)
        for (let f = 0; f < filters; f++)
          out[(f * inChannels + c) * window + k] = values[(k * inChannels + c) * filters + f];
    return { dims: [filters, inChannels, ...shape.slice(0, -2)], values: out };
  });
  const inputs = layer.useBias ? [kernel, weightInitializer(call, 'bias')] : [kernel];
  const output = channelsFirst(call.graph, call.inputs[0], rank, layer.name, (x) =>
    call.graph.addNode('Conv', [x, ...inputs], `${layer.name}/conv`, {
      kernel_shape: spatial(rank, g.kernelHeight, g.kernelWidth),
      strides: spatial(rank, g.strideHeight, g.strideWidth),
      dilations: spatial(rank, g.dilationHeight, g.dilationWidth),
      pads: windowPads(g, rank),
    }),
  );
  return applyActivation(layer, layer.activation, output, call.graph);
}

/** Max or average pooling; Keras's 'same' average counts only the pixels inside the image. */
function pooling(opType: 'MaxPool' | 'AveragePool'): LayerConverter {
  return (call) => {
    const layer = call.layer as BasePooling;
    const rank = spatialRank(call);
    const g = layer.geometry(call.inputShapes[0]);
    const attributes = {
      kernel_shape: spatial(rank, g.kernelHeight, g.kernelWidth),
      strides: spatial(rank, g.strideHeight, g.strideWidth),
      pads: windowPads(g, rank),
      ...(opType === 'AveragePool' ? { count_include_pad: 0 } : {}),
    };
    return channelsFirst(call.graph, call.inputs[0], rank, layer.name, (x) =>
      call.graph.addNode(opType, [x], `${layer.name}/pool`, attributes),
    );
  };
}

/** Global pooling as a reduction over the spatial axes of the channels-last tensor (no transpose needed). */
function globalPooling(opType: 'ReduceMean' | 'ReduceMax'): LayerConverter {
  return (call) => {
    const keepdims = call.layer.getConfig().keepdims === true ? 1 : 0;
    const axes = call.inputShapes[0].length === 3 ? [1, 2] : [1];
    return call.graph.addNode(opType, [call.inputs[0]], `${call.layer.name}/${opType}`, { axes, keepdims });
  };
}

/** ZeroPadding2D as Pad over the channels-last tensor's height and width. */
function zeroPadding2d(call: LayerCall): string {
  const [[top, bottom], [left, right]] = (call.layer as ZeroPadding2D).padding;
  const pads = call.graph.addInt64Initializer(`${call.layer.name}/pads`, [0, top, left, 0, 0, bottom, right, 0]);
  return call.graph.addNode('Pad', [call.inputs[0], pads], `${call.layer.name}/pad`);
}

/** Checks the options every window layer must have to be exported. */
function checkChannelsLast(call: LayerCall): void {
  const format = call.layer.getConfig().dataFormat;
  if (format !== undefined && format !== 'channels_last') {
    throw unsupportedOption(call.layer, `dataFormat ${JSON.stringify(format)} (only 'channels_last' is exported)`);
  }
}

const checked =
  (converter: LayerConverter): LayerConverter =>
  (call) => {
    checkChannelsLast(call);
    return converter(call);
  };

/** The converters of this file's layers, by class name. */
export const SPATIAL_CONVERTERS: Record<string, LayerConverter> = {
  Conv1D: checked(conv),
  Conv2D: checked(conv),
  MaxPooling1D: checked(pooling('MaxPool')),
  MaxPooling2D: checked(pooling('MaxPool')),
  AveragePooling1D: checked(pooling('AveragePool')),
  AveragePooling2D: checked(pooling('AveragePool')),
  GlobalAveragePooling1D: checked(globalPooling('ReduceMean')),
  GlobalAveragePooling2D: checked(globalPooling('ReduceMean')),
  GlobalMaxPooling1D: checked(globalPooling('ReduceMax')),
  GlobalMaxPooling2D: checked(globalPooling('ReduceMax')),
  ZeroPadding2D: checked(zeroPadding2d),
};
