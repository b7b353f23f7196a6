// node:util parseArgs with strict checking, turning its errors into one-line CliErrors.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CliError, USAGE_EXIT_CODE } from './cli-error.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The parsed flags and positional arguments of one sub-command. */
export interface ParsedCommand {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses `args` for `command`; unknown flags, missing values and extra arguments become a CliError. */
export function parseCommandArgs(
  command: string,
  args: readonly string[],
  options: Options,
  maxPositionals: number,
): ParsedCommand {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...args],
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new CliError(`nabla ${command}: ${firstLine(error)} (see 'nabla ${command} --help')`, USAGE_EXIT_CODE);
  }
  if (parsed.positionals.length > maxPositionals) {
    const extra = parsed.positionals.slice(maxPositionals).join(' ');
    throw new CliError(
      `nabla ${command}: unexpected argument '${extra}' (see 'nabla ${command} --help')`,
      USAGE_EXIT_CODE,
    );
  }
  return { values: parsed.values as Record<string, string | boolean | undefined>, positionals: parsed.positionals };
}

/** The first line of an error's message, without Node's trailing advice about '--' separators. */
export function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('\n')[0]!
    .replace(/\. To specify a positional argument.*$/, '')
    .trim();
}
