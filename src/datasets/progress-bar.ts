/** A byte-count progress bar on one terminal line, like the one Keras's get_file draws while downloading. */
export class ByteProgressBar {
  private readonly stream: NodeJS.WriteStream;
  private readonly total: number;
  private readonly startedAt = Date.now();
  private lastDrawnAt = 0;
  private open = false;

  constructor(stream: NodeJS.WriteStream, total: number) {
    this.stream = stream;
    this.total = total;
  }

  /** Redraws the bar for `done` bytes, at most ten times a second (and always at the end). */
  update(done: number): void {
    const now = Date.now();
    if (done < this.total && now - this.lastDrawnAt < 100) return;
    this.lastDrawnAt = now;
    this.stream.write(`\r${formatProgress(done, this.total, (now - this.startedAt) / 1000)}`);
    this.open = done < this.total;
    if (!this.open) this.stream.write('\n');
  }

  /** Ends the line of a bar that stopped short (a failed transfer), so that the next message starts afresh. */
  abandon(): void {
    if (this.open) this.stream.write('\n');
    this.open = false;
  }
}

/** One line of the bar: `26421880/26421880 [==============================] - 3s`. */
export function formatProgress(done: number, total: number, seconds: number): string {
  const width = 30;
  const fraction = total > 0 ? Math.min(1, done / total) : 0;
  const filled = Math.floor(fraction * width);
  const head = filled < width && filled > 0 ? '>' : '';
  const bar = '='.repeat(Math.max(0, filled - (head ? 1 : 0))) + head + '.'.repeat(width - filled);
  return `${String(done).padStart(String(total).length)}/${total} [${bar}] - ${Math.round(seconds)}s`;
}
