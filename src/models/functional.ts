import { ValueError } from '../errors.ts';
import { type ExportOptions, exportModel } from '../export/export-model.ts';
import { InputLayer } from '../layers/input.ts';
import { KerasTensor } from '../layers/keras-tensor.ts';
import type { ConfigValue, Layer, LayerConfig } from '../layers/layer.ts';
import { recordName, uniqueName } from '../layers/naming.ts';
import type { LossSpec } from '../losses.ts';
import { metricSpecName } from '../metrics.ts';
import { type OptimizerId, type OptimizerSpec, getOptimizer } from '../optimizers/get-optimizer.ts';
import { MODEL_COMPILE_KEYS, MODEL_KEYS, PREDICT_KEYS } from '../option-keys.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';
import { checkOptions } from '../options.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { OutputCompileSettings } from '../saving/compile-config.ts';
import type { FunctionalDescription, TensorRef } from '../saving/functional-config.ts';
import { describeFunctional } from './functional-io.ts';
import {
  type MetricsPerOutput,
  type PerOutput,
  lossWeightsPerOutput,
  lossesPerOutput,
  metricsPerOutput,
} from './compile-outputs.ts';
import { functionalSummaryText } from './functional-summary.ts';
import { type Graph, graphFromTensors } from './graph.ts';
import { ModelBase } from './model-base.ts';
import { NestedModel } from './nested-model.ts';
import { type ModelInputs, type PredictOptions, predictLoop } from './training-loop.ts';

/** Options of the functional Model (keras.Model(inputs, outputs, name)). */
export interface ModelOptions {
  inputs: KerasTensor | readonly KerasTensor[];
  outputs: KerasTensor | readonly KerasTensor[];
  name?: string;
  /** Whether fit trains the weights (sets every layer's flag). */
  trainable?: boolean;
}

/** compile() of a functional model: a loss (and metrics, loss weight) per output as Keras takes them. */
export interface ModelCompileOptions {
  optimizer?: OptimizerId | Optimizer | OptimizerSpec;
  /** One loss for every output, a list in output order, or a record keyed by output name. */
  loss: PerOutput<LossSpec>;
  /** A flat list for every output, a list of lists per output, or a record keyed by output name. */
  metrics?: MetricsPerOutput;
  /** Metrics that use the sample weights (Keras weighted_metrics), given as `metrics` is. */
  weightedMetrics?: MetricsPerOutput;
  /** The weight of each output's loss in the total (Keras loss_weights). */
  lossWeights?: PerOutput<number>;
}

/**
 * A model defined by its input and output tensors (Keras's functional Model): any graph of layers, several
 * inputs and outputs, layers shared between branches. Its layers own their weights, shared with every
 * other model that holds them.
 */
export class Model extends ModelBase<ModelInputs> {
  readonly name: string;
  /** The options given to compile, or null before compile (for saving). */
  compileConfig: ModelCompileOptions | null = null;
  readonly inputs: KerasTensor[];
  readonly outputs: KerasTensor[];
  private layerView: NestedModel | null = null;

  constructor(options: ModelOptions) {
    super();
    checkOptions('Model', options, MODEL_KEYS);
    if (options === undefined || options.inputs === undefined || options.outputs === undefined) {
      throw new ValueError(
        'Model needs { inputs, outputs }: the nb.Input tensors and the tensors the layers made from them',
      );
    }
    this.name = options.name !== undefined ? recordName(options.name) : uniqueName('model');
    this.inputs = tensorList(options.inputs, 'inputs', this.name);
    this.outputs = tensorList(options.outputs, 'outputs', this.name);
    const { graph, layers } = graphFromTensors(this.inputs, this.outputs, this.name);
    this.core.setGraph(graph, layers);
    this.core.inputNames = this.inputs.map((t) => t.name);
    this.core.outputNames = uniqueOutputNames(this.outputs);
    if (options.trainable === false) this.trainable = false;
  }

  /** The layers, InputLayers first, each once (Model.layers; a functional model lists its InputLayers). */
  get layers(): Layer[] {
    return [...this.core.layers];
  }

  /** The graph the model runs (for saving and plotting). */
  get graph(): Graph {
    return this.core.graph();
  }

