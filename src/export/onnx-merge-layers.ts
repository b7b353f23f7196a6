// The merge layers of functional models: several inputs of one shape combined value by value, or joined.
import type { Concatenate } from '../layers/merge/concatenate.ts';
import type { LayerCall, LayerConverter } from './onnx-layer-call.ts';

/** An operator ONNX takes with any number of inputs (Sum, Mean, Max, Min). */
const variadic =
  (opType: string): LayerConverter =>
  (call) =>
    call.graph.addNode(opType, call.inputs, `${call.layer.name}/${opType}`);

/** Multiply as a chain of Mul (ONNX's Mul takes two inputs). */
function multiply(call: LayerCall): string {
  let product = call.inputs[0];
  for (const input of call.inputs.slice(1)) {
    product = call.graph.addNode('Mul', [product, input], `${call.layer.name}/mul`);
  }
  return product;
}

/** The converters of the merge layers, by class name. */
export const MERGE_CONVERTERS: Record<string, LayerConverter> = {
  // Keras's axis counts the batch axis, as ONNX's does; both take negative axes from the end.
  Concatenate: (call) =>
    call.graph.addNode('Concat', call.inputs, `${call.layer.name}/concat`, { axis: (call.layer as Concatenate).axis }),
  Add: variadic('Sum'),
  Subtract: (call) => call.graph.addNode('Sub', call.inputs, `${call.layer.name}/sub`),
  Multiply: multiply,
  Average: variadic('Mean'),
  Maximum: variadic('Max'),
  Minimum: variadic('Min'),
};
