// `nabla evaluate <model file> [--dataset fashion-mnist]`: load a saved model and evaluate it on a test split.
import * as nb from '../../index.ts';
import { CliError, USAGE_EXIT_CODE } from '../cli-error.ts';
import { EVALUATE_HELP } from '../help-text.ts';
import type { CliOutput } from '../output.ts';
import { parseCommandArgs } from '../parse-command-args.ts';
import { requireModelFile } from './model-file.ts';
import { inputsForModel } from './model-input.ts';

const DATASETS = ['fashion-mnist'] as const;

/** Prints `model.evaluate(test_images / 255, test_labels)` for a model file. */
export async function evaluateCommand(args: readonly string[], output: CliOutput): Promise<void> {
  const options = {
    dataset: { type: 'string' as const, default: 'fashion-mnist' },
    limit: { type: 'string' as const },
  };
  const { values, positionals } = parseCommandArgs('evaluate', args, options, 1);
  if (values.help) return output.log(EVALUATE_HELP);
  const dataset = String(values.dataset);
  if (!(DATASETS as readonly string[]).includes(dataset)) {
    throw new CliError(
      `nabla evaluate: unknown dataset '${dataset}': expected one of ${DATASETS.join(', ')}`,
      USAGE_EXIT_CODE,
    );
  }
  const limit = parseLimit(values.limit);
  const path = requireModelFile('evaluate', positionals);
  const model = await nb.models.loadModel(path);
  const [, [testImages, testLabels]] = await nb.datasets.fashionMnist.loadData();
  const rows = Math.min(limit ?? testImages.shape[0]!, testImages.shape[0]!);
  const x = inputsForModel(model, testImages.slice(0, rows).astype('float32').div(255));
  const y = testLabels.slice(0, rows);
  const [loss, accuracy] = await model.evaluate(x, y);
  output.log(
    `${path} on ${dataset} test images (${rows}): loss ${loss!.toFixed(4)} - accuracy ${accuracy!.toFixed(4)}`,
  );
}

function parseLimit(value: string | boolean | undefined): number | undefined {
  if (value === undefined) return undefined;
  const limit = Number(value);
  if (!(Number.isInteger(limit) && limit > 0)) {
    throw new CliError(`nabla evaluate: --limit must be a positive integer, got '${String(value)}'`, USAGE_EXIT_CODE);
  }
  return limit;
}
