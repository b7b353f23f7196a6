import { type HookResult, type Logs, Callback } from './callback.ts';
import { checkOptions } from '../options.ts';
import { LAMBDA_CALLBACK_KEYS } from '../option-keys.ts';

type EpochFn = (epoch: number, logs: Logs) => HookResult;
type BatchFn = (batch: number, logs: Logs) => HookResult;
type RunFn = (logs: Logs) => HookResult;

/** The hooks a LambdaCallback can be given (Keras's on_epoch_begin, … in camelCase). */
export interface LambdaCallbackHooks {
  onEpochBegin?: EpochFn;
  onEpochEnd?: EpochFn;
  onTrainBegin?: RunFn;
  onTrainEnd?: RunFn;
  onTrainBatchBegin?: BatchFn;
  onTrainBatchEnd?: BatchFn;
  /** Alias of onTrainBatchBegin (Keras on_batch_begin). */
  onBatchBegin?: BatchFn;
  /** Alias of onTrainBatchEnd (Keras on_batch_end). */
  onBatchEnd?: BatchFn;
  onTestBegin?: RunFn;
  onTestEnd?: RunFn;
  onTestBatchBegin?: BatchFn;
  onTestBatchEnd?: BatchFn;
  onPredictBegin?: RunFn;
  onPredictEnd?: RunFn;
  onPredictBatchBegin?: BatchFn;
  onPredictBatchEnd?: BatchFn;
}

/** A callback built from plain functions (keras.callbacks.LambdaCallback). */
export class LambdaCallback extends Callback {
  constructor(hooks: LambdaCallbackHooks = {}) {
    super();
    checkOptions('LambdaCallback', hooks, LAMBDA_CALLBACK_KEYS);
    const { onBatchBegin, onBatchEnd, ...rest } = hooks;
    const all: LambdaCallbackHooks = { onTrainBatchBegin: onBatchBegin, onTrainBatchEnd: onBatchEnd, ...rest };
    // Only the given hooks become own properties, so fit still skips batch hooks nobody asked for.
    for (const [name, fn] of Object.entries(all)) {
      if (typeof fn === 'function')
        Object.defineProperty(this, name, { value: (a: never, b: never) => fn(a, b), writable: true });
    }
  }
}
