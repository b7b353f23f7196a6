// Dispatches `nabla <command> …` to its command and turns failures into one line on stderr and an exit code.
import { NablaError } from '../errors.ts';
import { CliError, USAGE_EXIT_CODE } from './cli-error.ts';
import { MAIN_HELP } from './help-text.ts';
import { processOutput, type CliOutput } from './output.ts';
import { firstLine } from './parse-command-args.ts';
import { evaluateCommand } from './commands/evaluate.ts';
import { summaryCommand } from './commands/summary.ts';
import { tutorialCommand } from './commands/tutorial.ts';

type Command = (args: readonly string[], output: CliOutput) => Promise<void>;

const COMMANDS: Record<string, Command> = {
  tutorial: tutorialCommand,
  summary: summaryCommand,
  evaluate: evaluateCommand,
};

/** Runs the command line `args` (without `node` and the script) and returns the process exit code. */
export async function runCli(args: readonly string[], output: CliOutput = processOutput): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    output.log(MAIN_HELP);
    return name === undefined ? USAGE_EXIT_CODE : 0;
  }
  const command = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!command) {
    output.error(
      `nabla: unknown command '${name}': expected one of ${Object.keys(COMMANDS).join(', ')} (see 'nabla --help')`,
    );
    return USAGE_EXIT_CODE;
  }
  try {
    await command(rest, output);
    return 0;
  } catch (error) {
    if (error instanceof CliError) {
      output.error(error.message);
      return error.exitCode;
    }
    if (error instanceof NablaError) {
      output.error(`nabla ${name}: ${error.name}: ${firstLine(error)}`);
      return 1;
    }
    throw error;
  }
}
