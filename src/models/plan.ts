import type { ActivationName, Backend } from '../backend/backend.ts';
import type { Layer } from '../layers/layer.ts';
import { type LossId, lossSum, usesLogits } from '../losses.ts';
import type { Generator } from '../random/generator.ts';
import { shapeSize } from '../tensor/tensor.ts';
import { type Graph, producerOf, tensorShapes } from './graph.ts';
import { type GraphSteps, createGraphSteps, overridableOutputs } from './graph-steps.ts';

/** What a plan is for: training (gradients, dropout), evaluation (loss, no gradients) or prediction. */
export type PlanKind = 'train' | 'eval' | 'predict';

/**
 * How the loss is computed: 'fused' is softmax + sparse cross-entropy in one kernel from the logits,
 * 'logits' another loss from the pre-activation (tf.keras's _get_logits rule), 'probabilities' the plain output.
 */
export type HeadMode = 'fused' | 'logits' | 'probabilities';

export interface PlanSpec {
  graph: Graph;
  backend: Backend;
  kind: PlanKind;
  maxRows: number;
  /** The loss of each output (null: none, as for predict plans). */
  losses: readonly (LossId | null)[];
  /** The weight of each output's loss in the total (Keras loss_weights). */
  lossWeights: readonly number[];
  generator: () => Generator;
}

/** One model output with its loss: label/target buffers, probabilities for metrics, the gradient it seeds. */
export class PlanHead {
  readonly mode: HeadMode;
  readonly labels: Int32Array;
  readonly targets: Float32Array;
  readonly probs: Float32Array;

  constructor(
    private readonly backend: Backend,
    readonly units: number,
    readonly loss: LossId | null,
    readonly weight: number,
    readonly activation: ActivationName,
    mode: HeadMode,
    alloc: (n: number) => Float32Array,
    allocInt: (n: number) => Int32Array,
    maxRows: number,
    private readonly outputOf: () => Float32Array,
    private readonly gradOf: () => Float32Array | null,
  ) {
    this.mode = mode;
    this.labels = allocInt(maxRows);
    this.targets = alloc(maxRows * units);
    this.probs = alloc(maxRows * units);
  }

  /** The output buffer: logits in 'fused'/'logits' mode, the model output otherwise. */
  get output(): Float32Array {
    return this.outputOf();
  }

  /** The predictions for metrics: probabilities even when the loss used logits. */
  get predictions(): Float32Array {
    return this.mode === 'probabilities' ? this.output : this.probs;
  }

  /**
   * Σ of the per-sample losses of `rows` rows from row `firstRow` (unweighted); with gradients, seeds the
   * backward pass with weight/rows times its gradient.
   */
  lossSum(rows: number, firstRow = 0): number {
    const grad = this.gradOf();
    if (grad !== null && firstRow !== 0) throw new RangeError('a training step scores its whole batch, from row 0');
    const units = this.units;
    const output = rowsFrom(this.output, firstRow, units);
    const probs = rowsFrom(this.probs, firstRow, units);
    const labels = rowsFrom(this.labels, firstRow, 1);
    const scale = this.weight / rows;
    if (this.mode === 'fused') return this.backend.softmaxCrossEntropy(output, labels, probs, grad, rows, units, scale);
    const sparse = this.loss === 'sparse_categorical_crossentropy';
    return lossSum(this.loss!, {
      output, targets: sparse ? labels : rowsFrom(this.targets, firstRow, units), rows, cols: units,
      fromLogits: this.mode === 'logits', grad, gradScale: scale, probs, activation: this.activation,
    });
  }
}

/**
 * The planned step of a model for one batch size (DESIGN "the hot path is planned"): every buffer is
 * allocated here once; forward, loss and backward then only call kernels on them, for any row count up to
 * maxRows. The layers form a graph (a chain for a Sequential) planned by createGraphSteps.
 */
export class ModelPlan {
  readonly kind: PlanKind;
  readonly maxRows: number;
  /** One buffer per model input, maxRows × its sample size. */
  readonly inputs: Float32Array[];
  /** Per input, an ordinary-memory copy of its buffer's shape when the inputs live in shared memory, else null. */
  readonly inputStagings: (Float32Array | null)[];
  readonly heads: PlanHead[];
  private readonly graphSteps: GraphSteps;
  private readonly owned: (Float32Array | Int32Array)[] = [];
  private readonly backend: Backend;

