import { type Logs, Callback } from './callback.ts';

/** Records the epoch logs of fit (keras.callbacks.History): history.loss, history.val_accuracy, …, and epoch indices. */
export class History extends Callback {
  /** Epoch indices (0-based) that ran. */
  epoch: number[] = [];
  /** One list per log key, one value per epoch. */
  history: Record<string, number[]> = {};

  override onTrainBegin(): void {
    this.epoch = [];
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.epoch.push(epoch);
    for (const [key, value] of Object.entries(logs)) {
      (this.history[key] ??= []).push(value);
    }
  }
}
