import { ValueError } from '../errors.ts';
import { type Logs, Callback } from './callback.ts';
import type { MessageStream } from './monitor-mode.ts';
import { checkOptions } from '../options.ts';
import { REDUCE_LR_KEYS } from '../option-keys.ts';

/** Options of ReduceLROnPlateau (keras.callbacks.ReduceLROnPlateau arguments, camelCase). */
export interface ReduceLROnPlateauOptions {
  monitor?: string;
  /** new_lr = lr · factor (must be < 1; default 0.1). */
  factor?: number;
  /** Epochs without improvement before reducing (default 10). */
  patience?: number;
  verbose?: number;
  /** 'auto' maximises when the monitor name contains 'acc', else minimises. */
  mode?: 'auto' | 'min' | 'max';
  /** The change that counts as an improvement (default 1e-4). */
  minDelta?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
  /** The learning rate never goes below this (default 0). */
  minLr?: number;
  stream?: MessageStream;
}

/** Lowers the learning rate when a monitored value stops improving (keras.callbacks.ReduceLROnPlateau). */
export class ReduceLROnPlateau extends Callback {
  readonly monitor: string;
  readonly factor: number;
  readonly patience: number;
  readonly verbose: number;
  readonly mode: 'auto' | 'min' | 'max';
  readonly minDelta: number;
  readonly cooldown: number;
  readonly minLr: number;
  best = Infinity;
  wait = 0;
  cooldownCounter = 0;
  private readonly stream: MessageStream;

  constructor(options: ReduceLROnPlateauOptions = {}) {
    super();
    checkOptions('ReduceLROnPlateau', options, REDUCE_LR_KEYS);
    this.monitor = options.monitor ?? 'val_loss';
    this.factor = options.factor ?? 0.1;
    if (!(this.factor < 1) || !(this.factor > 0)) {
      throw new ValueError(
        `ReduceLROnPlateau does not support a factor >= 1.0 (or <= 0). Received factor=${this.factor}`,
      );
    }
    this.patience = options.patience ?? 10;
    this.verbose = options.verbose ?? 0;
    this.mode = options.mode ?? 'auto';
    if (!['auto', 'min', 'max'].includes(this.mode))
      throw new ValueError(`ReduceLROnPlateau mode must be 'auto', 'min' or 'max', got '${this.mode}'`);
    this.minDelta = options.minDelta ?? 1e-4;
    this.cooldown = options.cooldown ?? 0;
    this.minLr = options.minLr ?? 0;
    this.stream = options.stream ?? process.stdout;
    this.reset();
  }

  private get minimising(): boolean {
    return this.mode === 'min' || (this.mode === 'auto' && !this.monitor.includes('acc'));
  }

  private reset(): void {
    this.best = this.minimising ? Infinity : -Infinity;
    this.cooldownCounter = 0;
    this.wait = 0;
  }

  override onTrainBegin(): void {
    this.reset();
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    const optimizer = this.requireOptimizer();
    logs.learning_rate = optimizer.learningRate;
    const current = logs[this.monitor];
    if (current === undefined) {
      process.emitWarning(
        `Learning rate reduction is conditioned on metric \`${this.monitor}\` which is not available. Available metrics are: ${Object.keys(logs).join(',')}.`,
      );
      return;
    }
    if (this.cooldownCounter > 0) {
      this.cooldownCounter -= 1;
      this.wait = 0;
    }
    if (this.improves(current)) {
      this.best = current;
      this.wait = 0;
      return;
    }
    if (this.cooldownCounter > 0) return;
    this.wait += 1;
    if (this.wait < this.patience) return;
    const oldLr = optimizer.learningRate;
    // Keras compares against min_lr as float32, the dtype of its learning-rate variable.
    if (oldLr > Math.fround(this.minLr)) {
      const newLr = Math.max(oldLr * this.factor, this.minLr);
      optimizer.learningRate = newLr;
      if (this.verbose > 0)
        this.stream.write(`\nEpoch ${epoch + 1}: ReduceLROnPlateau reducing learning rate to ${newLr}.\n`);
      this.cooldownCounter = this.cooldown;
      this.wait = 0;
    }
  }

  private improves(current: number): boolean {
    return this.minimising ? current < this.best - this.minDelta : current > this.best + this.minDelta;
  }

  private requireOptimizer() {
    const optimizer = this.model?.optimizer;
    if (!optimizer) throw new ValueError('ReduceLROnPlateau needs a compiled model: call model.compile() before fit()');
    return optimizer;
  }
}
