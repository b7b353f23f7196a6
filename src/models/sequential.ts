import { ValueError } from '../errors.ts';
import { InputLayer } from '../layers/input.ts';
import { KerasTensor } from '../layers/keras-tensor.ts';
import { type LayerConfig, Layer } from '../layers/layer.ts';
import { uniqueName, recordName } from '../layers/naming.ts';
import { createLayer } from '../layers/registry.ts';
import { type Loss, type LossFunction, type LossId, getLoss } from '../losses.ts';
import { type MetricSpec, checkMetricSpec, metricSpecName } from '../metrics.ts';
import { type OptimizerId, type OptimizerSpec, getOptimizer } from '../optimizers/get-optimizer.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { ArrayInput } from './data.ts';
import { ModelBase } from './model-base.ts';
import { NestedModel } from './nested-model.ts';
import { nestedModelLayer } from './functional-io.ts';
import { type ExportOptions, exportModel } from '../export/export-model.ts';
import { summaryText } from './summary.ts';
import { type PredictOptions, predictLoop } from './training-loop.ts';
import { checkOptions } from '../options.ts';
import { COMPILE_KEYS, PREDICT_KEYS, SEQUENTIAL_KEYS } from '../option-keys.ts';

/** Options of Sequential (keras.Sequential keyword arguments). */
export interface SequentialOptions {
  name?: string;
}

/**
 * Options of compile (Model.compile): loss (id, loss object or function), optimizer (id, instance or spec; default
 * 'rmsprop'), metrics (ids or metric objects; sample weights are ignored by them and used by weightedMetrics).
 */
export interface CompileOptions {
  optimizer?: OptimizerId | Optimizer | OptimizerSpec;
  loss: LossId | Loss | LossFunction;
  metrics?: MetricInput | readonly MetricInput[];
  weightedMetrics?: readonly MetricInput[];
}

/** A metric as compile() takes it: an id (checked at run time) or a metric object. */
export type MetricInput = MetricSpec;

/** What compile() was given, with the loss and metrics by name (what saving writes). */
export interface CompiledSettings {
  optimizer: string | Optimizer | OptimizerSpec;
  /** The loss id, or the loss object (saving writes its Keras config). */
  loss: string | Loss;
  metrics: string[];
}

/** A Sequential config with camelCase keys (Sequential.get_config). */
export type SequentialConfig = {
  name: string;
  layers: { className: string; config: LayerConfig }[];
  buildInputShape?: (number | null)[];
  /** false for a nested model saved frozen. */
  trainable?: boolean;
};

export type { LossAndMetrics } from './model-base.ts';

/** What a Sequential takes: layers, models (a Sequential or a one-input functional Model), an nb.Input first. */
export type SequentialEntry = Layer | Sequential | KerasTensor | { asLayer(): NestedModel };

/** A linear stack of layers (keras.Sequential): build, compile, fit, evaluate, predict, summary, weights. */
export class Sequential extends ModelBase<ArrayInput> {
  readonly name: string;
  /** The options given to compile, or null before compile (for saving). */
  compileConfig: CompiledSettings | null = null;
  private inputLayer: InputLayer | null = null;
  /** The symbolic input and output (Keras builds them once the input shape is known), or null until asked for. */
  private symbolic: { inputs: KerasTensor[]; outputs: KerasTensor[] } | null = null;
  private layerView: NestedModel | null = null;

  /** Layers, or models used as layers (`new Sequential([model, new Softmax()])`, as Keras). */
  constructor(layers?: SequentialEntry | readonly SequentialEntry[], options: SequentialOptions = {}) {
    super();
    checkOptions('Sequential', options, SEQUENTIAL_KEYS);
    this.name = options.name !== undefined ? recordName(options.name) : uniqueName('sequential');
    const list = layers === undefined ? [] : Array.isArray(layers) ? [...layers] : [layers as SequentialEntry];
    for (const layer of list) this.add(layer);
  }

