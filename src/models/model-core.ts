import type { Backend } from '../backend/backend.ts';
import { getBackend } from '../backend/index.ts';
import { checkWeightsFit } from '../backend/memory-budget.ts';
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import type { Layer } from '../layers/layer.ts';
import { sameShape } from '../layers/layer.ts';
import type { Loss } from '../losses.ts';
import type { MetricSpec } from '../metrics.ts';
import type { Optimizer, OptimizerVariable } from '../optimizers/optimizer.ts';
import { type Generator, defaultGenerator } from '../random/generator.ts';
import { shapeSize } from '../tensor/tensor.ts';
import { type Graph, chainGraph, tensorShapes } from './graph.ts';
import { NestedModel } from './nested-model.ts';
import { ModelPlan, type PlanKind } from './plan.ts';

/** Planned steps kept per model (train, eval and predict for a couple of batch sizes). */
const MAX_PLANS = 8;

/**
 * The state behind a Sequential model: its layers, the one flat parameter buffer (and gradient buffer of the
 * same layout) their weights live in, the compiled loss/metrics/optimizer, and the planned steps per batch size.
 */
export class ModelCore {
  readonly layers: Layer[] = [];
  /** The declared sample shape (from inputShape or an Input), or null until data arrives. */
  declaredInput: number[] | null = null;
  /** The sample shape the model is built for. */
  inputShape: number[] | null = null;
  params: Float32Array | null = null;
  grads: Float32Array | null = null;
  variables: OptimizerVariable[] = [];
  /** The loss of each output (one for a Sequential); empty before compile. */
  losses: Loss[] = [];
  /** The weight of each output's loss in the total (Keras loss_weights). */
  lossWeights: number[] = [];
  /** The metrics of each output (they ignore sample weights). */
  outputMetricSpecs: MetricSpec[][] = [];
  /** The weighted metrics of each output (Keras weighted_metrics). */
  outputWeightedMetricSpecs: MetricSpec[][] = [];
  /** Names of the inputs and outputs (a functional model's input and output layers; 'x' for a Sequential). */
  inputNames: string[] = ['x'];
  outputNames: string[] = ['output'];
  /** The graph of a functional model; null for a Sequential, whose graph is the chain of its layers. */
  fixedGraph: Graph | null = null;
  optimizer: Optimizer | null = null;
  /** Overrides the global generator for dropout while a seeded fit runs. */
  dropoutGenerator: Generator | null = null;
  private readonly plans = new Map<string, ModelPlan>();
  private backendUsed: Backend | null = null;
  /** Per layer, the views into this model's flat buffers that the layer's weights live in while this model runs. */
  private views: { values: Float32Array[]; grads: Float32Array[] }[] = [];

  get built(): boolean {
    return this.inputShape !== null;
  }

  /** The loss of the first output (the only one of a Sequential), or null before compile. */
  get loss(): Loss | null {
    return this.losses[0] ?? null;
  }

  /** The metrics of the first output. */
  get metricSpecs(): MetricSpec[] {
    return this.outputMetricSpecs[0] ?? [];
  }

  /** The weighted metrics of the first output. */
  get weightedMetricSpecs(): MetricSpec[] {
    return this.outputWeightedMetricSpecs[0] ?? [];
  }

  /** Sets a single-output compile (a Sequential's). */
  setCompiled(loss: Loss, metricSpecs: MetricSpec[], weightedMetricSpecs: MetricSpec[]): void {
    this.losses = [loss];
    this.lossWeights = [1];
    this.outputMetricSpecs = [metricSpecs];
    this.outputWeightedMetricSpecs = [weightedMetricSpecs];
  }

  /** The graph the plans run: the functional model's, or the chain of the layers for the built input shape. */
  graph(): Graph {
    return this.fixedGraph ?? chainGraph(this.layers, this.inputShape!);
  }

  /** Makes this the core of a functional model: its layers and graph, already built; allocates the weights. */
  setGraph(graph: Graph, layers: readonly Layer[]): void {
    this.fixedGraph = graph;
    this.layers.splice(0, this.layers.length, ...layers);
    this.inputShape = [...graph.inputShapes[0]];
    this.allocateParameters();
  }

