import type { ActivationName, Backend } from '../backend/backend.ts';
import type { Layer, LayerStep } from '../layers/layer.ts';
import type { Loss } from '../losses.ts';
import { type HeadMode, headOf } from '../losses/head.ts';
import type { Generator } from '../random/generator.ts';

/** What a plan is for: training (gradients, dropout), evaluation (loss, no gradients) or prediction. */
export type PlanKind = 'train' | 'eval' | 'predict';

export type { HeadMode } from '../losses/head.ts';

export interface PlanSpec {
  layers: readonly Layer[];
  backend: Backend;
  kind: PlanKind;
  maxRows: number;
  inputSize: number;
  outputUnits: number;
  loss: Loss | null;
  generator: () => Generator;
}

/**
 * The planned step of a model for one batch size (docs/architecture.md, "the hot path is planned"): every buffer is
 * allocated here once; forward, loss and backward then only call kernels on them, for any row count up to maxRows.
 */
export class ModelPlan {
  readonly kind: PlanKind;
  readonly maxRows: number;
  readonly mode: HeadMode;
  readonly input: Float32Array;
  /** An ordinary-memory copy of the input buffer's shape when the input lives in shared memory, else null. */
  readonly inputStaging: Float32Array | null;
  readonly labels: Int32Array;
  readonly targets: Float32Array;
  /** Per-row sample weights of the current batch (used when lossSum is told the batch is weighted). */
  readonly weights: Float32Array;
  private readonly steps: LayerStep[] = [];
  private readonly probs: Float32Array;
  private readonly owned: (Float32Array | Int32Array)[] = [];
  private readonly backend: Backend;
  private readonly units: number;
  private readonly loss: Loss | null;
  private readonly outputActivation: ActivationName;
  /** Whether the last layer's softmax/sigmoid is skipped in the forward pass (the loss takes its input). */
  private readonly activationTaken: boolean;

  constructor(spec: PlanSpec) {
    const { backend, maxRows, layers } = spec;
    this.kind = spec.kind;
    this.maxRows = maxRows;
    this.backend = backend;
    this.units = spec.outputUnits;
    this.loss = spec.loss;
    this.outputActivation = outputActivationOf(layers);
    const head = headOf(spec.kind === 'predict' ? null : spec.loss, this.outputActivation);
    this.mode = head.mode;
    this.activationTaken = head.activationTaken;
    const alloc = (n: number): Float32Array => this.track(backend.allocFloat32(n));
    this.input = alloc(maxRows * spec.inputSize);
    const shared = typeof SharedArrayBuffer !== 'undefined' && this.input.buffer instanceof SharedArrayBuffer;
    this.inputStaging = shared ? new Float32Array(maxRows * spec.inputSize) : null;
    this.labels = this.track(backend.allocInt32(maxRows));
    this.targets = alloc(maxRows * spec.outputUnits);
    this.probs = alloc(maxRows * spec.outputUnits);
    this.weights = new Float32Array(maxRows);
    const withGradients = spec.kind === 'train';
    let input = this.input;
    let inputGrad: Float32Array | null = null;
    layers.forEach((layer, i) => {
      const last = i === layers.length - 1;
      const step = layer.createStep({
        backend, alloc, maxRows, input, inputGrad, withGradients, generator: spec.generator,
        activationOverride: last && this.activationTaken ? 'linear' : undefined,
      });
      this.steps.push(step);
      input = step.output;
      inputGrad = step.outputGrad;
    });
  }

  /** The last layer's output: logits in 'fused'/'logits' mode, the model output otherwise. */
  get output(): Float32Array {
    return this.steps.length > 0 ? this.steps[this.steps.length - 1].output : this.input;
  }

  /** The model's output for metrics: the activation's output even where the loss took its input. */
  get predictions(): Float32Array {
    return this.activationTaken ? this.probs : this.output;
  }

  forward(rows: number, training: boolean): void {
    for (const step of this.steps) step.forward(rows, training);
  }

  /**
   * Σ of the per-sample losses of `rows` rows of the last forward pass from row `firstRow` (evaluation forwards
   * several batches at once and scores them one by one); with gradients, seeds the backward pass (scaled by 1/rows).
   * With `weighted`, rows are weighted by this.weights (Keras's Σ w·l / n; the fused kernel is unweighted).
   */
  lossSum(rows: number, firstRow = 0, weighted = false): number {
    // Regularization penalties count once per batch in the batch's mean loss (Keras adds them to the loss).
    return this.dataLossSum(rows, firstRow, weighted) + rows * this.penalty(rows, firstRow);
  }

  /** Σ of the layers' regularization losses for these rows (0 without regularizers). */
  penalty(rows: number, firstRow = 0): number {
    let total = 0;
    for (const step of this.steps) if (step.penalty !== undefined) total += step.penalty(rows, firstRow);
    return total;
  }

  /** Applies the layers' weight constraints (after each optimizer update, as Keras's optimizer does). */
  applyConstraints(): void {
    for (const step of this.steps) step.afterUpdate?.();
  }

  private dataLossSum(rows: number, firstRow: number, weighted: boolean): number {
    const grad = this.kind === 'train' ? this.steps[this.steps.length - 1].outputGrad : null;
    if (grad !== null && firstRow !== 0) throw new RangeError('a training step scores its whole batch, from row 0');
    const units = this.units;
    const output = rowsFrom(this.output, firstRow, units);
    const probs = rowsFrom(this.probs, firstRow, units);
    const labels = rowsFrom(this.labels, firstRow, 1);
    if (this.mode === 'fused' && !weighted) {
      return this.backend.softmaxCrossEntropy(output, labels, probs, grad, rows, units, 1 / rows);
    }
    const loss = this.loss!;
    return loss.batchLoss({
      output, targets: loss.takesLabels ? labels : rowsFrom(this.targets, firstRow, units), rows, cols: units,
      logits: this.mode !== 'probabilities', weights: weighted ? rowsFrom(this.weights, firstRow, 1) : null, grad,
      probs: this.activationTaken ? probs : null,
    });
  }

  backward(rows: number): void {
    for (let i = this.steps.length - 1; i >= 0; i--) this.steps[i].backward(rows);
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
  const last = layers[layers.length - 1] as (Layer & { activation?: ActivationName }) | undefined;
  return last?.activation ?? 'linear';
}
