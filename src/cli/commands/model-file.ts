// Checks a model-file argument before handing it to the loader, so a typo gets a one-line answer.
import { existsSync, statSync } from 'node:fs';
import { CliError, USAGE_EXIT_CODE } from '../cli-error.ts';

/** The model path given on the command line, checked to be an existing file. */
export function requireModelFile(command: string, positionals: readonly string[]): string {
  const path = positionals[0];
  if (path === undefined)
    throw new CliError(`nabla ${command}: missing <model file> (see 'nabla ${command} --help')`, USAGE_EXIT_CODE);
  if (!existsSync(path)) throw new CliError(`nabla ${command}: no such file '${path}'`);
  if (!statSync(path).isFile()) throw new CliError(`nabla ${command}: '${path}' is not a file`);
  return path;
}