  /** The sample shape of each model input. */
  get inputShapes(): number[][] {
    return this.fixedGraph?.inputShapes ?? [this.inputShape!];
  }

  /** The sample shape of each model output. */
  get outputShapes(): number[][] {
    if (this.fixedGraph === null) return [this.outputShape];
    const shapes = tensorShapes(this.fixedGraph);
    return this.fixedGraph.outputs.map((t) => shapes[t]);
  }

  /** Number of input features per sample. */
  get inputSize(): number {
    return shapeSize(this.inputShape!);
  }

  /** The sample shape of the (first) output. */
  get outputShape(): number[] {
    if (this.fixedGraph !== null) return this.outputShapes[0];
    let shape = this.inputShape!;
    for (const layer of this.layers) shape = layer.computeOutputShape(shape);
    return shape;
  }

  /** Values per output sample (units of the last Dense). */
  get outputUnits(): number {
    return shapeSize(this.outputShape);
  }

  /** Builds every layer for a sample shape and moves all weights into one flat buffer. */
  build(sampleShape: readonly number[], generator: Generator = defaultGenerator()): void {
    let shape = [...sampleShape];
    for (const layer of this.layers) {
      layer.build(shape, generator);
      shape = layer.computeOutputShape(shape);
    }
    this.inputShape = [...sampleShape];
    this.allocateParameters();
  }

  /** Checks each input's sample shape (a functional model), or builds for/checks the one input of a Sequential. */
  ensureBuiltFor(
    sampleShapes: readonly (readonly number[])[],
    rows: number,
    modelName: string,
    inputNames: readonly string[],
  ): void {
    if (this.fixedGraph === null) {
      this.ensureBuilt(sampleShapes[0], rows, modelName);
      return;
    }
    this.fixedGraph.inputShapes.forEach((expected, i) => {
      if (!sameShape(expected, sampleShapes[i])) {
        throw new ShapeError(
          `model '${modelName}' expects input '${inputNames[i]}' of shape ${formatShape([null, ...expected])}, got ${formatShape([rows, ...sampleShapes[i]])}`,
        );
      }
    });
  }

  /** Builds for x's sample shape, or checks it against the shape the model was built for. */
  ensureBuilt(sampleShape: readonly number[], rows: number, modelName: string): void {
    const expected = this.inputShape ?? this.declaredInput;
    if (expected !== null && !sameShape(expected, sampleShape)) {
      throw new ShapeError(inputShapeMessage(modelName, expected, sampleShape, rows, this.layers[0]));
    }
    if (this.layers.length === 0)
      throw new ValueError(`model '${modelName}' has no layers: add layers before training or predicting`);
    if (!this.built) this.build(sampleShape);
  }

  /** Drops the planned steps (after a layer change or a new compile). */
  invalidate(): void {
    for (const plan of this.plans.values()) plan.dispose();
    this.plans.clear();
  }

  /** The planned step for a purpose and batch size, created once and then reused. */
  plan(kind: PlanKind, maxRows: number): ModelPlan {
    const backend = getBackend();
    if (backend !== this.backendUsed) this.moveToBackend(backend);
    this.claimWeights();
    const key = `${kind}:${maxRows}`;
    let plan = this.plans.get(key);
    if (plan === undefined) {
      plan = new ModelPlan({
        graph: this.graph(),
        backend,
        kind,
        maxRows,
        losses: kind === 'predict' ? [] : this.losses,
        lossWeights: this.lossWeights,
        generator: () => this.dropoutGenerator ?? defaultGenerator(),
      });
      this.plans.set(key, plan);
      // Batch sizes that come and go (trainOnBatch on varying batches) must not pile up buffers.
      if (this.plans.size > MAX_PLANS) {
        const [oldestKey, oldest] = this.plans.entries().next().value as [string, ModelPlan];
        oldest.dispose();
        this.plans.delete(oldestKey);
      }
    }
    return plan;
  }

  /**
   * Builds the optimizer's slots for the flat buffers (once per buffer and set of trainable layers: a layer
   * frozen or unfrozen since the last step takes effect here, and its slots start over).
   */
  buildOptimizer(): Optimizer {
    const optimizer = this.optimizer!;
    this.claimWeights();
    let k = 0;
    for (const layer of this.layers) {
      for (let i = 0; i < layer.weightNames.length; i++) this.variables[k++].trainable = layer.isWeightTrainable(i);
    }
    optimizer.build(this.variables, this.params!, this.grads!, getBackend());
    return optimizer;
  }

