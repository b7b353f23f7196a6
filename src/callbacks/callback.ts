import type { Sequential } from '../models/sequential.ts';

/** Values logged by fit/evaluate: loss, metrics, val_ versions (running means within an epoch). */
export type Logs = Record<string, number>;

/** What a callback knows about the run (Keras callback.params). */
export interface CallbackParams {
  epochs: number;
  /** Batches per epoch (or per evaluate/predict run). */
  steps: number;
  verbose: number;
}

/** A hook's result: nothing, or a promise fit waits for. */
export type HookResult = void | Promise<void>;

/**
 * The base class of callbacks (keras.callbacks.Callback): override the hooks you need; each may be async.
 * `this.model` is the model being trained and `this.params` holds epochs, steps and verbose.
 */
export class Callback {
  model: Sequential | null = null;
  params: CallbackParams = { epochs: 0, steps: 0, verbose: 0 };

  /**
   * True for a callback whose batch hooks only report (the progress bar): evaluate and predict may then run
   * several batches through the model at once and call those hooks after them, as no hook can change the
   * model between two batches. Keras's loops always go one batch at a time.
   */
  get reportsOnly(): boolean {
    return false;
  }

  setModel(model: Sequential): void {
    this.model = model;
  }

  setParams(params: CallbackParams): void {
    this.params = { ...params };
  }

  onTrainBegin(_logs: Logs = {}): HookResult {}
  onTrainEnd(_logs: Logs = {}): HookResult {}
  onEpochBegin(_epoch: number, _logs: Logs = {}): HookResult {}
  onEpochEnd(_epoch: number, _logs: Logs = {}): HookResult {}
  onTrainBatchBegin(_batch: number, _logs: Logs = {}): HookResult {}
  onTrainBatchEnd(_batch: number, _logs: Logs = {}): HookResult {}
  onTestBegin(_logs: Logs = {}): HookResult {}
  onTestEnd(_logs: Logs = {}): HookResult {}
  onTestBatchBegin(_batch: number, _logs: Logs = {}): HookResult {}
  onTestBatchEnd(_batch: number, _logs: Logs = {}): HookResult {}
  onPredictBegin(_logs: Logs = {}): HookResult {}
  onPredictEnd(_logs: Logs = {}): HookResult {}
  onPredictBatchBegin(_batch: number, _logs: Logs = {}): HookResult {}
  onPredictBatchEnd(_batch: number, _logs: Logs = {}): HookResult {}
}
