// Symbolic tensors and graph nodes of the functional API (keras.KerasTensor, keras Node): calling a layer on
// a symbolic tensor records the call instead of computing anything; a functional Model is read off the graph.
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { getBackend } from '../backend/index.ts';
import { type Generator, defaultGenerator } from '../random/generator.ts';
import { Tensor, shapeSize } from '../tensor/tensor.ts';
import type { Layer, LayerStep, StepOptions } from './layer.ts';

/** One call of a layer on symbolic tensors (Keras Node): its inputs and the tensor it made. */
export class Node {
  readonly outputs: KerasTensor[] = [];

  constructor(
    readonly layer: Layer,
    readonly inputs: readonly KerasTensor[],
    /** The position of this node in layer.inboundNodes. */
    readonly index: number,
    /** Whether the layer was called with a list (merge layers), which Keras records as one list argument. */
    readonly calledWithList: boolean,
  ) {}
}

/**
 * A symbolic tensor (keras.KerasTensor): a shape with the batch axis first (null for any batch size) and the
 * layer call that made it. It holds no values; models are built from them.
 */
export class KerasTensor {
  readonly shape: (number | null)[];
  readonly dtype = 'float32' as const;
  readonly node: Node;
  /** Which of the node's outputs this is (always 0: every layer here has one output). */
  readonly index: number;

  constructor(shape: readonly (number | null)[], node: Node, index = 0) {
    this.shape = [...shape];
    this.node = node;
    this.index = index;
  }

  /** The layer whose call made this tensor (an InputLayer for an Input). */
  get sourceLayer(): Layer {
    return this.node.layer;
  }

  /** Keras's name for the tensor: the layer name (input tensors are named after their InputLayer). */
  get name(): string {
    return this.node.layer.name;
  }

  /** The sample shape (without the batch axis). */
  get sampleShape(): number[] {
    return this.shape.slice(1) as number[];
  }

  toString(): string {
    return `<KerasTensor shape=${formatShape(this.shape)}, dtype=float32, name=${this.name}>`;
  }
}

/** The step options of a layer with several inputs: one buffer (and gradient buffer) per input. */
export interface MultiStepOptions extends Omit<StepOptions, 'input' | 'inputGrad'> {
  inputs: readonly Float32Array[];
  inputGrads: readonly (Float32Array | null)[];
}

/** A layer called on a list of tensors (the merge layers): built for, and planned over, several inputs. */
export interface MultiInputLayer extends Layer {
  readonly multiInput: true;
  /** The sample shapes of the inputs, once built. */
  readonly inputShapes: number[][] | null;
  buildMulti(shapes: readonly (readonly number[])[]): void;
  computeMultiOutputShape(shapes: readonly (readonly number[])[]): number[];
  createMultiStep(options: MultiStepOptions): LayerStep;
}

/** Whether a layer takes a list of inputs. */
export function isMultiInput(layer: Layer): layer is MultiInputLayer {
  return (layer as Partial<MultiInputLayer>).multiInput === true;
}

/** Whether x is a symbolic tensor or a non-empty list of them. */
export function isSymbolic(x: unknown): x is KerasTensor | readonly KerasTensor[] {
  return x instanceof KerasTensor || (Array.isArray(x) && x.length > 0 && x.every((t) => t instanceof KerasTensor));
}

/** Records a layer call on symbolic tensors (builds the layer for their shapes) and returns its output. */
export function applySymbolic(
  layer: Layer,
  x: KerasTensor | readonly KerasTensor[],
  generator?: Generator,
): KerasTensor {
  const list = x instanceof KerasTensor ? [x] : [...x];
  const shapes = list.map((t) => t.sampleShape);
  let outShape: number[];
  if (isMultiInput(layer)) {
    if (x instanceof KerasTensor || list.length < 2) {
      throw new ValueError(
        `layer '${layer.name}' (${layer.className}) merges a list of at least 2 tensors, got ${list.length}`,
      );
    }
    layer.buildMulti(shapes);
    outShape = layer.computeMultiOutputShape(shapes);
  } else {
    if (list.length !== 1)
      throw new ValueError(
        `layer '${layer.name}' (${layer.className}) takes one input tensor, got a list of ${list.length}`,
      );
    layer.build(shapes[0], generator);
    outShape = layer.computeOutputShape(shapes[0]);
  }
  const node = new Node(layer, list, layer.inboundNodes.length, !(x instanceof KerasTensor));
  layer.inboundNodes.push(node);
  const output = new KerasTensor([list[0].shape[0], ...outShape], node);
  node.outputs.push(output);
  return output;
}

/** A layer's input tensor (or list) at its first call (Keras layer.input). */
export function layerInput(layer: Layer): KerasTensor | KerasTensor[] {
  const node = firstNode(layer, 'input');
  return node.calledWithList ? [...node.inputs] : node.inputs[0];
}

/** A layer's output tensor at its first call (Keras layer.output). */
export function layerOutput(layer: Layer): KerasTensor {
  return firstNode(layer, 'output').outputs[0];
}

function firstNode(layer: Layer, what: string): Node {
  const node = layer.inboundNodes[0];
  if (node === undefined) {
    throw new ValueError(
      `layer '${layer.name}' has no ${what} yet: call it on a symbolic tensor (layer.apply(nb.Input({ shape })) or place it in a model with a known input shape`,
    );
  }
  return node;
}

/** Checks that a symbolic sample shape is fully known (only the batch axis may be null). */
export function checkSampleShape(shape: readonly (number | null)[], what: string): number[] {
  const sample = shape.slice(1);
  if (sample.some((d) => d === null || !Number.isInteger(d) || (d as number) < 1)) {
    throw new ShapeError(
      `${what}: every axis but the batch axis must be a positive integer, got ${formatShape(shape)}`,
    );
  }
  return sample as number[];
}

/** Runs a multi-input layer on a list of real Tensors (the eager path of merge layers). */
export function applyEagerList(layer: Layer, xs: readonly Tensor[]): Tensor {
  if (!isMultiInput(layer))
    throw new ValueError(`layer '${layer.name}' (${layer.className}) takes one Tensor, got a list of ${xs.length}`);
  if (xs.length < 2)
    throw new ValueError(
      `layer '${layer.name}' (${layer.className}) merges a list of at least 2 tensors, got ${xs.length}`,
    );
  const rows = xs[0].shape[0];
  if (xs.some((x) => x.shape[0] !== rows)) {
    throw new ShapeError(
      `layer '${layer.name}' (${layer.className}): the inputs have different batch sizes ${xs.map((x) => x.shape[0]).join(', ')}`,
    );
  }
  const shapes = xs.map((x) => x.shape.slice(1));
  layer.buildMulti(shapes);
  const step = layer.createMultiStep({
    backend: getBackend(),
    alloc: (n) => new Float32Array(n),
    maxRows: Math.max(rows, 1),
    withGradients: false,
    inputs: xs.map((x) => Float32Array.from(x.data)),
    inputGrads: xs.map(() => null),
    generator: () => defaultGenerator(),
  });
  step.forward(rows, false);
  const outShape = layer.computeMultiOutputShape(shapes);
  return new Tensor(Float32Array.from(step.output.subarray(0, rows * shapeSize(outShape))), [rows, ...outShape]);
}
