// A functional model to and from the saved description (src/saving/functional-config.ts): the layers in
// Keras's order with their calls, node indices counted per layer within this model, as Keras writes them.
import { FileFormatError } from '../errors.ts';
import { InputLayer } from '../layers/input.ts';
import type { KerasTensor, Node } from '../layers/keras-tensor.ts';
import type { ConfigValue, Layer, LayerConfig } from '../layers/layer.ts';
import { createLayer } from '../layers/registry.ts';
import type { FunctionalDescription, FunctionalLayerDescription, TensorRef } from '../saving/functional-config.ts';
import { describeSequential } from '../saving/model-io.ts';
import { Model } from './functional.ts';
import { NestedModel } from './nested-model.ts';
import { Sequential, type SequentialConfig } from './sequential.ts';

/** The saved description of a functional model. */
export function describeFunctional(model: Model): FunctionalDescription {
  const calls = new Map<Layer, Node[]>();
  for (const input of model.inputs) calls.set(input.sourceLayer, [input.node]);
  for (const node of model.graph.nodes) {
    const list = calls.get(node.layer) ?? [];
    list.push(node.source!);
    calls.set(node.layer, list);
  }
  // Keras numbers a layer's calls within the model being saved.
  for (const list of calls.values()) list.sort((a, b) => a.index - b.index);
  const toRef = (t: KerasTensor): TensorRef => ({
    layer: t.sourceLayer.name,
    node: calls.get(t.sourceLayer)!.indexOf(t.node),
    tensor: t.index,
  });
  return {
    name: model.name,
    // Keras's model flag: false after model.trainable = false, not when only some layers are frozen.
    trainable: model.layers.some((layer) => layer.trainable),
    layers: model.layers.map((layer) => ({
      className: layer.className,
      name: layer.name,
      config: layer.getConfig(),
      nodes:
        layer instanceof InputLayer
          ? []
          : (calls.get(layer) ?? []).map((node) => ({
              inputs: node.inputs.map((t) => ({ ...toRef(t), shape: [...t.shape] })),
              list: node.calledWithList,
            })),
      ...(layer instanceof NestedModel ? nestedDescription(layer) : {}),
    })),
    inputs: model.inputs.map(toRef),
    outputs: model.outputs.map(toRef),
  };
}

// A nested model is saved with its own description; a frozen one says so in it.
function nestedDescription(layer: NestedModel): Pick<FunctionalLayerDescription, 'functional' | 'sequential'> {
  const inner = layer.model;
  if (inner instanceof Model) {
    const functional = describeFunctional(inner);
    return { functional: { ...functional, trainable: functional.trainable && layer.trainable } };
  }
  return { sequential: describeSequential(inner as Sequential, layer.trainable) };
}

/** The layer a stored nested model becomes: the model rebuilt from its config, seen as a layer. */
export function nestedModelLayer(className: string, config: LayerConfig, file: string): Layer {
  if (className === 'Functional') {
    const description = config.functional as unknown as FunctionalDescription;
    return functionalFromDescription(description, file).asLayer();
  }
  return Sequential.fromConfig(config as unknown as SequentialConfig).asLayer();
}

function createStoredLayer(entry: FunctionalLayerDescription, file: string): Layer {
  if (entry.functional !== undefined)
    return nestedModelLayer('Functional', { functional: entry.functional as unknown as ConfigValue }, file);
  if (entry.className === 'Sequential') return nestedModelLayer('Sequential', entry.config, file);
  return createLayer(entry.className, entry.config);
}

/**
 * Rebuilds a functional model from its saved description: creates the layers, then calls each on the
 * tensors its saved calls name, in as many passes as the order of the list needs (as Keras's from_config).
 */
export function functionalFromDescription(description: FunctionalDescription, file: string): Model {
  const layers = new Map<string, Layer>();
  const made = new Map<string, KerasTensor[]>();
  for (const entry of description.layers) {
    const layer = createStoredLayer(entry, file);
    layers.set(entry.name, layer);
    if (layer instanceof InputLayer) made.set(entry.name, [layer.output]);
  }
  const pending = description.layers.map((entry) => ({ entry, next: 0 }));
  const tensorOf = (r: TensorRef): KerasTensor | undefined => made.get(r.layer)?.[r.node];
  let progress = true;
  while (progress) {
    progress = false;
    for (const item of pending) {
      while (item.next < item.entry.nodes.length) {
        const node = item.entry.nodes[item.next];
        const inputs = node.inputs.map(tensorOf);
        if (inputs.some((t) => t === undefined)) break;
        const layer = layers.get(item.entry.name)!;
        const output = layer.apply(node.list ? (inputs as KerasTensor[]) : inputs[0]!);
        made.set(item.entry.name, [...(made.get(item.entry.name) ?? []), output]);
        item.next++;
        progress = true;
      }
    }
  }
  const stuck = pending.find((item) => item.next < item.entry.nodes.length);
  if (stuck !== undefined) {
    throw new FileFormatError(
      `${file}: layer '${stuck.entry.name}' is called on tensors that no layer of the model makes`,
    );
  }
  const resolve = (r: TensorRef, what: string): KerasTensor => {
    const t = tensorOf(r);
    if (t === undefined)
      throw new FileFormatError(
        `${file}: ${what} names ${r.layer}[${r.node}][${r.tensor}], which the model does not make`,
      );
    return t;
  };
  return new Model({
    name: description.name,
    inputs: description.inputs.map((r) => resolve(r, 'input_layers')),
    outputs: description.outputs.map((r) => resolve(r, 'output_layers')),
    ...(description.trainable ? {} : { trainable: false }),
  });
}
