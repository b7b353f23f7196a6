// What Sequential and the functional Model share: training, evaluation, the weights and the model files,
// all over one ModelCore. Keras's Sequential is a Functional model; here both extend this base and keep
// their own ways of holding layers, their own compile() (one loss, or one per output) and predict() (one
// tensor, or one per output).
import type { History } from '../callbacks/history.ts';
import type { Layer, LayerConfig } from '../layers/layer.ts';
import { EVALUATE_KEYS, FIT_KEYS, LOAD_WEIGHTS_KEYS } from '../option-keys.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';
import { checkOptions } from '../options.ts';
import { type LoadWeightsOptions, loadModelWeights, saveModel, saveModelWeights } from '../saving/model-io.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { ModelCore } from './model-core.ts';
import {
  type EvaluateOptions,
  type FitOptions,
  type ModelInputs,
  evaluateLoop,
  fitLoop,
  singleBatch,
} from './training-loop.ts';

/**
 * What evaluate, trainOnBatch and testOnBatch return, as Keras does: the loss alone (a number) for a model
 * compiled without metrics, else [loss, ...metrics]. Which of the two is known only at run time, so the
 * type admits both of Keras's uses, `const [loss, acc] = await model.evaluate(x, y)` and
 * `const loss = await model.evaluate(x, y)`; use the one that matches the model's compile(). The first eight
 * slots are typed as numbers, so that the destructuring reads numbers under `noUncheckedIndexedAccess` too.
 */
export type LossAndMetrics = number & number[] & { readonly [slot in 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7]: number };

/** The training, evaluation and file methods of a model whose inputs take the form X. */
export abstract class ModelBase<X extends ModelInputs> {
  abstract readonly name: string;
  /** Set by a callback to end fit after the current batch (Keras model.stop_training). */
  stopTraining = false;
  /** The History of the last fit. */
  history: History | null = null;
  /** The options given to compile, or null before compile (for saving). */
  abstract compileConfig: { loss: unknown; metrics?: unknown; lossWeights?: unknown } | null;
  protected readonly core = new ModelCore();

  /** The layers as Keras lists them. */
  abstract get layers(): Layer[];

  /** The model config with camelCase keys (get_config). */
  abstract getConfig(): { name: string; layers: { className: string; config: LayerConfig }[] };

  /** The summary table as text (what summary() prints). */
  abstract summaryText(): string;

  /** The optimizer given to compile (an Optimizer instance), or null. */
  get optimizer(): Optimizer | null {
    return this.core.optimizer;
  }

  /** Total number of weights (Model.count_params). */
  countParams(): number {
    return this.core.countParams();
  }

  /** Prints the summary table (Model.summary). */
  summary(): void {
    process.stdout.write(this.summaryText());
  }

  /** Trains for a number of epochs (Model.fit) and returns the History. */
  async fit(x: X, y: X, options: FitOptions = {}): Promise<History> {
    checkOptions('fit', options, FIT_KEYS);
    const history = await fitLoop(this, this.core, x, y, options);
    this.history = history;
    return history;
  }

  /**
   * The loss (a number) or [loss, ...metrics] on x, y (Model.evaluate; see LossAndMetrics); with
   * `returnDict: true`, a record { loss, accuracy, … } (Keras return_dict).
   */
  async evaluate(x: X, y: X, options: EvaluateOptions & { returnDict: true }): Promise<Record<string, number>>;
  async evaluate(x: X, y: X, options?: EvaluateOptions): Promise<LossAndMetrics>;
  async evaluate(x: X, y: X, options: EvaluateOptions = {}): Promise<LossAndMetrics | Record<string, number>> {
    checkOptions('evaluate', options, EVALUATE_KEYS);
    const logs = await evaluateLoop(this, this.core, x, y, options);
    return options.returnDict === true ? logs : collapse(logs);
  }

  /** One gradient update on one batch; returns the loss (or [loss, ...metrics]) before the update (Model.train_on_batch). */
  async trainOnBatch(x: X, y: X): Promise<LossAndMetrics> {
    return collapse(singleBatch(this, this.core, x, y, true));
  }

  /** The loss (or [loss, ...metrics]) on one batch without updating (Model.test_on_batch). */
  async testOnBatch(x: X, y: X): Promise<LossAndMetrics> {
    return collapse(singleBatch(this, this.core, x, y, false));
  }

  /** All weights as Tensors, layer by layer in model.layers order (kernel, bias per Dense). */
  getWeights(): Tensor[] {
    return this.core.layers.flatMap((l) => l.getWeights());
  }

  /** Sets all weights from Tensors in getWeights() order; counts and shapes must match. */
  abstract setWeights(weights: readonly Tensor[]): void;

  /** Saves the whole model (Model.save): '.keras' as a Keras 3 archive, '.h5' as tf.keras legacy HDF5; atomic. */
  async save(path: string): Promise<void> {
    await saveModel(this, path);
  }

  /** Saves the weights (Model.save_weights): '.weights.h5' in the Keras 3 layout, '.h5' in the tf.keras one; atomic. */
  async saveWeights(path: string): Promise<void> {
    await saveModelWeights(this, path);
  }

  /** Loads weights from a Keras file (Model.load_weights); `byName` matches legacy .h5 layers by name. */
  async loadWeights(path: string, options: LoadWeightsOptions = {}): Promise<void> {
    checkOptions('loadWeights', options, LOAD_WEIGHTS_KEYS);
    await loadModelWeights(this, path, options);
  }
}

/** Keras's return value: the loss alone, or the list of the loss and the metrics. */
function collapse(logs: Record<string, number>): LossAndMetrics {
  const values = Object.values(logs);
  return (values.length === 1 ? values[0] : values) as LossAndMetrics;
}
