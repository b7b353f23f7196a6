import { NablaError } from '../errors.ts';
import { type Logs, Callback } from './callback.ts';
import type { MessageStream } from './monitor-mode.ts';
import { checkOptions } from '../options.ts';
import { TERMINATE_ON_NAN_KEYS } from '../option-keys.ts';

/** Stops training as soon as a batch loss is NaN or infinite (keras.callbacks.TerminateOnNaN). */
export class TerminateOnNaN extends Callback {
  /** Throw instead of stopping quietly (Keras 3's raise_error). */
  readonly raiseError: boolean;
  private readonly stream: MessageStream;

  constructor(options: { raiseError?: boolean; stream?: MessageStream } = {}) {
    super();
    checkOptions('TerminateOnNaN', options, TERMINATE_ON_NAN_KEYS);
    this.raiseError = options.raiseError ?? false;
    this.stream = options.stream ?? process.stdout;
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    const loss = logs.loss;
    if (loss === undefined || Number.isFinite(loss)) return;
    if (this.raiseError) throw new NablaError(`NaN or Inf loss encountered at batch ${batch}. Training terminated.`);
    this.stream.write(`Batch ${batch}: Invalid loss, terminating training\n`);
    if (this.model) this.model.stopTraining = true;
  }
}
