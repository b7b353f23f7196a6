// Where the command line writes: stdout for results and progress, stderr for errors (replaceable in tests).

/** The two streams a command writes to. */
export interface CliOutput {
  log(line: string): void;
  error(line: string): void;
}

/** The process's own stdout and stderr. */
export const processOutput: CliOutput = {
  log: (line) => process.stdout.write(`${line}\n`),
  error: (line) => process.stderr.write(`${line}\n`),
};
