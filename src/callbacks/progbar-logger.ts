import { type Logs, Callback } from './callback.ts';
import { checkOptions } from '../options.ts';
import { PROGBAR_LOGGER_KEYS } from '../option-keys.ts';

/** Where progress goes: process.stdout by default. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

/** Options of ProgbarLogger. */
export interface ProgbarLoggerOptions {
  /** 1: a live bar on a terminal (one line per epoch elsewhere); 2: one line per epoch. */
  verbose?: 1 | 2;
  stream?: ProgressStream;
}

/**
 * Prints training progress as tf.keras 2.x does (keras.callbacks.ProgbarLogger): `Epoch 1/5`, then
 * `1200/1200 [==============================] - 3s 2ms/step - loss: 0.6326 - accuracy: 0.7853`.
 * fit adds one automatically when verbose is not 0.
 */
export class ProgbarLogger extends Callback {
  private readonly verbosity: 1 | 2;
  private readonly stream: ProgressStream;
  private progbar: Progbar | null = null;
  private epochs = 0;
  private seen = 0;
  private inFit = false;

  /** It only prints, so evaluate and predict may compute several batches before calling it. */
  override get reportsOnly(): boolean {
    return true;
  }

  constructor(options: ProgbarLoggerOptions = {}) {
    super();
    checkOptions('ProgbarLogger', options, PROGBAR_LOGGER_KEYS);
    this.verbosity = options.verbose ?? 1;
    this.stream = options.stream ?? process.stdout;
  }

  override onTrainBegin(): void {
    this.inFit = true;
    this.epochs = this.params.epochs;
  }

  override onTrainEnd(): void {
    this.inFit = false;
  }

  override onEpochBegin(epoch: number): void {
    this.startBar();
    if (this.epochs > 1) this.stream.write(`Epoch ${epoch + 1}/${this.epochs}\n`);
  }

  override onTrainBatchEnd(batch: number, logs: Logs = {}): void {
    this.seen = batch + 1;
    this.progbar?.update(this.seen, logs, false);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    this.progbar?.update(this.seen, logs, true);
  }

  override onTestBegin(): void {
    if (!this.inFit) this.startBar();
  }

  override onTestBatchEnd(batch: number, logs: Logs = {}): void {
    if (this.inFit) return;
    this.seen = batch + 1;
    this.progbar?.update(this.seen, logs, false);
  }

  override onTestEnd(logs: Logs = {}): void {
    if (!this.inFit) this.progbar?.update(this.seen, logs, true);
  }

  override onPredictBegin(): void {
    this.startBar();
  }

  override onPredictBatchEnd(batch: number): void {
    this.seen = batch + 1;
    this.progbar?.update(this.seen, {}, false);
  }

  override onPredictEnd(): void {
    this.progbar?.update(this.seen, {}, true);
  }

  private startBar(): void {
    this.seen = 0;
    this.progbar = new Progbar(this.params.steps, this.verbosity, this.stream);
  }
}

/** The tf.keras 2.x Progbar (utils.generic_utils.Progbar): width 30, counts steps, redraws at most every 0.05 s. */
export class Progbar {
  private readonly start = now();
  private lastUpdate = 0;
  private totalWidth = 0;
  private timeAfterFirstStep: number | null = null;
  private readonly dynamic: boolean;

  constructor(
    private readonly target: number,
    private readonly verbose: 1 | 2,
    private readonly stream: ProgressStream,
    private readonly width = 30,
    private readonly interval = 0.05,
  ) {
    this.dynamic = stream.isTTY === true;
  }

  /** Shows progress at step `current`; `finalize` closes the line with the total time and per-step time. */
  update(current: number, logs: Logs, finalize: boolean): void {
    const t = now();
    const info = ` - ${(t - this.start).toFixed(0)}s`;
    if (this.verbose === 1) this.updateBar(current, logs, finalize, t, info);
    else if (finalize) this.writeEpochLine(current, logs, t, info);
    this.lastUpdate = t;
  }

