import type { ActivationName, Backend } from '../backend/backend.ts';
import { getBackend } from '../backend/index.ts';
import { checkWeightsFit } from '../backend/memory-budget.ts';
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { Tensor, shapeSize } from '../tensor/tensor.ts';
import { type Generator, defaultGenerator } from '../random/generator.ts';
import { recordName, toSnakeCase, uniqueName } from './naming.ts';
import {
  type KerasTensor,
  type Node,
  applyEagerList,
  applySymbolic,
  isSymbolic,
  layerInput,
  layerOutput,
} from './keras-tensor.ts';

/** A JSON-like value in a layer or model config. */
export type ConfigValue = string | number | boolean | null | ConfigValue[] | { [key: string]: ConfigValue };

/** A layer config with camelCase keys (Keras get_config, TypeScript manners). */
export type LayerConfig = { [key: string]: ConfigValue };

/** Options every layer accepts (keras.layers.Layer keyword arguments). */
export interface LayerArgs {
  name?: string;
  trainable?: boolean;
  /** Shape of one sample, without the batch axis: e.g. [28, 28]. */
  inputShape?: readonly number[];
  /** Shape with the batch axis first (null for any batch size). */
  batchInputShape?: readonly (number | null)[];
  dtype?: 'float32';
}

/** Buffers and settings a layer's planned step is built on. */
export interface StepOptions {
  backend: Backend;
  /** Allocates a zero-filled buffer in the backend's memory that the plan frees with itself. */
  alloc: (length: number) => Float32Array;
  /** Rows of the largest batch the step runs (buffers are sized for it). */
  maxRows: number;
  /** The previous layer's output, maxRows × input features. */
  input: Float32Array;
  /** Where to write the gradient with respect to the input; null when nothing upstream needs it. */
  inputGrad: Float32Array | null;
  /** Whether the step will run backward passes (false for predict/evaluate plans). */
  withGradients: boolean;
  /** Replaces the layer's activation (used to leave the last layer's logits to a fused loss). */
  activationOverride?: ActivationName;
  /** The generator for random masks (dropout), looked up at each forward pass so a run can reseed it. */
  generator: () => Generator;
  /**
   * A later call of a layer already called in the same model (a shared layer): its weight penalties and
   * constraints belong to the first call, as Keras counts a weight's regularization loss once.
   */
  repeatCall?: boolean;
}

/** A layer's part of a planned training/inference step: fixed buffers, forward and backward kernels. */
export interface LayerStep {
  /** maxRows × output features. */
  readonly output: Float32Array;
  /** The gradient with respect to the output, written by the layer after it (or the loss); null without gradients. */
  readonly outputGrad: Float32Array | null;
  forward(rows: number, training: boolean): void;
  /** Reads outputGrad; writes the layer's weight gradients and the input gradient (when requested). */
  backward(rows: number): void;
  /**
   * The layer's regularization losses for `rows` rows of the last forward pass from `firstRow` (weight
   * penalties plus the activity penalty of those rows; Keras's layer.losses); absent when it has none.
   */
  penalty?(rows: number, firstRow: number): number;
  /** Applies the layer's weight constraints after an optimizer update; absent when it has none. */
  afterUpdate?(): void;
}

/** The base of every layer (keras.layers.Layer): name, weights, config, shape inference, planned steps. */
export abstract class Layer {
  /** The Keras class name ('Dense', 'Flatten', …). */
  readonly className: string;
  readonly name: string;
  trainable: boolean;
  readonly dtype = 'float32' as const;
  /** The batch input shape given at construction (inputShape or batchInputShape), if any. */
  readonly batchInputShape: (number | null)[] | null;
  /** Shape of one input sample, known once built. */
  inputShape: number[] | null = null;
  protected weightValues: Float32Array[] = [];
  protected weightGrads: Float32Array[] = [];

  protected constructor(className: string, args: LayerArgs = {}) {
    this.className = className;
    this.name = args.name !== undefined ? recordName(checkName(args.name)) : uniqueName(toSnakeCase(className));
    this.trainable = args.trainable ?? true;
    if (args.dtype !== undefined && args.dtype !== 'float32') {
      throw new ValueError(`layer '${this.name}': dtype '${String(args.dtype)}' is not supported: expected 'float32'`);
    }
    this.batchInputShape = resolveBatchInputShape(this.name, args);
  }

  /** Names of the weights in Keras order (Dense: ['kernel', 'bias']). */
  get weightNames(): string[] {
    return [];
  }