  /**
   * This model as a layer of another model (one per model: every model it is placed in shares its weights).
   * add() and the constructor call it for a Sequential they are given.
   */
  asLayer(): NestedModel {
    this.layerView ??= new NestedModel(this);
    return this.layerView;
  }

  /** Whether fit updates the weights; setting it sets every layer's flag, as Keras's Model.trainable does. */
  get trainable(): boolean {
    return this.layerView?.trainable ?? true;
  }

  set trainable(value: boolean) {
    this.asLayer().trainable = value;
    for (const layer of this.core.layers) setTrainable(layer, value);
  }

  /** The layers, in order (an Input is not listed, as in Keras). */
  get layers(): Layer[] {
    if (this.symbolic === null && this.core.built) this.traceGraph();
    return [...this.core.layers];
  }

  /** The symbolic input tensors (Model.inputs): one, once the input shape is known. */
  get inputs(): KerasTensor[] {
    return [...this.requireGraph().inputs];
  }

  /** The symbolic output tensors (Model.outputs). */
  get outputs(): KerasTensor[] {
    return [...this.requireGraph().outputs];
  }

  /** Calls the model on a symbolic tensor, as a layer of a functional model (Keras model(x)). */
  apply(x: KerasTensor): KerasTensor {
    return this.asLayer().apply(x);
  }

  private requireGraph(): { inputs: KerasTensor[]; outputs: KerasTensor[] } {
    if (!this.core.built) {
      throw new ValueError(
        `model '${this.name}' has no input yet: give the first layer an inputShape (or start with nb.Input) or build it first`,
      );
    }
    return this.symbolic ?? this.traceGraph();
  }

  /**
   * Calls the layers in order on a symbolic input, as Keras's Sequential does once it knows its input shape,
   * so that model.inputs and each layer's output exist (for a functional model over part of this one).
   */
  private traceGraph(): { inputs: KerasTensor[]; outputs: KerasTensor[] } {
    const shape = [null, ...this.core.inputShape!];
    this.inputLayer ??= new InputLayer({ batchShape: shape, name: `${this.core.layers[0].name}_input` });
    let x = this.inputLayer.output;
    const traced = { inputs: [x], outputs: [] as KerasTensor[] };
    this.symbolic = traced;
    for (const layer of this.core.layers) x = layer.apply(x);
    traced.outputs.push(x);
    return traced;
  }

  /** The layer with this name, or at this index (Model.get_layer). */
  getLayer(nameOrIndex: string | number): Layer {
    const layers = this.core.layers;
    const layer = typeof nameOrIndex === 'number' ? layers[nameOrIndex] : layers.find((l) => l.name === nameOrIndex);
    if (layer === undefined) {
      throw new ValueError(
        `model '${this.name}' has no layer ${JSON.stringify(nameOrIndex)}: its layers are ${layers.map((l) => `'${l.name}'`).join(', ') || 'none'}`,
      );
    }
    return layer;
  }

  /** Removes the last layer (Sequential.pop); the model rebuilds, keeping the other layers' weights. */
  pop(): Layer {
    const layer = this.core.layers.pop();
    if (layer === undefined) throw new ValueError(`model '${this.name}' has no layers to pop`);
    this.core.invalidate();
    this.symbolic = null;
    if (this.core.built) this.core.build(this.core.inputShape!);
    return layer;
  }

