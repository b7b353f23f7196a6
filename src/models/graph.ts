// The layer graph a model runs: tensors numbered model inputs first, then one per node (its output), nodes in
// topological order. A Sequential is a chain; a functional Model is read off its symbolic tensors.
import { ValueError } from '../errors.ts';
import { InputLayer } from '../layers/input.ts';
import { type KerasTensor, type Node, isMultiInput } from '../layers/keras-tensor.ts';
import type { Layer } from '../layers/layer.ts';

/** One layer call: the ids of the tensors it reads; its output is tensor `inputCount + index`. */
export interface GraphNode {
  layer: Layer;
  inputs: number[];
  /** The symbolic call this node was read from (functional models). */
  source?: Node;
}

/** A model's computation: sample shapes of its inputs, nodes in topological order, and the output tensor ids. */
export interface Graph {
  inputShapes: number[][];
  nodes: GraphNode[];
  outputs: number[];
}

/** The chain of a Sequential: each layer reads the previous layer's output. */
export function chainGraph(layers: readonly Layer[], inputShape: readonly number[]): Graph {
  const nodes = layers.map((layer, i) => ({ layer, inputs: [i] }));
  return { inputShapes: [[...inputShape]], nodes, outputs: [layers.length] };
}

/** The sample shape of every tensor of a graph, by id. */
export function tensorShapes(graph: Graph): number[][] {
  const shapes = graph.inputShapes.map((s) => [...s]);
  for (const node of graph.nodes) {
    const inputs = node.inputs.map((t) => shapes[t]);
    shapes.push(
      isMultiInput(node.layer) ? node.layer.computeMultiOutputShape(inputs) : node.layer.computeOutputShape(inputs[0]),
    );
  }
  return shapes;
}

/** How many node inputs read each tensor. */
export function consumerCounts(graph: Graph): number[] {
  const counts = new Array<number>(graph.inputShapes.length + graph.nodes.length).fill(0);
  for (const node of graph.nodes) for (const t of node.inputs) counts[t]++;
  return counts;
}

/** The layer that makes tensor t, or null for a model input. */
export function producerOf(graph: Graph, t: number): Layer | null {
  const k = t - graph.inputShapes.length;
  return k >= 0 ? graph.nodes[k].layer : null;
}

/** A graph from symbolic tensors, and its layers (InputLayers first, then in call order, each once, as Keras lists them). */
export function graphFromTensors(
  inputs: readonly KerasTensor[],
  outputs: readonly KerasTensor[],
  modelName: string,
): { graph: Graph; layers: Layer[] } {
  const ids = new Map<KerasTensor, number>();
  inputs.forEach((t, i) => {
    if (!(t.sourceLayer instanceof InputLayer)) {
      throw new ValueError(
        `model '${modelName}': input ${i} is not an nb.Input tensor but the output of layer '${t.sourceLayer.name}'`,
      );
    }
    if (ids.has(t)) throw new ValueError(`model '${modelName}': input '${t.name}' is listed twice`);
    ids.set(t, i);
  });
  const nodes: GraphNode[] = [];
  const visiting = new Set<KerasTensor>();
  const visit = (t: KerasTensor): number => {
    const known = ids.get(t);
    if (known !== undefined) return known;
    if (t.sourceLayer instanceof InputLayer) {
      throw new ValueError(
        `model '${modelName}': the graph is disconnected: output needs input '${t.name}', which is not among the model's inputs (${inputs.map((i) => `'${i.name}'`).join(', ')})`,
      );
    }
    if (visiting.has(t))
      throw new ValueError(`model '${modelName}': the layer graph has a cycle at layer '${t.sourceLayer.name}'`);
    visiting.add(t);
    const inputIds = t.node.inputs.map(visit);
    nodes.push({ layer: t.sourceLayer, inputs: inputIds, source: t.node });
    const id = inputs.length + nodes.length - 1;
    ids.set(t, id);
    return id;
  };
  const outputIds = outputs.map(visit);
  return {
    graph: { inputShapes: inputs.map((t) => t.sampleShape), nodes, outputs: outputIds },
    layers: kerasLayerOrder(inputs, outputs),
  };
}

/**
 * The layers in Keras's order (its map_graph): by depth, deepest (nearest the inputs) first, where a node's
 * depth is its longest distance to an output; within one depth, by first visit of a walk from the outputs.
 * Keras names saved weights after this order, so files read and written depend on it.
 */
function kerasLayerOrder(inputs: readonly KerasTensor[], outputs: readonly KerasTensor[]): Layer[] {
  const inputSet = new Set(inputs);
  const finished = new Set<Node>();
  const decreasingDepth: Node[] = [];
  const firstVisit = new Map<Layer, number>();
  const walk = (t: KerasTensor): void => {
    const node = t.node;
    if (finished.has(node)) return;
    if (!firstVisit.has(node.layer)) firstVisit.set(node.layer, firstVisit.size);
    if (!inputSet.has(t)) for (const input of node.inputs) walk(input);
    finished.add(node);
    decreasingDepth.push(node);
  };
  outputs.forEach(walk);
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (const node of [...decreasingDepth].reverse()) {
    const depth = Math.max(nodeDepth.get(node) ?? 0, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    if (inputSet.has(node.outputs[0])) continue;
    for (const input of node.inputs) nodeDepth.set(input.node, Math.max(depth + 1, nodeDepth.get(input.node) ?? 0));
  }
  // An input that no output needs still belongs to the model, at depth 0.
  for (const t of inputs) {
    if (!layerDepth.has(t.sourceLayer)) {
      layerDepth.set(t.sourceLayer, 0);
      firstVisit.set(t.sourceLayer, -1);
    }
  }
  return [...layerDepth.keys()].sort(
    (a, b) => layerDepth.get(b)! - layerDepth.get(a)! || firstVisit.get(a)! - firstVisit.get(b)!,
  );
}
