// `nabla tutorial [cnn] [--out DIR] [--quick]`: the tutorial's chapters 17-19 (or the CNN chapter), end to end, with a report.
import { CliError, USAGE_EXIT_CODE } from '../cli-error.ts';
import { TUTORIAL_HELP } from '../help-text.ts';
import type { CliOutput } from '../output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { runTutorial } from '../tutorial/run-tutorial.ts';
import { runCnnTutorial } from '../tutorial/cnn/run-cnn-tutorial.ts';

/** Runs the tutorial and says where the report is. */
export async function tutorialCommand(args: readonly string[], output: CliOutput): Promise<void> {
  const options = {
    out: { type: 'string' as const, default: 'nabla-output' },
    quick: { type: 'boolean' as const, default: false },
    seed: { type: 'string' as const, default: '42' },
  };
  const { values, positionals } = parseCommandArgs('tutorial', args, options, 1);
  if (values.help) return output.log(TUTORIAL_HELP);
  const seed = Number(values.seed);
  if (!(Number.isInteger(seed) && seed >= 0)) {
    throw new CliError(
      `nabla tutorial: --seed must be a non-negative integer, got '${String(values.seed)}'`,
      USAGE_EXIT_CODE,
    );
  }
  const out = String(values.out);
  if (out.trim() === '') throw new CliError('nabla tutorial: --out needs a folder name', USAGE_EXIT_CODE);
  const chapter = positionals[0];
  if (chapter !== undefined && chapter !== 'cnn') {
    throw new CliError(
      `nabla tutorial: unexpected argument '${chapter}': the one chapter name is 'cnn' (see 'nabla tutorial --help')`,
      USAGE_EXIT_CODE,
    );
  }
  const run = chapter === 'cnn' ? runCnnTutorial : runTutorial;
  await run({ out, quick: Boolean(values.quick), seed, log: (line) => output.log(line) });
}
