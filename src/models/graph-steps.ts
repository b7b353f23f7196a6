import type { ActivationName } from '../backend/backend.ts';
import { isMultiInput } from '../layers/keras-tensor.ts';
import type { LayerStep, StepOptions } from '../layers/layer.ts';
import { shapeSize } from '../tensor/tensor.ts';
import { type Graph, consumerCounts, tensorShapes } from './graph.ts';

/** What planning a graph needs: the StepOptions of its inputs, one buffer (and gradient buffer) per input. */
export interface GraphStepOptions extends Omit<StepOptions, 'input' | 'inputGrad' | 'activationOverride'> {
  inputs: readonly Float32Array[];
  inputGrads: readonly (Float32Array | null)[];
  /** Per output, an activation that replaces its layer's (logits for a fused loss); used when nothing else reads it. */
  outputOverrides?: readonly (ActivationName | undefined)[];
}

/** A graph's planned steps: its output buffers, where their gradients go, and the passes. */
export interface GraphSteps {
  outputs: Float32Array[];
  outputGrads: (Float32Array | null)[];
  /** The layers' steps in topological order. */
  steps: LayerStep[];
  forward(rows: number, training: boolean): void;
  backward(rows: number): void;
}

/** Which output overrides apply: only to an output that no other layer reads (they need the activated values). */
export function overridableOutputs(graph: Graph): boolean[] {
  const consumers = consumerCounts(graph);
  return graph.outputs.map(
    (t, j) => consumers[t] === 0 && graph.outputs.indexOf(t) === j && t >= graph.inputShapes.length,
  );
}

/**
 * Plans a graph over the LayerStep contract. A tensor read by one layer hands that layer its producer's
 * gradient buffer (the chain case: no copies, as fast as a plain chain); a tensor read by several (or read
 * and also a model output) gives each reader a buffer of its own and sums them before its producer's
 * backward pass. A layer called more than once writes its weight gradients of later calls into scratch
 * buffers that are added to its own after the backward pass.
 */
export function createGraphSteps(graph: Graph, options: GraphStepOptions): GraphSteps {
  const { alloc, maxRows, withGradients } = options;
  const shapes = tensorShapes(graph);
  const size = shapes.map((s) => shapeSize(s));
  const readers = consumerCounts(graph);
  graph.outputs.forEach((t) => readers[t]++);
  const values: Float32Array[] = [...options.inputs];
  const grads: (Float32Array | null)[] = [...options.inputGrads];
  const readerGrads: Float32Array[][] = size.map(() => []);
  const gradFor = (t: number): Float32Array | null => {
    const target = grads[t];
    if (target === null || !withGradients) return null;
    if (readers[t] === 1) return target;
    const own = alloc(maxRows * size[t]);
    readerGrads[t].push(own);
    return own;
  };
  const overridable = overridableOutputs(graph);
  const steps: LayerStep[] = [];
  const weightSums: { real: Float32Array; scratch: Float32Array }[] = [];
  const called = new Set<unknown>();
  graph.nodes.forEach((node, k) => {
    const out = graph.inputShapes.length + k;
    const j = graph.outputs.indexOf(out);
    const activationOverride = j >= 0 && overridable[j] ? options.outputOverrides?.[j] : undefined;
    const layer = node.layer;
    const again = called.has(layer);
    const repeat = again && withGradients;
    called.add(layer);
    const realGrads = layer.gradientBuffers as Float32Array[];
    if (repeat) {
      const scratch = realGrads.map((g) => alloc(g.length));
      scratch.forEach((s, i) => weightSums.push({ real: realGrads[i], scratch: s }));
      layer.bindStorage(layer.weightBuffers as Float32Array[], scratch);
    }
    // A later call's weight penalties and constraints belong to the first call (Keras counts them once); so do
    // all of a nested model's when the model itself is called again.
    const base = { ...options, activationOverride, repeatCall: again || options.repeatCall === true };
    const step = isMultiInput(layer)
      ? layer.createMultiStep({
          ...base,
          inputs: node.inputs.map((t) => values[t]),
          inputGrads: node.inputs.map(gradFor),
        })
      : layer.createStep({ ...base, input: values[node.inputs[0]], inputGrad: gradFor(node.inputs[0]) });
    if (repeat) layer.bindStorage(layer.weightBuffers as Float32Array[], realGrads);
    steps.push(step);
    values.push(step.output);
    grads.push(withGradients ? step.outputGrad : null);
  });
  const outputGrads = graph.outputs.map(gradFor);
  const nodeCount = steps.length;
  const inputCount = graph.inputShapes.length;
  const sumReaders = (t: number, rows: number): void => {
    const parts = readerGrads[t];
    const target = grads[t];
    if (parts.length === 0 || target === null) return;
    addAll(target, parts, rows * size[t]);
  };
  return {
    outputs: graph.outputs.map((t) => values[t]),
    outputGrads,
    steps,
    forward: (rows, training) => {
      for (let k = 0; k < nodeCount; k++) steps[k].forward(rows, training);
    },
    backward: (rows) => {
      for (let k = nodeCount - 1; k >= 0; k--) {
        sumReaders(inputCount + k, rows);
        steps[k].backward(rows);
      }
      for (let t = 0; t < inputCount; t++) sumReaders(t, rows);
      for (const { real, scratch } of weightSums) for (let i = 0; i < real.length; i++) real[i] += scratch[i];
    },
  };
}

/** The penalty and afterUpdate hooks of several steps as one step's (a nested model's layers). */
export function combinedHooks(steps: readonly LayerStep[]): Pick<LayerStep, 'penalty' | 'afterUpdate'> {
  const penalized = steps.filter((s) => s.penalty !== undefined);
  const constrained = steps.filter((s) => s.afterUpdate !== undefined);
  const hooks: Pick<LayerStep, 'penalty' | 'afterUpdate'> = {};
  if (penalized.length > 0)
    hooks.penalty = (rows, firstRow) => penalized.reduce((t, s) => t + s.penalty!(rows, firstRow), 0);
  if (constrained.length > 0) hooks.afterUpdate = () => constrained.forEach((s) => s.afterUpdate!());
  return hooks;
}

/** target = Σ parts over the first n values. */
function addAll(target: Float32Array, parts: readonly Float32Array[], n: number): void {
  target.set(parts[0].subarray(0, n));
  for (let p = 1; p < parts.length; p++) {
    const part = parts[p];
    for (let i = 0; i < n; i++) target[i] += part[i];
  }
}
