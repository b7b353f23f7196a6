import type { ActivationName, Backend } from '../backend/backend.ts';
import type { Layer, LayerStep } from '../layers/layer.ts';
import { type LossId, lossSum, usesLogits } from '../losses.ts';
import type { Generator } from '../random/generator.ts';

/** What a plan is for: training (gradients, dropout), evaluation (loss, no gradients) or prediction. */
export type PlanKind = 'train' | 'eval' | 'predict';

/**
 * How the loss is computed: 'fused' is softmax + sparse cross-entropy in one kernel from the logits,
 * 'logits' another loss from the pre-activation (tf.keras's _get_logits rule), 'probabilities' the plain output.
 */
export type HeadMode = 'fused' | 'logits' | 'probabilities';

export interface PlanSpec {
  layers: readonly Layer[];
  backend: Backend;
  kind: PlanKind;
  maxRows: number;
  inputSize: number;
  outputUnits: number;
  loss: LossId | null;
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
  private readonly steps: LayerStep[] = [];
  private readonly probs: Float32Array;
  private readonly owned: (Float32Array | Int32Array)[] = [];
  private readonly backend: Backend;
  private readonly units: number;
  private readonly loss: LossId | null;
  private readonly outputActivation: ActivationName;

  constructor(spec: PlanSpec) {
    const { backend, maxRows, layers } = spec;
    this.kind = spec.kind;
    this.maxRows = maxRows;
    this.backend = backend;
    this.units = spec.outputUnits;
    this.loss = spec.loss;
    this.outputActivation = outputActivationOf(layers);
    this.mode = headMode(spec.kind, spec.loss, this.outputActivation);
    const alloc = (n: number): Float32Array => this.track(backend.allocFloat32(n));
    this.input = alloc(maxRows * spec.inputSize);
    const shared = typeof SharedArrayBuffer !== 'undefined' && this.input.buffer instanceof SharedArrayBuffer;
    this.inputStaging = shared ? new Float32Array(maxRows * spec.inputSize) : null;
    this.labels = this.track(backend.allocInt32(maxRows));
    this.targets = alloc(maxRows * spec.outputUnits);
    this.probs = alloc(maxRows * spec.outputUnits);
    const withGradients = spec.kind === 'train';
    let input = this.input;
    let inputGrad: Float32Array | null = null;
    layers.forEach((layer, i) => {
      const last = i === layers.length - 1;
      const step = layer.createStep({
        backend, alloc, maxRows, input, inputGrad, withGradients, generator: spec.generator,
        activationOverride: last && this.mode !== 'probabilities' ? 'linear' : undefined,
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

  /** The model's predictions for metrics: probabilities even when the loss used logits. */
  get predictions(): Float32Array {
    return this.mode === 'probabilities' ? this.output : this.probs;
  }

  forward(rows: number, training: boolean): void {
    for (const step of this.steps) step.forward(rows, training);
  }

  /**
   * Σ of the per-sample losses of `rows` rows of the last forward pass from row `firstRow` (evaluation forwards
   * several batches at once and scores them one by one); with gradients, seeds the backward pass (scaled by 1/rows).
   */
  lossSum(rows: number, firstRow = 0): number {
    const grad = this.kind === 'train' ? this.steps[this.steps.length - 1].outputGrad : null;
    if (grad !== null && firstRow !== 0) throw new RangeError('a training step scores its whole batch, from row 0');
    const units = this.units;
    const output = rowsFrom(this.output, firstRow, units);
    const probs = rowsFrom(this.probs, firstRow, units);
    const labels = rowsFrom(this.labels, firstRow, 1);
    if (this.mode === 'fused') {
      return this.backend.softmaxCrossEntropy(output, labels, probs, grad, rows, units, 1 / rows);
    }
    const sparse = this.loss === 'sparse_categorical_crossentropy';
    return lossSum(this.loss!, {
      output, targets: sparse ? labels : rowsFrom(this.targets, firstRow, units), rows, cols: units,
      fromLogits: this.mode === 'logits', grad, gradScale: 1 / rows, probs, activation: this.outputActivation,
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

function headMode(kind: PlanKind, loss: LossId | null, activation: ActivationName): HeadMode {
  if (kind === 'predict' || loss === null || !usesLogits(loss, activation)) return 'probabilities';
  return loss === 'sparse_categorical_crossentropy' ? 'fused' : 'logits';
}
