import type { ActivationName } from '../backend/backend.ts';
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { type LayerConfig, type LayerStep, type StepOptions, Layer, sameShape } from '../layers/layer.ts';
import type { Generator } from '../random/generator.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { type Graph, tensorShapes } from './graph.ts';
import { combinedHooks, createGraphSteps } from './graph-steps.ts';
import type { Sequential } from './sequential.ts';

/** What a functional model offers its layer view (the Model class, seen structurally to avoid an import cycle). */
export interface GraphModel {
  readonly name: string;
  readonly layers: Layer[];
  readonly graph: Graph;
  getConfig(): object;
}

function isGraphModel(model: Sequential | GraphModel): model is GraphModel {
  return 'graph' in model;
}

/**
 * A model placed as a layer of another model (Keras: a Model is a Layer). It owns no weights of its own: its
 * weights are its layers', which stay shared with the model itself, so training the outer model trains the
 * inner one. It runs its layers' steps in order, and is saved as Keras saves a nested model.
 */
export class NestedModel extends Layer {
  readonly model: Sequential | GraphModel;

  /** A Sequential, or a functional model with one input and one output (its graph runs inside the step). */
  constructor(model: Sequential | GraphModel) {
    const shape = isGraphModel(model)
      ? [null, ...model.graph.inputShapes[0]]
      : (model.inputShape as (number | null)[] | null);
    super(isGraphModel(model) ? 'Functional' : 'Sequential', {
      name: model.name,
      ...(shape !== null ? { batchInputShape: shape } : {}),
    });
    this.model = model;
    if (isGraphModel(model)) this.inputShape = [...model.graph.inputShapes[0]];
  }

  /** The model's layers (a nested model among them is itself a NestedModel). */
  get layers(): Layer[] {
    return this.model.layers;
  }

  /** The last layer's activation, for the losses that work on logits (as Keras follows the output tensor). */
  get activation(): ActivationName {
    const model = this.model;
    const graph = isGraphModel(model) ? model.graph : null;
    const k = graph === null ? -1 : graph.outputs[0] - graph.inputShapes.length;
    const last = (graph === null ? this.layers[this.layers.length - 1] : graph.nodes[k]?.layer) as
      | (Layer & { activation?: ActivationName })
      | undefined;
    return last?.activation ?? 'linear';
  }

  /** Whether each weight trains: frozen when this layer or the layer holding it is frozen. */
  get weightTrainable(): boolean[] {
    return this.layers.flatMap((layer) => {
      const inner = layer.weightNames.map((_, i) => layer.isWeightTrainable(i));
      return inner.map((t) => t && this.trainable);
    });
  }

  override isWeightTrainable(index: number): boolean {
    return this.weightTrainable[index];
  }

  override get weightNames(): string[] {
    return this.layers.flatMap((layer) => layer.weightNames.map((w) => `${layer.name}/${w}`));
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    if (isGraphModel(this.model)) return this.layers.flatMap((layer) => layer.weightShapes(layer.inputShape!));
    const shapes: number[][] = [];
    let shape = [...inputShape];
    for (const layer of this.layers) {
      shapes.push(...layer.weightShapes(shape));
      shape = layer.computeOutputShape(shape);
    }
    return shapes;
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    if (isGraphModel(this.model)) {
      this.checkShape(inputShape);
      return tensorShapesOf(this.model.graph);
    }
    return this.layers.reduce<number[]>((shape, layer) => layer.computeOutputShape(shape), [...inputShape]);
  }

  override build(inputShape: readonly number[], _generator?: Generator): void {
    if (this.inputShape !== null) {
      this.checkShape(inputShape);
      return;
    }
    if (this.layers.length === 0)
      throw new ValueError(`model '${this.name}' has no layers: add layers before using it as a layer`);
    (this.model as Sequential).build([null, ...inputShape]);
    this.inputShape = [...inputShape];
  }

  override bindStorage(values: Float32Array[], grads: Float32Array[]): void {
    let k = 0;
    for (const layer of this.layers) {
      const count = layer.weightNames.length;
      layer.bindStorage(values.slice(k, k + count), grads.slice(k, k + count));
      k += count;
    }
  }

  override get weightBuffers(): readonly Float32Array[] {
    return this.layers.flatMap((layer) => layer.weightBuffers);
  }

  override get gradientBuffers(): readonly Float32Array[] {
    return this.layers.flatMap((layer) => layer.gradientBuffers);
  }

  override countParams(): number {
    return this.layers.reduce((sum, layer) => sum + layer.countParams(), 0);
  }

  override getWeights(): Tensor[] {
    return this.layers.flatMap((layer) => layer.getWeights());
  }

  override setWeights(weights: readonly Tensor[]): void {
    const expected = this.weightNames.length;
    if (weights.length !== expected)
      throw new ValueError(`model '${this.name}' expects ${expected} weights, got ${weights.length}`);
    let k = 0;
    for (const layer of this.layers) {
      const count = layer.weightNames.length;
      layer.setWeights(weights.slice(k, k + count));
      k += count;
    }
  }

  /** The model's config (Sequential.get_config), as Keras nests it. */
  override getConfig(): LayerConfig {
    return { ...(this.model.getConfig() as LayerConfig), trainable: this.trainable };
  }

  private checkShape(inputShape: readonly number[]): void {
    if (this.inputShape !== null && !sameShape(this.inputShape, inputShape)) {
      throw new ShapeError(
        `model '${this.name}' was built for input shape ${formatShape([null, ...this.inputShape])}, got ${formatShape([null, ...inputShape])}`,
      );
    }
  }

  /**
   * The layers' steps chained (a functional model: its graph planned); an activation override goes to the
   * output; the inner layers' penalties and constraints are the step's own.
   */
  override createStep(options: StepOptions): LayerStep {
    if (isGraphModel(this.model)) {
      const { input, inputGrad, activationOverride, ...rest } = options;
      const graph = createGraphSteps(this.model.graph, {
        ...rest,
        inputs: [input],
        inputGrads: [inputGrad],
        outputOverrides: [activationOverride],
      });
      return {
        output: graph.outputs[0],
        outputGrad: graph.outputGrads[0],
        forward: graph.forward,
        backward: graph.backward,
        ...combinedHooks(graph.steps),
      };
    }
    const steps: LayerStep[] = [];
    let input = options.input;
    let inputGrad = options.inputGrad;
    this.layers.forEach((layer, i) => {
      const last = i === this.layers.length - 1;
      const activationOverride = last ? options.activationOverride : undefined;
      const step = layer.createStep({ ...options, input, inputGrad, activationOverride });
      steps.push(step);
      input = step.output;
      inputGrad = step.outputGrad;
    });
    const final = steps[steps.length - 1];
    return {
      output: final.output,
      outputGrad: final.outputGrad,
      ...combinedHooks(steps),
      forward: (rows, training) => {
        for (const step of steps) step.forward(rows, training);
      },
      backward: (rows) => {
        for (let i = steps.length - 1; i >= 0; i--) steps[i].backward(rows);
      },
    };
  }
}

/** The output sample shape of a one-output graph. */
function tensorShapesOf(graph: Graph): number[] {
  return [...tensorShapes(graph)[graph.outputs[0]]];
}
