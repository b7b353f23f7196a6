// Each supported layer as ONNX operators (opset 13). A layer reads the tensor named `input` and returns the
// name of its output; layers that compute nothing at inference (Dropout, InputLayer) return their input.
import { ValueError } from '../errors.ts';
import type { Layer } from '../layers/layer.ts';
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';

type LayerConverter = (layer: Layer, input: string, graph: OnnxGraphBuilder) => string;

// Keras activations and their ONNX operators; 'linear' is the identity. Softmax works along the last axis in
// Keras and in ONNX from opset 13 (before, it flattened the axes after `axis`).
const ACTIVATION_OPS: Record<string, { opType: string; attributes?: Record<string, number> } | null> = {
  linear: null,
  relu: { opType: 'Relu' },
  sigmoid: { opType: 'Sigmoid' },
  tanh: { opType: 'Tanh' },
  softmax: { opType: 'Softmax', attributes: { axis: -1 } },
};

/** The names of the layer classes the ONNX export supports. */
export const SUPPORTED_LAYERS = ['InputLayer', 'Dense', 'Activation', 'Dropout', 'Flatten'] as const;

const CONVERTERS: Record<(typeof SUPPORTED_LAYERS)[number], LayerConverter> = {
  InputLayer: (_layer, input) => input,
  Dropout: (_layer, input) => input, // identity outside training, as in Keras's inference
  Flatten: (layer, input, graph) => graph.addNode('Flatten', [input], layer.name, { axis: 1 }),
  Activation: (layer, input, graph) => activation(layer, layer.getConfig().activation, input, graph),
  Dense: dense,
};

/** Adds the operators of `layer` reading `input`; returns its output's name. Unsupported layers are refused. */
export function convertLayer(layer: Layer, input: string, graph: OnnxGraphBuilder): string {
  const converter = Object.hasOwn(CONVERTERS, layer.className)
    ? (CONVERTERS as Record<string, LayerConverter>)[layer.className]
    : undefined;
  if (converter === undefined) {
    throw new ValueError(
      `layer '${layer.name}' (${layer.className}) cannot be exported to ONNX: the export supports ${SUPPORTED_LAYERS.join(', ')}`,
    );
  }
  return converter(layer, input, graph);
}

/** y = activation(x · kernel + bias) as Gemm (nabla's Dense takes (batch, features)). */
function dense(layer: Layer, input: string, graph: OnnxGraphBuilder): string {
  const names = layer.weightNames;
  const weights = layer
    .getWeights()
    .map((w, i) => graph.addInitializer(`${layer.name}/${names[i]}`, w.shape, w.data as Float32Array));
  const output = graph.addNode('Gemm', [input, ...weights], `${layer.name}/dense`);
  return activation(layer, layer.getConfig().activation, output, graph);
}

function activation(layer: Layer, name: unknown, input: string, graph: OnnxGraphBuilder): string {
  const op = typeof name === 'string' && Object.hasOwn(ACTIVATION_OPS, name) ? ACTIVATION_OPS[name] : undefined;
  if (op === undefined) {
    throw new ValueError(
      `layer '${layer.name}' uses activation ${JSON.stringify(name)}, which the ONNX export does not support: ` +
        `it supports ${Object.keys(ACTIVATION_OPS)
          .map((a) => `'${a}'`)
          .join(', ')}`,
    );
  }
  if (op === null) return input;
  return graph.addNode(op.opType, [input], `${layer.name}/${name as string}`, op.attributes);
}
