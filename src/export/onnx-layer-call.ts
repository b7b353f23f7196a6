// What a layer's converter receives: the layer, the names and sample shapes of the tensors it reads, the graph.
import { ValueError } from '../errors.ts';
import type { Layer } from '../layers/layer.ts';
import type { OnnxGraphBuilder } from './onnx-graph-builder.ts';

/** One call of a layer in the exported graph. */
export interface LayerCall {
  readonly layer: Layer;
  /** The ONNX tensors the call reads, in order. */
  readonly inputs: readonly string[];
  /** Their sample shapes (without the batch axis), channels-last as in Keras. */
  readonly inputShapes: readonly (readonly number[])[];
  readonly graph: OnnxGraphBuilder;
}

/** Adds the operators of one layer call; returns the name of its output. */
export type LayerConverter = (call: LayerCall) => string;

/** The error for a layer option the export cannot express: names the layer and the option. */
export function unsupportedOption(layer: Layer, what: string): ValueError {
  return new ValueError(`layer '${layer.name}' (${layer.className}) cannot be exported to ONNX: ${what}`);
}

/** The layer's weight `name` as an initializer (shared by every call of the layer), optionally rearranged. */
export function weightInitializer(
  call: LayerCall,
  name: string,
  rearrange?: (values: Float32Array, shape: readonly number[]) => { dims: readonly number[]; values: Float32Array },
): string {
  const { layer, graph } = call;
  return graph.layerConstant(layer, name, () => {
    const index = layer.weightNames.indexOf(name);
    if (index < 0) throw unsupportedOption(layer, `it has no weight '${name}'`);
    const weight = layer.getWeights()[index];
    const values = weight.data as Float32Array;
    return rearrange === undefined ? { dims: weight.shape, values } : rearrange(values, weight.shape);
  });
}

/** A float32 constant of `layer` made from plain numbers (a scalar when `dims` is []). */
export function numberConstant(
  call: LayerCall,
  key: string,
  dims: readonly number[],
  values: readonly number[],
): string {
  return call.graph.layerConstant(call.layer, key, () => ({ dims, values: Float32Array.from(values) }));
}
