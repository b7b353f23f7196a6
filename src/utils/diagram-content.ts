// What plotModel's diagram shows (keras.utils.plot_model): one box per layer with the lines its options ask
// for, and one edge from each layer to each layer that reads its output. A functional model is read off its
// graph (its InputLayers drawn, a shared layer once, a nested model as one box); a Sequential is a chain.
import { formatShape } from '../errors.ts';
import type { KerasTensor } from '../layers/keras-tensor.ts';
import type { Layer } from '../layers/layer.ts';
import type { Graph } from '../models/graph.ts';
import { NestedModel } from '../models/nested-model.ts';

/** A Sequential model: its layers and, once known, its input shape. */
export interface ChainModel {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly inputShape: (number | null)[] | null;
}

/** A functional model: its layers (InputLayers among them), its graph and its input tensors. */
export interface GraphModel {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly graph: Graph;
  readonly inputs: readonly KerasTensor[];
}

/** What plotModel draws: a Sequential or a functional Model. */
export type PlottableModel = ChainModel | GraphModel;

/** What each box shows (keras.utils.plot_model's show_* arguments; all off by default, as in Keras). */
export interface BoxOptions {
  /** The input and output shapes (an InputLayer shows its output shape only). */
  showShapes?: boolean;
  /** The output dtype. */
  showDtype?: boolean;
  /** 'name (ClassName)' instead of the class name alone. */
  showLayerNames?: boolean;
  /** The activation of the layers that have one. */
  showLayerActivations?: boolean;
  /** 'Trainable' or 'Non-trainable' for the layers that hold weights. */
  showTrainable?: boolean;
}

/** The boxes (a layer name and text lines each) and the edges [from, to] between them, by box index. */
export interface DiagramContent {
  names: string[];
  lines: string[][];
  edges: [number, number][];
  /** Whether the boxes form one chain (a Sequential), drawn as a column of equal widths. */
  chain: boolean;
}

type Shape = readonly (number | null)[];

/** The boxes and edges of a model's diagram. */
export function diagramContent(model: PlottableModel, options: BoxOptions): DiagramContent {
  return 'graph' in model ? graphContent(model, options) : chainContent(model, options);
}

/** A Sequential: its input, then its layers, each reading the one before. */
function chainContent(model: ChainModel, options: BoxOptions): DiagramContent {
  const names: string[] = [];
  const lines: string[][] = [];
  const input = model.inputShape;
  if (input !== null) {
    names.push('input_layer');
    lines.push(boxLines(null, 'input_layer', 'InputLayer', null, input, options));
  }
  let shape: Shape | null = input;
  for (const layer of model.layers) {
    const output = layer.built ? layer.outputShape : null;
    names.push(layer.name);
    lines.push(boxLines(layer, layer.name, layer.className, shape === null ? null : [shape], output, options));
    shape = output;
  }
  const edges = names.slice(1).map((_, i) => [i, i + 1] as [number, number]);
  return { names, lines, edges, chain: true };
}

/**
 * A functional model: a box per layer in model.layers order, and an edge from the maker of each tensor a
 * layer's calls read (once per pair, as Keras joins them). A layer's shapes are those of its first call.
 */
function graphContent(model: GraphModel, options: BoxOptions): DiagramContent {
  const { graph, inputs } = model;
  const box = new Map(model.layers.map((layer, b) => [layer, b]));
  const maker = (t: number): Layer =>
    t < inputs.length ? inputs[t].sourceLayer : graph.nodes[t - inputs.length].layer;
  const edges: [number, number][] = [];
  const joined = new Set<string>();
  for (const node of graph.nodes) {
    const to = box.get(node.layer)!;
    for (const t of node.inputs) {
      const from = box.get(maker(t))!;
      if (joined.has(`${from} ${to}`)) continue;
      joined.add(`${from} ${to}`);
      edges.push([from, to]);
    }
  }
  const lines = model.layers.map((layer) => {
    const call = graph.nodes.find((n) => n.layer === layer)?.source;
    const inputShapes = call === undefined ? null : call.inputs.map((t) => t.shape);
    const output = call?.outputs[0]?.shape ?? inputs.find((t) => t.sourceLayer === layer)?.shape ?? null;
    const listed = call?.calledWithList === true;
    return boxLines(layer, layer.name, layer.className, inputShapes, output, options, listed);
  });
  return { names: model.layers.map((l) => l.name), lines, edges, chain: false };
}

/** The text of one box, in Keras's order: the name, the activation, the shapes, the dtype, trainability. */
function boxLines(
  layer: Layer | null,
  name: string,
  className: string,
  inputShapes: readonly Shape[] | null,
  outputShape: Shape | null,
  options: BoxOptions,
  listed = false,
): string[] {
  const lines = [options.showLayerNames ? `${name} (${className})` : className];
  const activation = layer === null ? undefined : activationName(layer);
  if (options.showLayerActivations && activation !== undefined) lines.push(`Activation: ${activation}`);
  if (options.showShapes) {
    if (className !== 'InputLayer') lines.push(`Input shape: ${shapeText(inputShapes, listed)}`);
    lines.push(`Output shape: ${outputShape === null ? '?' : formatShape(outputShape)}`);
  }
  if (options.showDtype) lines.push(`Output dtype: ${outputShape === null ? '?' : 'float32'}`);
  if (options.showTrainable && layer !== null && layer.weightNames.length > 0) {
    lines.push(layer.trainable ? 'Trainable' : 'Non-trainable');
  }
  return lines;
}

/** One shape as Python prints a tuple, or a list of them for a layer called on a list (a merge). */
function shapeText(shapes: readonly Shape[] | null, listed: boolean): string {
  if (shapes === null || shapes.length === 0) return '?';
  return listed ? `[${shapes.map(formatShape).join(', ')}]` : formatShape(shapes[0]);
}

/** The activation Keras would show: layers with an `activation` attribute (not a nested model nor Softmax). */
function activationName(layer: Layer): string | undefined {
  if (layer instanceof NestedModel || layer.className === 'Softmax') return undefined;
  const activation = (layer as Layer & { activation?: unknown }).activation;
  return typeof activation === 'string' ? activation : undefined;
}
