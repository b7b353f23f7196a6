import { ValueError } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { type Logs, Callback } from './callback.ts';
import { type MessageStream, type MonitorMode, isImprovement, resolveMonitorMode } from './monitor-mode.ts';
import { checkOptions } from '../options.ts';
import { EARLY_STOPPING_KEYS } from '../option-keys.ts';

/** Options of EarlyStopping (keras.callbacks.EarlyStopping arguments, camelCase). */
export interface EarlyStoppingOptions {
  /** The log value to watch (default 'val_loss'). */
  monitor?: string;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** Epochs without improvement before stopping (default 0). */
  patience?: number;
  verbose?: number;
  mode?: MonitorMode;
  /** A value the monitor must beat; until it does, improvements do not reset the patience. */
  baseline?: number | null;
  /** Put back the weights of the best epoch when training ends (Keras 3 behaviour: also without an early stop). */
  restoreBestWeights?: boolean;
  /** Epochs to wait before watching at all (warm-up). */
  startFromEpoch?: number;
  /** Where verbose messages go (default process.stdout). */
  stream?: MessageStream;
}

/** Stops training when a monitored value has stopped improving (keras.callbacks.EarlyStopping, Keras 3 semantics). */
export class EarlyStopping extends Callback {
  readonly monitor: string;
  readonly minDelta: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: MonitorMode;
  readonly baseline: number | null;
  readonly restoreBestWeights: boolean;
  readonly startFromEpoch: number;
  /** The 0-based epoch at which training was stopped; 0 when it never stopped early. */
  stoppedEpoch = 0;
  /** The best monitored value so far (null before the first one). */
  best: number | null = null;
  /** The 0-based epoch of the best value. */
  bestEpoch = 0;
  /** Epochs since the last improvement. */
  wait = 0;
  private bestWeights: Tensor[] | null = null;
  private resolvedMode: 'min' | 'max' | null = null;
  private readonly stream: MessageStream;

  constructor(options: EarlyStoppingOptions = {}) {
    super();
    checkOptions('EarlyStopping', options, EARLY_STOPPING_KEYS);
    this.monitor = options.monitor ?? 'val_loss';
    this.minDelta = Math.abs(checkNumber(options.minDelta ?? 0, 'minDelta'));
    this.patience = checkCount(options.patience ?? 0, 'patience');
    this.verbose = options.verbose ?? 0;
    this.mode = options.mode ?? 'auto';
    this.baseline = options.baseline ?? null;
    this.restoreBestWeights = options.restoreBestWeights ?? false;
    this.startFromEpoch = checkCount(options.startFromEpoch ?? 0, 'startFromEpoch');
    this.stream = options.stream ?? process.stdout;
    if (!['auto', 'min', 'max'].includes(this.mode))
      throw new ValueError(`EarlyStopping mode must be 'auto', 'min' or 'max', got '${this.mode}'`);
  }

  override onTrainBegin(): void {
    // Reset so that one instance can serve several fit() calls, as in Keras.
    this.wait = 0;
    this.stoppedEpoch = 0;
    this.best = null;
    this.bestWeights = null;
    this.bestEpoch = 0;
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    this.resolvedMode ??= resolveMonitorMode(this.mode, this.monitor, 'EarlyStopping');
    const current = logs[this.monitor];
    if (current === undefined) {
      process.emitWarning(
        `Early stopping conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(',')}`,
      );
      return;
    }
    if (epoch < this.startFromEpoch) return;
    const model = this.requireModel();
    if (this.restoreBestWeights && this.bestWeights === null) {
      // The first watched epoch is the best so far even if it does not count as an improvement.
      this.bestWeights = model.getWeights();
      this.bestEpoch = epoch;
    }
    this.wait += 1;
    if (isImprovement(current, this.best, this.resolvedMode, this.minDelta)) {
      this.best = current;
      this.bestEpoch = epoch;
      if (this.restoreBestWeights) this.bestWeights = model.getWeights();
      if (this.baseline === null || isImprovement(current, this.baseline, this.resolvedMode, this.minDelta))
        this.wait = 0;
      return;
    }
    if (this.wait >= this.patience && epoch > 0) {
      this.stoppedEpoch = epoch;
      model.stopTraining = true;
    }
  }

  override onTrainEnd(): void {
    if (this.stoppedEpoch > 0 && this.verbose > 0)
      this.stream.write(`Epoch ${this.stoppedEpoch + 1}: early stopping\n`);
    if (this.restoreBestWeights && this.bestWeights !== null) {
      if (this.verbose > 0)
        this.stream.write(`Restoring model weights from the end of the best epoch: ${this.bestEpoch + 1}.\n`);
      this.requireModel().setWeights(this.bestWeights);
    }
  }

  private requireModel() {
    if (this.model === null)
      throw new ValueError('EarlyStopping is not attached to a model: pass it to fit({ callbacks })');
    return this.model;
  }
}

function checkNumber(value: number, name: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value))
    throw new ValueError(`EarlyStopping ${name} must be a finite number, got ${String(value)}`);
  return value;
}

function checkCount(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 0)
    throw new ValueError(`EarlyStopping ${name} must be an integer >= 0, got ${String(value)}`);
  return value;
}