  /** Appends a layer (Sequential.add); the model builds as soon as its input shape is known. */
  add(layerOrModel: Layer | Sequential | KerasTensor | { asLayer(): NestedModel }): void {
    if (layerOrModel === this) throw new ValueError(`model '${this.name}' cannot be a layer of itself`);
    const layer =
      layerOrModel instanceof Sequential || isModel(layerOrModel)
        ? layerOrModel.asLayer()
        : layerOrModel instanceof KerasTensor
          ? layerOrModel.sourceLayer
          : layerOrModel;
    if (!(layer instanceof Layer))
      throw new ValueError(`Sequential.add expects a layer (e.g. new Dense(10)) or a model, got ${typeof layer}`);
    if (layer instanceof InputLayer) {
      if (this.core.layers.length > 0 || this.inputLayer !== null) {
        throw new ValueError('an Input can only be the first entry of a Sequential model');
      }
      this.inputLayer = layer;
      this.core.declaredInput = layer.batchInputShape!.slice(1) as number[];
      return;
    }
    if (this.core.layers.includes(layer))
      throw new ValueError(`layer '${layer.name}' is already in model '${this.name}'`);
    if (this.core.layers.length === 0 && this.inputLayer === null && layer.batchInputShape !== null) {
      this.core.declaredInput = layer.batchInputShape.slice(1) as number[];
    }
    this.core.layers.push(layer);
    this.core.invalidate();
    this.symbolic = null;
    const shape = this.core.inputShape ?? this.core.declaredInput;
    if (shape !== null) this.core.build(shape);
  }

  /** Whether the weights exist (the input shape is known). */
  get built(): boolean {
    return this.core.built;
  }

  /** Builds the model for a batch input shape such as [null, 784] (Model.build). */
  build(batchInputShape: readonly (number | null)[]): void {
    const sample = batchInputShape.slice(1);
    if (sample.some((d) => d === null))
      throw new ValueError(`build needs every non-batch dimension, got ${JSON.stringify(batchInputShape)}`);
    this.core.ensureBuilt(sample as number[], 0, this.name);
  }

  /** The input shape with the batch axis (null), once known. */
  get inputShape(): (number | null)[] | null {
    const shape = this.core.inputShape ?? this.core.declaredInput;
    return shape === null ? null : [null, ...shape];
  }

  /** The output shape with the batch axis, once built. */
  get outputShape(): (number | null)[] {
    if (!this.core.built)
      throw new ValueError(
        `model '${this.name}' is not built yet: give the first layer an inputShape or call fit/build`,
      );
    return [null, ...this.core.outputShape];
  }

  /** The summary table as text (what summary() prints). */
  summaryText(): string {
    if (!this.core.built) {
      throw new ValueError(
        `model '${this.name}' has not been built yet: give the first layer an inputShape (e.g. new Flatten({ inputShape: [28, 28] })), call build([null, 784]) or fit it on data first`,
      );
    }
    return summaryText(this.name, this.core.layers);
  }

  /** Sets the loss, optimizer (default 'rmsprop') and metrics for training (Model.compile). */
  compile(options: CompileOptions): void {
    if (options === undefined || options === null || options.loss === undefined) {
      throw new ValueError(
        "compile needs a loss: e.g. compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] })",
      );
    }
    checkOptions('compile', options, COMPILE_KEYS);
    const loss = getLoss(options.loss);
    const metricList =
      options.metrics === undefined
        ? []
        : Array.isArray(options.metrics)
          ? [...options.metrics]
          : [options.metrics as MetricInput];
    const metricSpecs = metricList.map(checkMetricSpec);
    const weightedMetricSpecs = (options.weightedMetrics ?? []).map(checkMetricSpec);
    const optimizer = getOptimizer(options.optimizer ?? 'rmsprop');
    this.core.setCompiled(loss, metricSpecs, weightedMetricSpecs);
    this.core.optimizer = optimizer;
    this.core.invalidate();
    this.compileConfig = {
      optimizer: options.optimizer ?? 'rmsprop',
      loss: typeof options.loss === 'string' ? options.loss : loss,
      metrics: metricSpecs.map(metricSpecName),
    };
    if (this.core.built) this.core.buildOptimizer();
  }

  /** The names of evaluate()'s values: ['loss', 'accuracy', …] (Model.metrics_names). */
  get metricsNames(): string[] {
    const names = this.core.metricSpecs.map(metricSpecName);
    const weighted = this.core.weightedMetricSpecs
      .map(metricSpecName)
      .map((n) => (names.includes(n) ? `weighted_${n}` : n));
    return ['loss', ...names, ...weighted];
  }

