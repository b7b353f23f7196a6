// The one error type the command line turns into a one-line message and an exit code.

/** A problem with how the command was called (exit code 2) or with what it was given (exit code 1). */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

/** Exit code for a bad command line (unknown flag, missing argument), as most Unix tools use. */
export const USAGE_EXIT_CODE = 2;
