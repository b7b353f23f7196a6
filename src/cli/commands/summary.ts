// `nabla summary <model file>`: load a saved model and print its summary.
import * as nb from '../../index.ts';
import { SUMMARY_HELP } from '../help-text.ts';
import type { CliOutput } from '../output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { requireModelFile } from './model-file.ts';

/** Prints keras `model.summary()` of a model file. */
export async function summaryCommand(args: readonly string[], output: CliOutput): Promise<void> {
  const { values, positionals } = parseCommandArgs('summary', args, {}, 1);
  if (values.help) return output.log(SUMMARY_HELP);
  const path = requireModelFile('summary', positionals);
  const model = await nb.models.loadModel(path);
  output.log(model.summaryText());
}