  /** The model outputs for x, computed in batches (Model.predict). */
  async predict(x: ArrayInput, options: PredictOptions = {}): Promise<Tensor> {
    checkOptions('predict', options, PREDICT_KEYS);
    return (await predictLoop(this, this.core, x, options))[0];
  }

  /** The outputs for one batch (Model.predict_on_batch). */
  async predictOnBatch(x: ArrayInput): Promise<Tensor> {
    return (await predictLoop(this, this.core, x, { verbose: 0, batchSize: Number.MAX_SAFE_INTEGER }))[0];
  }

  /** Sets all weights from Tensors in getWeights() order; counts and shapes must match. */
  setWeights(weights: readonly Tensor[]): void {
    const expected = this.core.layers.reduce((n, l) => n + (l.built ? l.weightNames.length : 0), 0);
    if (!this.core.built)
      throw new ValueError(
        `model '${this.name}' is not built yet: give the first layer an inputShape or call build([null, ...])`,
      );
    if (weights.length !== expected) {
      throw new ValueError(
        `model '${this.name}' has ${expected} weight tensors (kernel, bias per Dense), got ${weights.length}`,
      );
    }
    let k = 0;
    for (const layer of this.core.layers) {
      const count = layer.weightNames.length;
      layer.setWeights(weights.slice(k, k + count));
      k += count;
    }
  }

  /** The model config with camelCase keys, InputLayer first when the input shape is known (Sequential.get_config). */
  getConfig(): SequentialConfig {
    const layers: SequentialConfig['layers'] = [];
    const input = this.inputShape;
    if (input !== null && this.core.layers.length > 0) {
      const inputName = this.inputLayer?.name ?? `${this.core.layers[0].name}_input`;
      layers.push({
        className: 'InputLayer',
        config: { batchInputShape: input, dtype: 'float32', sparse: false, ragged: false, name: inputName },
      });
    }
    for (const layer of this.core.layers) layers.push({ className: layer.className, config: layer.getConfig() });
    const config: SequentialConfig = { name: this.name, layers };
    if (input !== null) config.buildInputShape = input;
    return config;
  }

  /** Writes the model for serving (Model.export): `{ format: 'onnx' }`, read by onnxruntime; atomic. */
  async export(path: string, options: ExportOptions): Promise<void> {
    await exportModel(this, path, options);
  }

  /** Rebuilds a model from getConfig() output (Sequential.from_config); weights are freshly initialized. */
  static fromConfig(config: SequentialConfig): Sequential {
    if (config === null || typeof config !== 'object' || !Array.isArray(config.layers)) {
      throw new ValueError('Sequential.fromConfig expects { name, layers: [{ className, config }, …] }');
    }
    const layers = config.layers.map((entry) =>
      entry.className === 'Sequential'
        ? Sequential.fromConfig(entry.config as unknown as SequentialConfig).asLayer()
        : entry.className === 'Functional'
          ? nestedModelLayer(entry.className, entry.config, `model '${config.name}'`)
          : createLayer(entry.className, entry.config),
    );
    const first = layers[0];
    const hasInputShape = first instanceof InputLayer || first?.batchInputShape != null;
    const model = new Sequential(undefined, { name: config.name });
    if (!hasInputShape && Array.isArray(config.buildInputShape))
      model.add(new InputLayer({ batchShape: config.buildInputShape as (number | null)[] }));
    for (const layer of layers) model.add(layer);
    if (config.trainable === false) model.trainable = false;
    return model;
  }
}

// A functional Model (seen structurally: the functional module depends on this one).
function isModel(value: unknown): value is { asLayer(): NestedModel } {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Layer) &&
    typeof (value as { asLayer?: unknown }).asLayer === 'function'
  );
}

function setTrainable(layer: Layer, value: boolean): void {
  layer.trainable = value;
  if (layer instanceof NestedModel) for (const inner of layer.layers) setTrainable(inner, value);
}