  /**
   * Makes this model's flat buffers the home of its layers' weights again. A layer shared with another model
   * lives in the buffer of whichever model ran last; its current values are copied back here (weights exist
   * in exactly one place at a time), so every model reads and trains the same weights. The views are the ones
   * the planned steps were made with, so the plans and the optimizer state stay valid.
   */
  claimWeights(): void {
    this.layers.forEach((layer, i) => {
      const own = this.views[i];
      if (own === undefined) return;
      const current = layer.weightBuffers;
      if (own.values.every((view, k) => current[k] === view)) return;
      layer.bindStorage(own.values, own.grads);
    });
  }

  /** Counts parameters. */
  countParams(): number {
    return this.layers.reduce((sum, l) => sum + l.countParams(), 0);
  }

  private allocateParameters(): void {
    const backend = getBackend();
    this.invalidate();
    this.variables = [];
    let offset = 0;
    for (const layer of this.layers) {
      const shapes = layer.weightShapes(layer.inputShape!);
      shapes.forEach((shape, i) => {
        this.variables.push({ name: variableName(layer, i), shape, offset, trainable: layer.isWeightTrainable(i) });
        offset += shapeSize(shape);
      });
    }
    checkWeightsFit(
      this.layers.map((l) => ({ name: l.name, className: l.className, params: l.countParams() })),
      backend,
    );
    const params = backend.allocFloat32(offset);
    const grads = allocOrRelease(backend, offset, params);
    let k = 0;
    this.views = this.layers.map((layer) => {
      const count = layer.weightNames.length;
      const vars = this.variables.slice(k, k + count);
      k += count;
      const views = {
        values: vars.map((v) => params.subarray(v.offset, v.offset + shapeSize(v.shape))),
        grads: vars.map((v) => grads.subarray(v.offset, v.offset + shapeSize(v.shape))),
      };
      layer.bindStorage(views.values, views.grads);
      return views;
    });
    if (this.params !== null && this.backendUsed !== null) {
      this.backendUsed.free(this.params);
      this.backendUsed.free(this.grads!);
    }
    this.params = params;
    this.grads = grads;
    this.backendUsed = backend;
  }

  /** After setBackend, the weights move into the new backend's memory (the optimizer state starts over there). */
  private moveToBackend(backend: Backend): void {
    if (this.backendUsed === null) return;
    const iterations = this.optimizer?.iterations ?? 0;
    const state = this.optimizer?.built ? this.optimizer.getWeights() : null;
    this.allocateParameters();
    this.backendUsed = backend;
    if (this.optimizer !== null && state !== null) {
      this.buildOptimizer();
      this.optimizer.setWeights(state);
      this.optimizer.iterations = iterations;
    }
  }
}

// Keras names a variable after the layer that made it (`dense/kernel`), also inside a nested model.
function variableName(layer: Layer, index: number): string {
  const name = layer.weightNames[index];
  return layer instanceof NestedModel ? name.split('/').slice(-2).join('/') : `${layer.name}/${name}`;
}

// The gradients' buffer, or the parameters' buffer handed back when it cannot be had (nothing leaks).
function allocOrRelease(backend: Backend, length: number, params: Float32Array): Float32Array {
  try {
    return backend.allocFloat32(length);
  } catch (error) {
    backend.free(params);
    throw error;
  }
}

function inputShapeMessage(
  modelName: string,
  expected: readonly number[],
  got: readonly number[],
  rows: number,
  first: Layer | undefined,
): string {
  const base = `model '${modelName}' expects input shape ${formatShape([null, ...expected])}, got ${formatShape([rows, ...got])}`;
  if (shapeSize(expected) === shapeSize(got)) {
    return `${base}: reshape x to ${formatShape([rows, ...expected])}${got.length > 1 && first?.className !== 'Flatten' ? ' or add a Flatten layer first' : ''}`;
  }
  if (got.length > 1)
    return `${base}: add a Flatten layer (new Flatten({ inputShape: [${got.join(', ')}] })) as the first layer or reshape x`;
  return `${base}: make the first layer's inputShape match the data`;
}
