// Keras's activation functions as ONNX operators (opset 13), checked against nabla's kernels by the tests.
import type { Layer } from '../layers/layer.ts';
import type { AttributeValue, OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { unsupportedOption } from './onnx-layer-call.ts';

type ActivationOps = (input: string, base: string, graph: OnnxGraphBuilder, layer: Layer) => string;

const single =
  (opType: string, attributes?: Record<string, AttributeValue>): ActivationOps =>
  (input, base, graph) =>
    graph.addNode(opType, [input], base, attributes);

/** min(max(x, low), high) with the bounds as scalar constants (Clip takes them as inputs from opset 11). */
function clip(low: number, high: number): ActivationOps {
  return (input, base, graph, layer) => {
    const bounds = [low, high].map((v, i) =>
      graph.layerConstant(layer, `${base}/${i === 0 ? 'min' : 'max'}`, () => ({
        dims: [],
        values: Float32Array.of(v),
      })),
    );
    return graph.addNode('Clip', [input, ...bounds], base);
  };
}

// Softmax works along the last axis in Keras and in ONNX from opset 13 (before, it flattened the axes after `axis`).
// ELU and SELU: ONNX's default alpha (and gamma) are Keras's constants in float32.
const ACTIVATIONS: Record<string, ActivationOps | null> = {
  linear: null,
  relu: single('Relu'),
  sigmoid: single('Sigmoid'),
  tanh: single('Tanh'),
  softmax: single('Softmax', { axis: -1 }),
  elu: single('Elu', { alpha: { float: 1 } }),
  selu: single('Selu'),
  softplus: single('Softplus'),
  softsign: single('Softsign'),
  leaky_relu: single('LeakyRelu', { alpha: { float: 0.2 } }), // Keras's activation uses a slope of 0.2
  relu6: clip(0, 6),
  hard_sigmoid: single('HardSigmoid', { alpha: { float: 1 / 6 }, beta: { float: 0.5 } }), // Keras 3: relu6(x + 3) / 6
  silu: (input, base, graph) => graph.addNode('Mul', [input, graph.addNode('Sigmoid', [input], `${base}_gate`)], base),
};

/** The activations the export supports. */
export const SUPPORTED_ACTIVATIONS = Object.keys(ACTIVATIONS);

/** Applies the activation `name` of `layer` to `input`; returns the output (the input itself for 'linear'). */
export function applyActivation(layer: Layer, name: unknown, input: string, graph: OnnxGraphBuilder): string {
  const ops = typeof name === 'string' && Object.hasOwn(ACTIVATIONS, name) ? ACTIVATIONS[name] : undefined;
  if (ops === undefined) {
    throw unsupportedOption(
      layer,
      `activation ${JSON.stringify(name)} is not supported: the export supports ${SUPPORTED_ACTIVATIONS.map((a) => `'${a}'`).join(', ')}`,
    );
  }
  return ops === null ? input : ops(input, `${layer.name}/${name as string}`, graph, layer);
}