  private updateBar(current: number, logs: Logs, finalize: boolean, t: number, elapsed: string): void {
    // Off a terminal a redrawn bar would fill logs with lines: print only the finished one.
    if (!this.dynamic && !finalize) return;
    if (t - this.lastUpdate < this.interval && !finalize) return;
    const previousWidth = this.totalWidth;
    let message = this.dynamic ? `${'\b'.repeat(previousWidth)}\r` : '';
    const bar = this.bar(current);
    this.totalWidth = bar.length;
    message += bar;
    const perStep = this.stepDuration(current, t);
    let info = elapsed;
    if (finalize) info += formatTime(perStep, 'step');
    else info = ` - ETA: ${formatEta(perStep * (this.target - current))}`;
    info += formatLogs(logs, true);
    this.totalWidth += info.length;
    if (previousWidth > this.totalWidth) info += ' '.repeat(previousWidth - this.totalWidth);
    if (finalize) info += '\n';
    this.stream.write(message + info);
  }

  private writeEpochLine(current: number, logs: Logs, t: number, elapsed: string): void {
    const epochTime = t - this.start;
    const count = `${String(current).padStart(digits(this.target))}/${this.target}`;
    const line =
      count +
      elapsed +
      formatLogs(logs, false) +
      ' -' +
      formatTime(epochTime, 'epoch') +
      ' -' +
      formatTime(epochTime / Math.max(1, this.target), 'step') +
      '\n';
    this.stream.write(line);
  }

  private bar(current: number): string {
    let bar = `${String(current).padStart(digits(this.target))}/${this.target} [`;
    const progWidth = Math.floor((this.width * current) / this.target);
    if (progWidth > 0) bar += '='.repeat(progWidth - 1) + (current < this.target ? '>' : '=');
    return `${bar + '.'.repeat(Math.max(0, this.width - progWidth))}]`;
  }

  /** Seconds per step, leaving out the first step (which includes warm-up) once more than one has run. */
  private stepDuration(current: number, t: number): number {
    if (current === 0) return 0;
    const perStep =
      this.timeAfterFirstStep !== null && current > 1
        ? (t - this.timeAfterFirstStep) / (current - 1)
        : (t - this.start) / current;
    if (current === 1) this.timeAfterFirstStep = t;
    return perStep;
  }
}

function now(): number {
  return performance.now() / 1000;
}

function digits(n: number): number {
  return Math.floor(Math.log10(Math.max(1, n))) + 1;
}

/** ` - loss: 0.4951 - accuracy: 0.8262` (values at or below 1e-3 in exponent form, as tf.keras). */
function formatLogs(logs: Logs, useAbs: boolean): string {
  let out = '';
  for (const [key, value] of Object.entries(logs)) {
    const size = useAbs ? Math.abs(value) : value;
    out += ` - ${key}: ${size > 1e-3 ? value.toFixed(4) : formatExponent(value)}`;
  }
  return out;
}

/** Python's '{:.4e}': 1.2346e-04 (two-digit exponent). */
export function formatExponent(value: number): string {
  if (!Number.isFinite(value)) return String(value).replace('Infinity', 'inf').replace('NaN', 'nan');
  const [mantissa, exponent] = value.toExponential(4).split('e');
  const sign = exponent.startsWith('-') ? '-' : '+';
  return `${mantissa}e${sign}${exponent.replace(/^[-+]/, '').padStart(2, '0')}`;
}

/** ` 3s/epoch`, ` 2ms/step`, ` 850us/step`. */
function formatTime(seconds: number, unit: string): string {
  if (seconds >= 1 || seconds === 0) return ` ${seconds.toFixed(0)}s/${unit}`;
  if (seconds >= 1e-3) return ` ${(seconds * 1e3).toFixed(0)}ms/${unit}`;
  return ` ${(seconds * 1e6).toFixed(0)}us/${unit}`;
}

function formatEta(eta: number): string {
  const s = Math.floor(eta);
  if (eta > 3600) return `${Math.floor(s / 3600)}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  if (eta > 60) return `${Math.floor(s / 60)}:${pad2(s % 60)}`;
  return `${s}s`;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}
