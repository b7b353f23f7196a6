import type { ActivationName, Backend } from '../backend/backend.ts';
import type { Layer } from '../layers/layer.ts';
import type { Loss } from '../losses.ts';
import { type HeadMode, headOf } from '../losses/head.ts';
import type { Generator } from '../random/generator.ts';
import { shapeSize } from '../tensor/tensor.ts';
import { type Graph, producerOf, tensorShapes } from './graph.ts';
import { type GraphSteps, createGraphSteps, overridableOutputs } from './graph-steps.ts';

/** What a plan is for: training (gradients, dropout), evaluation (loss, no gradients) or prediction. */
export type PlanKind = 'train' | 'eval' | 'predict';

export type { HeadMode } from '../losses/head.ts';

export interface PlanSpec {
  graph: Graph;
  backend: Backend;
  kind: PlanKind;
  maxRows: number;
  /** The loss of each output (none for predict plans). */
  losses: readonly (Loss | null)[];
  /** The weight of each output's loss in the total (Keras loss_weights). */
  lossWeights: readonly number[];
  generator: () => Generator;
}

/** What a head needs of its plan: buffers it shares with the other heads, and where its output lives. */
interface HeadWiring {
  backend: Backend;
  maxRows: number;
  alloc: (n: number) => Float32Array;
  allocInt: (n: number) => Int32Array;
  /** The per-row sample weights of the batch, shared by every output (Keras repeats one weight array per output). */
  weights: Float32Array;
  outputOf: () => Float32Array;
  gradOf: () => Float32Array | null;
}

/** One model output with its loss: label/target buffers, probabilities for metrics, the gradient it seeds. */
export class PlanHead {
  readonly mode: HeadMode;
  /** Whether the output's softmax/sigmoid is left out of the forward pass (the loss takes its input). */
  readonly activationTaken: boolean;
  readonly labels: Int32Array;
  readonly targets: Float32Array;
  readonly probs: Float32Array;

  constructor(
    readonly units: number,
    readonly loss: Loss | null,
    readonly weight: number,
    activation: ActivationName,
    overridable: boolean,
    private readonly wiring: HeadWiring,
  ) {
    const head = overridable ? headOf(loss, activation) : headOf(null, activation);
    this.mode = head.mode;
    this.activationTaken = head.activationTaken;
    this.labels = wiring.allocInt(wiring.maxRows);
    this.targets = wiring.alloc(wiring.maxRows * units);
    this.probs = wiring.alloc(wiring.maxRows * units);
  }

  /** The output buffer: logits in 'fused'/'logits' mode, the model output otherwise. */
  get output(): Float32Array {
    return this.wiring.outputOf();
  }

  /** The predictions for metrics: the activation's output even where the loss took its input. */
  get predictions(): Float32Array {
    return this.activationTaken ? this.probs : this.output;
  }

  /** The sample weights of the batch (what `lossSum` reads when told the batch is weighted). */
  get weights(): Float32Array {
    return this.wiring.weights;
  }

  /**
   * Σ of the per-sample losses of `rows` rows from row `firstRow` (rows × the batch loss); with gradients,
   * seeds the backward pass with weight/rows times its gradient. With `weighted`, rows are weighted by the
   * sample weights (Keras's Σ w·l / n; the fused kernel is unweighted).
   */
  lossSum(rows: number, firstRow = 0, weighted = false): number {
    const grad = this.wiring.gradOf();
    if (grad !== null && firstRow !== 0) throw new RangeError('a training step scores its whole batch, from row 0');
    const units = this.units;
    const output = rowsFrom(this.output, firstRow, units);
    const probs = rowsFrom(this.probs, firstRow, units);
    const labels = rowsFrom(this.labels, firstRow, 1);
    if (this.mode === 'fused' && !weighted) {
      return this.wiring.backend.softmaxCrossEntropy(output, labels, probs, grad, rows, units, this.weight / rows);
    }
    const loss = this.loss!;
    const sum = loss.batchLoss({
      output,
      targets: loss.takesLabels ? labels : rowsFrom(this.targets, firstRow, units),
      rows,
      cols: units,
      logits: this.mode !== 'probabilities',
      weights: weighted ? rowsFrom(this.wiring.weights, firstRow, 1) : null,
      grad,
      probs: this.activationTaken ? probs : null,
    });
    // The loss writes the gradient of its own batch loss; the total weighs it by the output's loss weight.
    if (grad !== null && this.weight !== 1) for (let i = 0; i < rows * units; i++) grad[i] *= this.weight;
    return sum;
  }
}

/**
 * The planned step of a model for one batch size (docs/architecture.md, "the hot path is planned"): every buffer
 * is allocated here once; forward, loss and backward then only call kernels on them, for any row count up to
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
  /** Per-row sample weights of the current batch, shared by every output. */
  readonly weights: Float32Array;
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
    this.weights = new Float32Array(maxRows);
    const shapes = tensorShapes(graph);
    const overridable = overridableOutputs(graph);
    const withGradients = spec.kind === 'train';
    let graphSteps: GraphSteps | null = null;
    this.heads = graph.outputs.map(
      (t, j) =>
        new PlanHead(
          shapeSize(shapes[t]),
          spec.kind === 'predict' ? null : (spec.losses[j] ?? null),
          spec.lossWeights[j] ?? 1,
          activationOf(producerOf(graph, t)),
          overridable[j],
          {
            backend,
            maxRows,
            alloc,
            allocInt,
            weights: this.weights,
            outputOf: () => graphSteps!.outputs[j],
            gradOf: () => (withGradients ? graphSteps!.outputGrads[j] : null),
          },
        ),
    );
    graphSteps = createGraphSteps(graph, {
      backend,
      alloc,
      maxRows,
      withGradients,
      generator: spec.generator,
      inputs: this.inputs,
      inputGrads: this.inputs.map(() => null),
      outputOverrides: this.heads.map((h) => (h.activationTaken ? 'linear' : undefined)),
    });
    this.graphSteps = graphSteps;
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

  /** The first output for metrics: the activation's output even where the loss took its input. */
  get predictions(): Float32Array {
    return this.heads[0].predictions;
  }

  forward(rows: number, training: boolean): void {
    this.graphSteps.forward(rows, training);
  }

  /**
   * The total loss sum (Σ over outputs of weight × Σ per-sample losses, plus the regularization penalties) of
   * `rows` rows of the last forward pass from row `firstRow` (evaluation forwards several batches at once and
   * scores them one by one); with gradients, seeds the backward pass (scaled by weight/rows).
   */
  lossSum(rows: number, firstRow = 0, weighted = false): number {
    let total = 0;
    for (const head of this.heads) total += head.weight * head.lossSum(rows, firstRow, weighted);
    // Regularization penalties count once per batch in the batch's mean loss (Keras adds them to the loss).
    return total + rows * this.penalty(rows, firstRow);
  }

  /** Σ of the layers' regularization losses for these rows (0 without regularizers). */
  penalty(rows: number, firstRow = 0): number {
    let total = 0;
    for (const step of this.graphSteps.steps) if (step.penalty !== undefined) total += step.penalty(rows, firstRow);
    return total;
  }

  /** Applies the layers' weight constraints (after each optimizer update, as Keras's optimizer does). */
  applyConstraints(): void {
    for (const step of this.graphSteps.steps) step.afterUpdate?.();
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
