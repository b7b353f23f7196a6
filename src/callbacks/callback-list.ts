import type { Sequential } from '../models/sequential.ts';
import { ValueError } from '../errors.ts';
import { describeValue } from '../options.ts';
import { type CallbackParams, type Logs, Callback } from './callback.ts';

const BATCH_HOOKS = [
  'onTrainBatchBegin',
  'onTrainBatchEnd',
  'onTestBatchBegin',
  'onTestBatchEnd',
  'onPredictBatchBegin',
  'onPredictBatchEnd',
] as const;
type BatchHook = (typeof BATCH_HOOKS)[number];
type EpochHook = 'onEpochBegin' | 'onEpochEnd';
type RunHook = 'onTrainBegin' | 'onTrainEnd' | 'onTestBegin' | 'onTestEnd' | 'onPredictBegin' | 'onPredictEnd';

/** Calls a set of callbacks in order, waiting for the async ones (keras.callbacks.CallbackList). */
export class CallbackList {
  readonly callbacks: Callback[];
  /** The batch hooks some callback overrides (the loops skip calling the others). */
  private readonly batchHooks: Set<BatchHook>;
  /** The batch hooks some callback that does more than report (Callback.reportsOnly) overrides. */
  private readonly watchedBatchHooks: Set<BatchHook>;

  constructor(callbacks: readonly Callback[], model: Sequential, params: CallbackParams) {
    this.callbacks = checkCallbacks(callbacks);
    for (const callback of this.callbacks) {
      callback.setModel(model);
      callback.setParams(params);
    }
    this.batchHooks = hooksOverriddenBy(this.callbacks);
    this.watchedBatchHooks = hooksOverriddenBy(this.callbacks.filter((c) => !c.reportsOnly));
  }

  /**
   * Whether only callbacks that report (the progress bar) watch the batches of evaluate or predict. Then
   * several batches may be computed at once: no hook can change the model between two of them.
   */
  onlyReportersWatch(phase: 'test' | 'predict'): boolean {
    const [begin, end] =
      phase === 'test'
        ? (['onTestBatchBegin', 'onTestBatchEnd'] as const)
        : (['onPredictBatchBegin', 'onPredictBatchEnd'] as const);
    return !this.watchedBatchHooks.has(begin) && !this.watchedBatchHooks.has(end);
  }

  /** Whether calling this batch hook can do anything. */
  hasBatchHook(hook: BatchHook): boolean {
    return this.batchHooks.has(hook);
  }

  async run(hook: RunHook, logs: Logs = {}): Promise<void> {
    for (const callback of this.callbacks) await callback[hook](logs);
  }

  async epoch(hook: EpochHook, epoch: number, logs: Logs = {}): Promise<void> {
    for (const callback of this.callbacks) await callback[hook](epoch, logs);
  }

  async batch(hook: BatchHook, batch: number, logs: Logs = {}): Promise<void> {
    if (!this.batchHooks.has(hook)) return;
    for (const callback of this.callbacks) await callback[hook](batch, logs);
  }
}

/** The batch hooks that at least one of `callbacks` overrides. */
function hooksOverriddenBy(callbacks: readonly Callback[]): Set<BatchHook> {
  return new Set(BATCH_HOOKS.filter((hook) => callbacks.some((c) => c[hook] !== Callback.prototype[hook])));
}

/** The callbacks as an array, each checked to be a Callback. */
// A plain object or a class from another copy of the library would fail deep inside fit with "setModel is not a
// function"; it is named here instead.
export function checkCallbacks(callbacks: readonly Callback[]): Callback[] {
  if (!Array.isArray(callbacks))
    throw new ValueError(`callbacks must be an array of Callback instances, got ${describeValue(callbacks)}`);
  callbacks.forEach((callback, i) => {
    if (!(callback instanceof Callback)) {
      throw new ValueError(
        `callbacks[${i}] is ${describeValue(callback)}, not a Callback: pass instances such as new EarlyStopping(), ` +
          'new LambdaCallback({ onEpochEnd }) or of a subclass of Callback',
      );
    }
  });
  return [...callbacks];
}
