// Each supported layer as ONNX operators (opset 13). A converter reads the tensors named in its call and returns
// the name of its output; layers that compute nothing at inference (Dropout, InputLayer) return their input.
import { ValueError } from '../errors.ts';
import type { Layer } from '../layers/layer.ts';
import { applyActivation } from './onnx-activations.ts';
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { type LayerCall, type LayerConverter, weightInitializer } from './onnx-layer-call.ts';
import { MERGE_CONVERTERS } from './onnx-merge-layers.ts';
import { POINTWISE_CONVERTERS } from './onnx-pointwise-layers.ts';
import { SPATIAL_CONVERTERS } from './onnx-spatial-layers.ts';

/** y = activation(x · kernel + bias) as Gemm (nabla's Dense takes (batch, features)). */
function dense(call: LayerCall): string {
  const { layer, graph } = call;
  const weights = layer.weightNames.map((name) => weightInitializer(call, name));
  const output = graph.addNode('Gemm', [call.inputs[0], ...weights], `${layer.name}/dense`);
  return applyActivation(layer, layer.getConfig().activation, output, graph);
}

const CONVERTERS: Record<string, LayerConverter> = {
  InputLayer: (call) => call.inputs[0],
  Dropout: (call) => call.inputs[0], // identity outside training, as in Keras's inference
  Flatten: (call) => call.graph.addNode('Flatten', [call.inputs[0]], call.layer.name, { axis: 1 }),
  Activation: (call) => applyActivation(call.layer, call.layer.getConfig().activation, call.inputs[0], call.graph),
  Dense: dense,
  ...SPATIAL_CONVERTERS,
  ...POINTWISE_CONVERTERS,
  ...MERGE_CONVERTERS,
};

/** The names of the layer classes the ONNX export supports. */
export const SUPPORTED_LAYERS = Object.keys(CONVERTERS);

/** Adds the operators of one call of `layer`; returns its output's name. Unsupported layers are refused. */
export function convertLayer(
  layer: Layer,
  inputs: readonly string[],
  inputShapes: readonly (readonly number[])[],
  graph: OnnxGraphBuilder,
): string {
  const converter = Object.hasOwn(CONVERTERS, layer.className) ? CONVERTERS[layer.className] : undefined;
  if (converter === undefined) {
    throw new ValueError(
      `layer '${layer.name}' (${layer.className}) cannot be exported to ONNX: the export supports ${SUPPORTED_LAYERS.join(', ')}`,
    );
  }
  return converter({ layer, inputs, inputShapes, graph });
}