  /** The input names (the InputLayers' names), in input order. */
  get inputNames(): string[] {
    return [...this.core.inputNames];
  }

  /** The output names (the names of the layers that make the outputs), in output order. */
  get outputNames(): string[] {
    return [...this.core.outputNames];
  }

  get built(): boolean {
    return true;
  }

  /** Whether fit updates the weights; setting it sets every layer's flag, as Keras's Model.trainable does. */
  get trainable(): boolean {
    return this.core.layers.every((l) => l.trainable);
  }

  set trainable(value: boolean) {
    for (const layer of this.core.layers) layer.trainable = value;
  }

  /** The layer with this name, or at this index (Model.get_layer). */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.core.layers;
    const layer = typeof nameOrIndex === 'number' ? layers[nameOrIndex] : layers.find((l) => l.name === nameOrIndex);
    if (layer === undefined) {
      throw new ValueError(
        `model '${this.name}' has no layer ${JSON.stringify(nameOrIndex)}: its layers are ${layers.map((l) => `'${l.name}'`).join(', ')}`,
      );
    }
    return layer;
  }

  /** The input shape with the batch axis (a list for several inputs), as Keras's Model.input_shape. */
  get inputShape(): (number | null)[] | (number | null)[][] {
    const shapes = this.inputs.map((t) => [...t.shape]);
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  /** The output shape with the batch axis (a list for several outputs). */
  get outputShape(): (number | null)[] | (number | null)[][] {
    const shapes = this.outputs.map((t) => [...t.shape]);
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  /** The summary table in Keras's Functional form, with a "Connected to" column. */
  summaryText(): string {
    return functionalSummaryText(this.name, this.core.layers, this.core.graph());
  }

  /** Calls the model on a symbolic tensor as a layer of another graph (Keras model(x)); one input and one output. */
  apply(x: KerasTensor): KerasTensor {
    return this.asLayer().apply(x);
  }

  /** This model as a layer of another model (one per model: every model it is placed in shares its weights). */
  asLayer(): NestedModel {
    if (this.inputs.length !== 1 || this.outputs.length !== 1) {
      throw new ValueError(
        `model '${this.name}' has ${this.inputs.length} inputs and ${this.outputs.length} outputs: only a model with one of each can be a layer`,
      );
    }
    this.layerView ??= new NestedModel(this);
    return this.layerView;
  }

  /** Sets the losses, optimizer (default 'rmsprop') and metrics for training (Model.compile). */
  compile(options: ModelCompileOptions): void {
    checkOptions('compile', options, MODEL_COMPILE_KEYS);
    const names = this.core.outputNames;
    const losses = lossesPerOutput(options?.loss, names);
    const weights = lossWeightsPerOutput(options.lossWeights, names);
    const metrics = metricsPerOutput(options.metrics, names);
    const weightedMetrics = metricsPerOutput(options.weightedMetrics, names, 'weightedMetrics');
    const optimizer = getOptimizer(options.optimizer ?? 'rmsprop');
    this.core.losses = losses;
    this.core.lossWeights = weights;
    this.core.outputMetricSpecs = metrics;
    this.core.outputWeightedMetricSpecs = weightedMetrics;
    this.core.optimizer = optimizer;
    this.core.invalidate();
    this.compileConfig = { ...options, optimizer: options.optimizer ?? 'rmsprop' };
    this.core.buildOptimizer();
  }

  /** The names of evaluate()'s values: loss, each output's loss (several outputs), then the metrics. */
  get metricsNames(): string[] {
    const names = this.core.outputNames;
    const perOutput = this.core.outputMetricSpecs.map((specs, j) => {
      const plain = specs.map(metricSpecName);
      const weighted = (this.core.outputWeightedMetricSpecs[j] ?? [])
        .map(metricSpecName)
        .map((n) => (plain.includes(n) ? `weighted_${n}` : n));
      return [...plain, ...weighted];
    });
    if (names.length === 1) return ['loss', ...(perOutput[0] ?? [])];
    return [
      'loss',
      ...names.map((n) => `${n}_loss`),
      ...perOutput.flatMap((list, j) => list.map((name) => `${names[j]}_${name}`)),
    ];
  }

  /** The outputs for x (Model.predict): a Tensor, or one per output for several outputs. */
  async predict(x: ModelInputs, options: PredictOptions = {}): Promise<Tensor | Tensor[]> {
    checkOptions('predict', options, PREDICT_KEYS);
    return single(await predictLoop(this, this.core, x, options));
  }

  async predictOnBatch(x: ModelInputs): Promise<Tensor | Tensor[]> {
    return single(await predictLoop(this, this.core, x, { verbose: 0, batchSize: Number.MAX_SAFE_INTEGER }));
  }

  /** Writes the model for serving (Model.export): `{ format: 'onnx' }`, read by onnxruntime; atomic. */
  async export(path: string, options: ExportOptions): Promise<void> {
    await exportModel(this, path, options);
  }

  /** Sets all weights from Tensors in getWeights() order. */
  setWeights(weights: readonly Tensor[]): void {
    const expected = this.core.layers.reduce((n, l) => n + l.weightNames.length, 0);
    if (weights.length !== expected)
      throw new ValueError(`model '${this.name}' has ${expected} weight tensors, got ${weights.length}`);
    let k = 0;
    for (const layer of this.core.layers) {
      const count = layer.weightNames.length;
      layer.setWeights(weights.slice(k, k + count));
      k += count;
    }
  }

  /** The saved form of the graph: layers in Keras's order with their calls, inputs and outputs. */
  describeFunctional(): FunctionalDescription {
    return describeFunctional(this);
  }

  /** The compiled losses, loss weights and metrics by output name (for saving), or null before compile. */
  outputCompileSettings(): OutputCompileSettings | null {
    if (this.core.optimizer === null || this.core.losses.length === 0) return null;
    const names = this.core.outputNames;
    const byName = <T>(values: readonly T[]): { [output: string]: T } =>
      Object.fromEntries(names.map((n, j) => [n, values[j]]));
    return {
      losses: byName([...this.core.losses]),
      lossWeights: byName(this.core.lossWeights),
      metrics: byName(this.core.outputMetricSpecs.map((m) => m.map(metricSpecName))),
    };
  }

  /** The config with camelCase keys (Functional.get_config): each layer's config and calls, the input and output layers. */
  getConfig(): {
    name: string;
    layers: { className: string; config: LayerConfig; name: string; inboundNodes: ConfigValue }[];
    inputLayers: ConfigValue;
    outputLayers: ConfigValue;
  } {
    const d = describeFunctional(this);
    const refs = (list: readonly TensorRef[]): ConfigValue => list.map((r) => [r.layer, r.node, r.tensor]);
    return {
      name: d.name,
      layers: d.layers.map((l) => ({
        className: l.className,
        config: l.config,
        name: l.name,
        inboundNodes: l.nodes.map((n) => n.inputs.map((t) => [t.layer, t.node, t.tensor])),
      })),
      inputLayers: refs(d.inputs),
      outputLayers: refs(d.outputs),
    };
  }

  /** Builds the model for given input shapes: a functional model is built from its inputs already. */
  build(_shape?: unknown): void {}
}

function tensorList(value: KerasTensor | readonly KerasTensor[], what: string, name: string): KerasTensor[] {
  const list = value instanceof KerasTensor ? [value] : Array.isArray(value) ? [...value] : null;
  if (list === null || list.length === 0 || !list.every((t) => t instanceof KerasTensor)) {
    throw new ValueError(
      `model '${name}': ${what} must be a symbolic tensor (nb.Input, layer.apply) or a non-empty list of them`,
    );
  }
  if (what === 'inputs') {
    list.forEach((t) => {
      if (!(t.sourceLayer instanceof InputLayer))
        throw new ValueError(`model '${name}': inputs must be nb.Input tensors, got the output of layer '${t.name}'`);
    });
  }
  return list;
}

// Keras names the outputs after their layers; the same layer making two outputs gets a suffix.
function uniqueOutputNames(outputs: readonly KerasTensor[]): string[] {
  const seen = new Map<string, number>();
  return outputs.map((t) => {
    const count = seen.get(t.name) ?? 0;
    seen.set(t.name, count + 1);
    return count === 0 ? t.name : `${t.name}_${count}`;
  });
}

function single(tensors: Tensor[]): Tensor | Tensor[] {
  return tensors.length === 1 ? tensors[0] : tensors;
}