  // --- Non-trainable weights (Keras add_weight(trainable=False)) ---
  /**
   * The weights no optimizer updates and no backward pass writes (BatchNormalization's moving statistics).
   * They come after the trainable ones in weightNames, Keras's order (layer.weights = trainable + non-trainable).
   */
  get nonTrainableWeightNames(): string[] {
    return [];
  }

  /** Whether the optimizer updates the weight at `index` of weightNames: the layer is trainable and so is the weight. */
  isWeightTrainable(index: number): boolean {
    return this.trainable && !this.nonTrainableWeightNames.includes(this.weightNames[index]);
  }

  /** Number of values in the weights the optimizer updates (the "Trainable params" of summary). */
  countTrainableParams(): number {
    return this.weightBuffers.reduce((sum, w, i) => sum + (this.isWeightTrainable(i) ? w.length : 0), 0);
  }
  // --- end of non-trainable weights ---

  /** Shapes of the weights for a given input sample shape, in weightNames order. */
  weightShapes(_inputShape: readonly number[]): number[][] {
    return [];
  }

  /** The output sample shape for an input sample shape (Keras compute_output_shape without the batch axis). */
  abstract computeOutputShape(inputShape: readonly number[]): number[];

  /** Creates this layer's part of a planned step. */
  abstract createStep(options: StepOptions): LayerStep;

  /** Fills freshly created weights (initializers). */
  protected initializeWeights(_generator: Generator): void {}

  get built(): boolean {
    return this.inputShape !== null;
  }

  /** Creates the weights for an input sample shape (Keras build); a built layer only checks the shape. */
  build(inputShape: readonly number[], generator: Generator = defaultGenerator()): void {
    if (this.inputShape !== null) {
      if (!sameShape(this.inputShape, inputShape)) {
        throw new ShapeError(
          `layer '${this.name}' was built for input shape ${formatShape([null, ...this.inputShape])}, got ${formatShape([null, ...inputShape])}`,
        );
      }
      return;
    }
    this.computeOutputShape(inputShape);
    const shapes = this.weightShapes(inputShape);
    checkWeightsFit(
      [{ name: this.name, className: this.className, params: shapes.reduce((n, s) => n + shapeSize(s), 0) }],
      getBackend(),
    );
    this.weightValues = shapes.map((s) => new Float32Array(shapeSize(s)));
    this.weightGrads = shapes.map((s) => new Float32Array(shapeSize(s)));
    this.inputShape = [...inputShape];
    this.initializeWeights(generator);
  }

  /** Moves the weights into given views (the model's flat parameter and gradient buffers), keeping their values. */
  bindStorage(values: Float32Array[], grads: Float32Array[]): void {
    values.forEach((view, i) => view.set(this.weightValues[i]));
    this.weightValues = values;
    this.weightGrads = grads;
  }

  /** The weight buffers (views into the model's flat buffer once in a model). */
  get weightBuffers(): readonly Float32Array[] {
    return this.weightValues;
  }

  /** The weight gradient buffers, same layout as weightBuffers. */
  get gradientBuffers(): readonly Float32Array[] {
    return this.weightGrads;
  }

  /** Number of weight values (count_params). */
  countParams(): number {
    return this.weightValues.reduce((sum, w) => sum + w.length, 0);
  }

  /** The output shape with the batch axis, e.g. [null, 100]; needs a known input shape. */
  get outputShape(): (number | null)[] {
    if (this.inputShape === null)
      throw new ValueError(`layer '${this.name}' is not built yet: its output shape is unknown`);
    return [null, ...this.computeOutputShape(this.inputShape)];
  }

  /** Copies of the weights as Tensors in Keras order (Layer.get_weights). */
  getWeights(): Tensor[] {
    if (this.inputShape === null) return [];
    const shapes = this.weightShapes(this.inputShape);
    return this.weightValues.map((w, i) => new Tensor(Float32Array.from(w), shapes[i]));
  }

  /** Sets the weights from Tensors in Keras order (Layer.set_weights); shapes must match exactly. */
  setWeights(weights: readonly Tensor[]): void {
    const names = this.weightNames;
    if (this.inputShape === null) {
      if (weights.length === 0) return;
      throw new ValueError(`layer '${this.name}' is not built yet: build it (or its model) before setting weights`);
    }
    const shapes = this.weightShapes(this.inputShape);
    if (weights.length !== shapes.length) {
      throw new ValueError(
        `layer '${this.name}' expects ${shapes.length} weights (${names.join(', ') || 'none'}), got ${weights.length}`,
      );
    }
    weights.forEach((w, i) => {
      if (!sameShape(w.shape, shapes[i])) {
        throw new ShapeError(
          `layer '${this.name}' weight '${names[i]}': expected shape ${formatShape(shapes[i])}, got ${formatShape(w.shape)}`,
        );
      }
    });
    weights.forEach((w, i) => this.weightValues[i].set(w.data));
  }

