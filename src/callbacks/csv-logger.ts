import { closeSync, existsSync, openSync, readFileSync, writeSync } from 'node:fs';
import { ValueError } from '../errors.ts';
import { type Logs, Callback } from './callback.ts';
import { pythonRepr } from './python-format.ts';
import { checkOptions } from '../options.ts';
import { CSV_LOGGER_KEYS } from '../option-keys.ts';

/** Options of CSVLogger (keras.callbacks.CSVLogger arguments, camelCase). */
export interface CSVLoggerOptions {
  /** Column separator (default ','). */
  separator?: string;
  /** Append to an existing file instead of overwriting it (default false). */
  append?: boolean;
}

/**
 * Streams each epoch's logs to a CSV file (keras.callbacks.CSVLogger): an `epoch` column (0-based) then the
 * log keys in alphabetical order, numbers written as Python writes them, rows ended by \r\n as Python's csv
 * module does, and the file flushed after every epoch.
 */
export class CSVLogger extends Callback {
  readonly filename: string;
  readonly separator: string;
  readonly append: boolean;
  private keys: string[] | null = null;
  private fd: number | null = null;
  private writeHeader = true;

  constructor(filename: string, options: CSVLoggerOptions = {}) {
    super();
    checkOptions('CSVLogger', options, CSV_LOGGER_KEYS);
    if (typeof filename !== 'string' || filename.length === 0)
      throw new ValueError('CSVLogger needs a file name, e.g. "training.log"');
    this.filename = filename;
    this.separator = options.separator ?? ',';
    this.append = options.append ?? false;
    if (this.separator.length !== 1)
      throw new ValueError(`CSVLogger separator must be one character, got ${JSON.stringify(this.separator)}`);
  }

  override onTrainBegin(): void {
    this.keys = null;
    // When appending to a file that already has content, its header is already there.
    this.writeHeader = !(
      this.append &&
      existsSync(this.filename) &&
      readFileSync(this.filename, 'utf8').split('\n')[0].length > 0
    );
    this.fd = openSync(this.filename, this.append ? 'a' : 'w');
  }

  override onEpochEnd(epoch: number, logs: Logs = {}): void {
    if (this.fd === null) this.onTrainBegin();
    if (this.keys === null) {
      this.keys = Object.keys(logs).sort();
      // Validation may not run in the first epoch (validation_freq): reserve its columns anyway.
      if (!this.keys.some((k) => k.startsWith('val_'))) this.keys.push(...this.keys.map((k) => `val_${k}`));
      if (this.writeHeader) this.writeRow(['epoch', ...this.keys]);
    }
    const row = [String(epoch), ...this.keys.map((k) => (k in logs ? pythonRepr(logs[k]) : 'NA'))];
    this.writeRow(row);
  }

  override onTrainEnd(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  private writeRow(fields: string[]): void {
    // writeSync goes straight to the file: each row is on disk when the epoch ends.
    writeSync(this.fd!, `${fields.map((f) => this.quote(f)).join(this.separator)}\r\n`);
  }

  // Python's csv QUOTE_MINIMAL: quote fields holding the separator, a quote or a line break.
  private quote(field: string): string {
    if (!field.includes(this.separator) && !/["\r\n]/.test(field)) return field;
    return `"${field.replace(/"/g, '""')}"`;
  }
}
