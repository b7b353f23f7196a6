import type { Sequential } from '../models/sequential.ts';
import { type CallbackParams, type Logs, Callback } from './callback.ts';
import { ProgbarLogger } from './progbar-logger.ts';

type BatchHook = 'onTrainBatchBegin' | 'onTrainBatchEnd' | 'onTestBatchBegin' | 'onTestBatchEnd' | 'onPredictBatchBegin' | 'onPredictBatchEnd';
type EpochHook = 'onEpochBegin' | 'onEpochEnd';
type RunHook = 'onTrainBegin' | 'onTrainEnd' | 'onTestBegin' | 'onTestEnd' | 'onPredictBegin' | 'onPredictEnd';

/** Calls a set of callbacks in order, waiting for the async ones (keras.callbacks.CallbackList). */
export class CallbackList {
  readonly callbacks: Callback[];
  /** Whether any callback overrides a batch hook (fit skips the batch-hook calls otherwise). */
  private readonly batchHooks: Set<BatchHook>;

  constructor(callbacks: readonly Callback[], model: Sequential, params: CallbackParams) {
    this.callbacks = [...callbacks];
    for (const callback of this.callbacks) {
      callback.setModel(model);
      callback.setParams(params);
    }
    this.batchHooks = new Set(
      (['onTrainBatchBegin', 'onTrainBatchEnd', 'onTestBatchBegin', 'onTestBatchEnd', 'onPredictBatchBegin', 'onPredictBatchEnd'] as const)
        .filter((hook) => this.callbacks.some((c) => c[hook] !== Callback.prototype[hook])),
    );
  }

  /**
   * Whether no callback but the progress bar (which only prints) watches the batches of evaluate or predict.
   * Then several batches may be computed at once: no hook can change the model between two of them.
   */
  onlyProgressWatches(phase: 'test' | 'predict'): boolean {
    const hooks = phase === 'test' ? (['onTestBatchBegin', 'onTestBatchEnd'] as const) : (['onPredictBatchBegin', 'onPredictBatchEnd'] as const);
    return this.callbacks.every((c) => c instanceof ProgbarLogger || hooks.every((hook) => c[hook] === Callback.prototype[hook]));
  }

  /** Whether calling this batch hook can do anything. */
  hasBatchHook(hook: BatchHook): boolean {
    return this.batchHooks.has(hook);
  }

  async run(hook: RunHook, logs: Logs = {}): Promise<void> {
    for (const callback of this.callbacks) await (callback[hook](logs));
  }

  async epoch(hook: EpochHook, epoch: number, logs: Logs = {}): Promise<void> {
    for (const callback of this.callbacks) await (callback[hook](epoch, logs));
  }

  async batch(hook: BatchHook, batch: number, logs: Logs = {}): Promise<void> {
    if (!this.batchHooks.has(hook)) return;
    for (const callback of this.callbacks) await (callback[hook](batch, logs));
  }
}