  constructor(spec: PlanSpec) {
    const { backend, maxRows, graph } = spec;
    this.kind = spec.kind;
    this.maxRows = maxRows;
    this.backend = backend;
    const alloc = (n: number): Float32Array => this.track(backend.allocFloat32(n));
    const allocInt = (n: number): Int32Array => this.track(backend.allocInt32(n));
    this.inputs = graph.inputShapes.map((s) => alloc(maxRows * shapeSize(s)));
    const shared = typeof SharedArrayBuffer !== 'undefined' && this.inputs[0]?.buffer instanceof SharedArrayBuffer;
    this.inputStagings = this.inputs.map((b) => (shared ? new Float32Array(b.length) : null));
    const shapes = tensorShapes(graph);
    const overridable = overridableOutputs(graph);
    const modes = graph.outputs.map((t, j) => {
      const loss = spec.kind === 'predict' ? null : spec.losses[j] ?? null;
      return overridable[j] ? headMode(spec.kind, loss, activationOf(producerOf(graph, t))) : 'probabilities';
    });
    const withGradients = spec.kind === 'train';
    this.graphSteps = createGraphSteps(graph, {
      backend, alloc, maxRows, withGradients, generator: spec.generator, inputs: this.inputs,
      inputGrads: this.inputs.map(() => null),
      outputOverrides: modes.map((m) => (m === 'probabilities' ? undefined : 'linear')),
    });
    this.heads = graph.outputs.map((t, j) => new PlanHead(
      backend, shapeSize(shapes[t]), spec.kind === 'predict' ? null : spec.losses[j] ?? null, spec.lossWeights[j] ?? 1,
      activationOf(producerOf(graph, t)), modes[j], alloc, allocInt, maxRows,
      () => this.graphSteps.outputs[j], () => (withGradients ? this.graphSteps.outputGrads[j] : null),
    ));
  }

  /** The first input's buffer (the only one of a Sequential). */
  get input(): Float32Array {
    return this.inputs[0];
  }

  get inputStaging(): Float32Array | null {
    return this.inputStagings[0];
  }

  /** The first output's head (the only one of a Sequential). */
  get head(): PlanHead {
    return this.heads[0];
  }

  get mode(): HeadMode {
    return this.heads[0].mode;
  }

  get labels(): Int32Array {
    return this.heads[0].labels;
  }

  get targets(): Float32Array {
    return this.heads[0].targets;
  }

  /** The first output: logits in 'fused'/'logits' mode, the model output otherwise. */
  get output(): Float32Array {
    return this.heads[0].output;
  }

  get predictions(): Float32Array {
    return this.heads[0].predictions;
  }

  forward(rows: number, training: boolean): void {
    this.graphSteps.forward(rows, training);
  }

  /**
   * The total loss sum (Σ over outputs of weight × Σ per-sample losses) of `rows` rows of the last forward
   * pass from row `firstRow` (evaluation forwards several batches at once and scores them one by one); with
   * gradients, seeds the backward pass (scaled by weight/rows).
   */
  lossSum(rows: number, firstRow = 0): number {
    if (this.heads.length === 1) return this.heads[0].weight * this.heads[0].lossSum(rows, firstRow);
    return this.heads.reduce((sum, head) => sum + head.weight * head.lossSum(rows, firstRow), 0);
  }

  backward(rows: number): void {
    this.graphSteps.backward(rows);
  }

  /** Returns every buffer to the backend. */
  dispose(): void {
    for (const buffer of this.owned) this.backend.free(buffer);
    this.owned.length = 0;
  }

  private track<T extends Float32Array | Int32Array>(buffer: T): T {
    this.owned.push(buffer);
    return buffer;
  }
}

/** The rows of a row-major buffer from `firstRow` on (the buffer itself for row 0: no view made per step). */
export function rowsFrom<T extends Float32Array | Int32Array>(buffer: T, firstRow: number, width: number): T {
  return firstRow === 0 ? buffer : (buffer.subarray(firstRow * width) as T);
}

/** The activation of the model output: the last layer's, when it has one. */
export function outputActivationOf(layers: readonly Layer[]): ActivationName {
  return activationOf(layers[layers.length - 1] ?? null);
}

function activationOf(layer: Layer | null): ActivationName {
  return (layer as (Layer & { activation?: ActivationName }) | null)?.activation ?? 'linear';
}

function headMode(kind: PlanKind, loss: LossId | null, activation: ActivationName): HeadMode {
  if (kind === 'predict' || loss === null || !usesLogits(loss, activation)) return 'probabilities';
  return loss === 'sparse_categorical_crossentropy' ? 'fused' : 'logits';
}
