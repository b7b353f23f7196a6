// The few members of Node.js's `process` that the library's core path reads, for the browser build: the build
// (scripts/build-browser.mjs) injects this object wherever the code names the global `process`. No environment
// variables; text written to stdout/stderr (the progress bar, verbose callbacks) goes to the console by lines;
// warnings go to console.warn.

/** Collects written text and hands each finished line to the console. */
class ConsoleStream {
  private pending = '';
  readonly isTTY = false;
  readonly columns = 80;

  constructor(private readonly print: (line: string) => void) {}

  write(text: string): boolean {
    // A carriage return starts the line over (the progress bar redraws itself): keep only the newest state.
    const lines = (this.pending + text).split('\n');
    this.pending = lines.pop() ?? '';
    for (const line of lines) this.print(lastRedraw(line));
    this.pending = lastRedraw(this.pending);
    return true;
  }
}

function lastRedraw(line: string): string {
  const at = line.lastIndexOf('\r');
  return at < 0 ? line : line.slice(at + 1);
}

const startedAt = typeof performance !== 'undefined' ? performance.now() : Date.now();

/** The browser's stand-in for Node.js's `process`. */
export const process = {
  env: {} as Record<string, string | undefined>,
  platform: 'browser',
  pid: 0,
  argv: [] as string[],
  stdout: new ConsoleStream((line) => console.log(line)),
  stderr: new ConsoleStream((line) => console.error(line)),
  emitWarning(message: string | Error, type?: string): void {
    console.warn(`${type ?? 'Warning'}: ${typeof message === 'string' ? message : message.message}`);
  },
  /** Exit hooks (the kernel profile report) never run in a page. */
  on(): void {},
  cpuUsage(): { user: number; system: number } {
    const micros = Math.round(
      ((typeof performance !== 'undefined' ? performance.now() : Date.now()) - startedAt) * 1000,
    );
    return { user: micros, system: 0 };
  },
};
