// `nabla tutorial cnn`: the convolutional chapter on Fashion-MNIST, with the same kind of report as the main tutorial.
import { resolve } from 'node:path';
import * as nb from '../../../index.ts';
import { writeReport } from '../../../report/write-report.ts';
import type { ReportDocument, ReportSection } from '../../../report/report-document.ts';
import { loadFashionMnist } from '../fashion-data.ts';
import type { TutorialOptions, TutorialOutcome } from '../run-tutorial.ts';
import {
  createContext,
  heading,
  milestone,
  peakRssMB,
  record,
  secondsSince,
  type TutorialContext,
} from '../tutorial-context.ts';
import { tutorialPlan } from '../tutorial-plan.ts';
import { CNN } from './cnn-shared.ts';
import { singleConvolution, splitImages, trainCnn } from './cnn-training.ts';
import { visualize } from './cnn-visualize.ts';

/** Runs the CNN chapter and writes report.html, results.json, the pictures and best-cnn-model.keras. */
export async function runCnnTutorial(options: TutorialOptions): Promise<TutorialOutcome> {
  const start = performance.now();
  const out = resolve(options.out);
  const ctx = createContext(tutorialPlan(options.quick, options.seed), out, options.log);
  nb.random.setSeed(options.seed);
  ctx.log(
    `nabla tutorial cnn${options.quick ? ' --quick' : ''}: Fashion-MNIST, convolutional networks; writing into ${out}`,
  );
  const data = await loadFashionMnist(ctx);
  milestone(ctx, 'load_data', start);
  const split = splitImages(ctx, data);
  singleConvolution(ctx, split);
  const model = await trainCnn(ctx, split);
  milestone(ctx, 'training', start);
  visualize(ctx, model, split);
  milestone(ctx, 'pictures', start);
  const seconds = secondsSince(start);
  ctx.results.run = {
    quick: ctx.plan.quick,
    trainRows: ctx.plan.trainRows,
    epochs: ctx.plan.longEpochs,
    seed: ctx.plan.seed,
    node: process.version,
    backend: nb.getBackend().name,
    threads: nb.getNumThreads(),
    seconds,
    peakRssMB: peakRssMB(),
    files: [...ctx.files],
    milestones: ctx.milestones.map((m) => ({ ...m })),
  };
  const written = writeReport(out, reportDocument(ctx, headline(ctx)), ctx.results);
  heading(ctx, 'Done');
  ctx.log(
    `validation accuracy ${(ctx.results[CNN] as { training: { valAccuracy: number } }).training.valAccuracy.toFixed(4)} · ${seconds.toFixed(1)} s · peak memory ${peakRssMB()} MB`,
  );
  ctx.log(`Report:  ${written.html}`);
  ctx.log(`Results: ${written.json}`);
  ctx.log(`Files:   ${ctx.files.join(', ')}`);
  return { reportPath: written.html, resultsPath: written.json, files: [...ctx.files], seconds };
}

/** The opening table: validation accuracy, epochs, time and memory of this run. */
function headline(ctx: TutorialContext): ReportSection {
  record(ctx, 'headline', 'thisRun', {
    valAccuracy: (ctx.results[CNN] as { training: { valAccuracy: number } }).training.valAccuracy,
  });
  return {
    title: 'Summary',
    blocks: [
      {
        kind: 'paragraph',
        text: ctx.plan.quick
          ? 'A quick run on a small subset: the numbers show that every step works, not how well the model does.'
          : 'The CNN of the chapter trained on 48,000 images with early stopping, scored on the 12,000 validation images.',
      },
      {
        kind: 'metrics',
        items: [
          { label: 'validation accuracy', path: 'headline.thisRun.valAccuracy' },
          { label: 'epochs run', path: `${CNN}.training.epochsRun`, digits: 0 },
          { label: 'total time (s)', path: 'run.seconds', digits: 1 },
          { label: 'peak memory (MB)', path: 'run.peakRssMB', digits: 0 },
        ],
      },
    ],
  };
}

function reportDocument(ctx: TutorialContext, summary: ReportSection): ReportDocument {
  const mode = ctx.plan.quick
    ? `quick run on ${ctx.plan.trainRows.toLocaleString('en-US')} training images`
    : 'full run';
  return {
    title: 'nabla: convolutional neural networks on Fashion-MNIST',
    subtitle: `${mode}; backend '${nb.getBackend().name}', ${nb.getNumThreads()} thread(s); every number on this page is also in results.json`,
    sections: [
      summary,
      ...ctx.sections,
      {
        title: 'Run',
        blocks: [
          {
            kind: 'table',
            caption: 'Time and peak memory at the end of each stage',
            columns: ['stage', 'time since start (s)', 'peak memory so far (MB)'],
            rows: ctx.milestones.map((m, i) => [
              m.stage,
              { path: `run.milestones.${i}.seconds`, digits: 1 },
              { path: `run.milestones.${i}.peakRssMB`, digits: 0 },
            ]),
          },
        ],
      },
    ],
  };
}