  /** The base config keys (name, trainable, dtype, batchInputShape when given). */
  getConfig(): LayerConfig {
    const config: LayerConfig = { name: this.name, trainable: this.trainable, dtype: this.dtype };
    if (this.batchInputShape !== null) config.batchInputShape = [...this.batchInputShape];
    return config;
  }

  // ---- Functional API (keras-tensor.ts): symbolic calls record graph nodes ----

  /** The calls of this layer on symbolic tensors, in order (Keras _inbound_nodes). */
  readonly inboundNodes: Node[] = [];

  /** The input tensor (a list for a merge layer) of the layer's first call (Keras layer.input). */
  get input(): KerasTensor | KerasTensor[] {
    return layerInput(this);
  }

  /** The output tensor of the layer's first call (Keras layer.output). */
  get output(): KerasTensor {
    return layerOutput(this);
  }

  /**
   * Calls the layer (Keras layer.__call__): on symbolic tensors (nb.Input, another layer's output) it records
   * the call and returns a symbolic tensor; on Tensors it computes, with the same kernels as fit.
   */
  apply(x: KerasTensor | readonly KerasTensor[], options?: { generator?: Generator }): KerasTensor;
  apply(x: Tensor | readonly Tensor[], options?: { training?: boolean; generator?: Generator }): Tensor;
  apply(
    x: Tensor | readonly Tensor[] | KerasTensor | readonly KerasTensor[],
    options: { training?: boolean; generator?: Generator } = {},
  ): Tensor | KerasTensor {
    if (isSymbolic(x)) return applySymbolic(this, x, options.generator);
    if (Array.isArray(x)) return applyEagerList(this, x as Tensor[]);
    return this.applyEager(x as Tensor, options);
  }

  // ---- end of the functional API part ----

  /** Runs the layer on a Tensor (the eager path), with the same kernels as fit. */
  private applyEager(x: Tensor, options: { training?: boolean; generator?: Generator }): Tensor {
    const rows = x.shape[0];
    const sampleShape = x.shape.slice(1);
    this.build(sampleShape, options.generator);
    const backend = getBackend();
    const input = Float32Array.from(x.data);
    const step = this.createStep({
      backend,
      alloc: (n) => new Float32Array(n),
      maxRows: Math.max(rows, 1),
      input,
      inputGrad: null,
      withGradients: false,
      generator: () => options.generator ?? defaultGenerator(),
    });
    step.forward(rows, options.training ?? false);
    const outShape = this.computeOutputShape(sampleShape);
    return new Tensor(Float32Array.from(step.output.subarray(0, rows * shapeSize(outShape))), [rows, ...outShape]);
  }
}

/** Same dimensions in the same order. */
export function sameShape(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** The LayerArgs part of a config (name, trainable, input shape). */
export function layerArgsFromConfig(config: LayerConfig): LayerArgs {
  const args: LayerArgs = {};
  if (typeof config.name === 'string') args.name = config.name;
  if (typeof config.trainable === 'boolean') args.trainable = config.trainable;
  const batchShape = config.batchInputShape ?? config.batchShape;
  if (Array.isArray(batchShape)) args.batchInputShape = batchShape as (number | null)[];
  else if (Array.isArray(config.inputShape)) args.inputShape = config.inputShape as number[];
  return args;
}

function checkName(name: string): string {
  if (typeof name !== 'string' || name.length === 0)
    throw new ValueError(`a layer name must be a non-empty string, got ${JSON.stringify(name)}`);
  return name;
}

function resolveBatchInputShape(name: string, args: LayerArgs): (number | null)[] | null {
  const shape = args.batchInputShape ?? (args.inputShape ? [null, ...args.inputShape] : null);
  if (shape === null) return null;
  const dims = shape.slice(1);
  if (dims.some((d) => d === null || !Number.isInteger(d) || (d as number) < 1)) {
    throw new ValueError(`layer '${name}': inputShape must list positive integers, got ${formatShape(dims)}`);
  }
  return [...shape];
}
