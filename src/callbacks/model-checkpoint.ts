import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ValueError } from '../errors.ts';
import { type Logs, Callback } from './callback.ts';
import { type MessageStream, type MonitorMode, isImprovement, resolveMonitorMode } from './monitor-mode.ts';
import { formatPythonNumber, formatPythonTemplate } from './python-format.ts';
import { checkOptions } from '../options.ts';
import { MODEL_CHECKPOINT_KEYS } from '../option-keys.ts';

/** Options of ModelCheckpoint (keras.callbacks.ModelCheckpoint arguments, camelCase). */
export interface ModelCheckpointOptions {
  /** The log value that decides what "best" means (default 'val_loss'). */
  monitor?: string;
  verbose?: number;
  /** Save only when the monitored value improves on the best so far. */
  saveBestOnly?: boolean;
  /** Save only the weights (model.saveWeights) instead of the whole model (model.save). */
  saveWeightsOnly?: boolean;
  mode?: MonitorMode;
  /** 'epoch' (default) saves at the end of each epoch; a number N saves every N batches. */
  saveFreq?: 'epoch' | number;
  /** The value the monitor must beat for the first save when saveBestOnly is set. */
  initialValueThreshold?: number | null;
  /** Where verbose messages go (default process.stdout). */
  stream?: MessageStream;
}

/**
 * Saves the model or its weights during training (keras.callbacks.ModelCheckpoint). The file path may hold
 * Python format fields: `{epoch:02d}` (1-based) and any log value, e.g. `weights.{epoch:02d}-{val_loss:.2f}.h5`.
 * Every save is atomic, so an interrupted save leaves the previous checkpoint intact.
 */
export class ModelCheckpoint extends Callback {
  readonly filepath: string;
  readonly monitor: string;
  readonly verbose: number;
  readonly saveBestOnly: boolean;
  readonly saveWeightsOnly: boolean;
  readonly mode: MonitorMode;
  readonly saveFreq: 'epoch' | number;
  /** The best monitored value so far (null before the first). */
  best: number | null;
  private resolvedMode: 'min' | 'max' | null = null;
  private currentEpoch = 0;
  private batchesSinceSave = 0;
  private lastBatchSeen = 0;
  private readonly stream: MessageStream;

  constructor(filepath: string, options: ModelCheckpointOptions = {}) {
    super();
    checkOptions('ModelCheckpoint', options, MODEL_CHECKPOINT_KEYS);
    if (typeof filepath !== 'string' || filepath.length === 0)
      throw new ValueError('ModelCheckpoint needs a file path, e.g. "best-model.h5"');
    this.filepath = filepath;
    this.monitor = options.monitor ?? 'val_loss';
    this.verbose = options.verbose ?? 0;
    this.saveBestOnly = options.saveBestOnly ?? false;
    this.saveWeightsOnly = options.saveWeightsOnly ?? false;
    this.mode = options.mode ?? 'auto';
    this.saveFreq = options.saveFreq ?? 'epoch';
    this.best = options.initialValueThreshold ?? null;
    this.stream = options.stream ?? process.stdout;
    checkExtension(filepath, this.saveWeightsOnly);
    if (this.saveFreq !== 'epoch' && !(Number.isInteger(this.saveFreq) && this.saveFreq > 0)) {
      throw new ValueError(
        `ModelCheckpoint saveFreq must be 'epoch' or a positive integer (batches), got ${String(this.saveFreq)}`,
      );
    }
    if (!['auto', 'min', 'max'].includes(this.mode))
      throw new ValueError(`ModelCheckpoint mode must be 'auto', 'min' or 'max', got '${this.mode}'`);
  }

  override onEpochBegin(epoch: number): void {
    this.currentEpoch = epoch;
  }

  override async onTrainBatchEnd(batch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') return;
    // A batch index that does not grow means a new epoch began.
    this.batchesSinceSave += batch <= this.lastBatchSeen ? batch + 1 : batch - this.lastBatchSeen;
    this.lastBatchSeen = batch;
    if (this.batchesSinceSave < this.saveFreq) return;
    this.batchesSinceSave = 0;
    await this.saveModel(this.currentEpoch, batch, logs);
  }

  override async onEpochEnd(epoch: number, logs: Logs = {}): Promise<void> {
    if (this.saveFreq === 'epoch') await this.saveModel(epoch, null, logs);
  }

  /** The path for a save at this epoch (0-based) and batch (0-based, or null), formatted as Keras does. */
  filePathFor(epoch: number, batch: number | null, logs: Logs): string {
    const values: Record<string, number> = { epoch: epoch + 1, ...logs };
    if (batch !== null && !('batch' in logs)) values.batch = batch + 1;
    return formatPythonTemplate(this.filepath, values);
  }

  private async saveModel(epoch: number, batch: number | null, logs: Logs): Promise<void> {
    const path = this.filePathFor(epoch, batch, logs);
    if (!this.shouldSave(epoch, logs, path)) return;
    const model = this.model;
    if (model === null)
      throw new ValueError('ModelCheckpoint is not attached to a model: pass it to fit({ callbacks })');
    mkdirSync(dirname(path), { recursive: true });
    if (this.saveWeightsOnly) await model.saveWeights(path);
    else await model.save(path);
  }

  // Keras 3's _should_save_model, with its verbose messages.
  private shouldSave(epoch: number, logs: Logs, path: string): boolean {
    if (!this.saveBestOnly) {
      if (this.verbose > 0) this.stream.write(`\nEpoch ${epoch + 1}: saving model to ${path}\n`);
      return true;
    }
    const current = logs[this.monitor];
    if (current === undefined) {
      process.emitWarning(`Can save best model only with ${this.monitor} available.`);
      return true;
    }
    this.resolvedMode ??= resolveMonitorMode(this.mode, this.monitor, 'ModelCheckpoint');
    const bestText = this.best === null ? 'None' : formatPythonNumber(this.best, '.5f');
    if (isImprovement(current, this.best, this.resolvedMode)) {
      if (this.verbose > 0) {
        this.stream.write(
          `\nEpoch ${epoch + 1}: ${this.monitor} improved from ${bestText} to ${formatPythonNumber(current, '.5f')}, saving model to ${path}\n`,
        );
      }
      this.best = current;
      return true;
    }
    if (this.verbose > 0) this.stream.write(`\nEpoch ${epoch + 1}: ${this.monitor} did not improve from ${bestText}\n`);
    return false;
  }
}

// nabla picks the format from the extension: .keras (Keras 3 zip), .weights.h5 (Keras 3 weights), .h5 (tf.keras).
function checkExtension(filepath: string, weightsOnly: boolean): void {
  if (weightsOnly ? filepath.endsWith('.h5') : filepath.endsWith('.h5') || filepath.endsWith('.keras')) return;
  const expected = weightsOnly ? "'.weights.h5' or '.h5'" : "'.keras' or '.h5'";
  throw new ValueError(
    `ModelCheckpoint file path must end with ${expected} (it picks the file format), got ${JSON.stringify(filepath)}`,
  );
}
