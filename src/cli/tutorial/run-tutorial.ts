// Runs chapters 17, 18 and 19 of the tutorial in order and writes the report, the pictures and results.json.
import { resolve } from 'node:path';
import * as nb from '../../index.ts';
import { writeReport } from '../../report/write-report.ts';
import type { Results } from '../../report/results.ts';
import type { ReportDocument, ReportSection } from '../../report/report-document.ts';
import { headlineSection } from './headline.ts';
import { runChapter17 } from './chapter-17.ts';
import { runChapter18 } from './chapter-18.ts';
import { runChapter19 } from './chapter-19.ts';
import { loadFashionMnist } from './fashion-data.ts';
import {
  createContext,
  heading,
  milestone,
  peakRssMB,
  secondsSince,
  type TutorialContext,
} from './tutorial-context.ts';
import { tutorialPlan } from './tutorial-plan.ts';

/** Options of a tutorial run. */
export interface TutorialOptions {
  out: string;
  quick: boolean;
  seed: number;
  log: (line: string) => void;
}

/** Where a finished run put its files. */
export interface TutorialOutcome {
  reportPath: string;
  resultsPath: string;
  files: string[];
  seconds: number;
}

/** Runs the whole tutorial; each chapter is a list of small steps that print, record results and add to the report. */
export async function runTutorial(options: TutorialOptions): Promise<TutorialOutcome> {
  const start = performance.now();
  const out = resolve(options.out);
  const ctx = createContext(tutorialPlan(options.quick, options.seed), out, options.log);
  nb.random.setSeed(options.seed);
  ctx.log(`nabla tutorial${options.quick ? ' --quick' : ''}: Fashion-MNIST, chapters 17-19; writing into ${out}`);
  const data = await loadFashionMnist(ctx);
  milestone(ctx, 'load_data', start);
  const flatSplit = await runChapter17(ctx, data);
  milestone(ctx, 'chapter 17', start);
  const split = await runChapter18(ctx, data, flatSplit);
  milestone(ctx, 'chapter 18', start);
  await runChapter19(ctx, split);
  milestone(ctx, 'chapter 19', start);
  const headline = headlineSection(ctx);
  ctx.results.run = runInfo(ctx, secondsSince(start));
  const written = writeReport(out, reportDocument(ctx, headline), ctx.results);
  heading(ctx, 'Done');
  const main = ctx.results.headline as { thisRun: Record<string, number> };
  ctx.log(
    `Cross-validation ${main.thisRun.crossValidation!.toFixed(4)} · Dense(10) ${main.thisRun.dense10ValAccuracy!.toFixed(4)} · Adam ${main.thisRun.adamValAccuracy!.toFixed(4)} · stopped_epoch ${main.thisRun.stoppedEpoch} · ${secondsSince(start).toFixed(1)} s`,
  );
  ctx.log(`Report:  ${written.html}`);
  ctx.log(`Results: ${written.json}`);
  ctx.log(`Files:   ${ctx.files.join(', ')}`);
  return { reportPath: written.html, resultsPath: written.json, files: [...ctx.files], seconds: secondsSince(start) };
}

function runInfo(ctx: TutorialContext, seconds: number): Results {
  return {
    quick: ctx.plan.quick,
    trainRows: ctx.plan.trainRows,
    shortEpochs: ctx.plan.shortEpochs,
    longEpochs: ctx.plan.longEpochs,
    seed: ctx.plan.seed,
    node: process.version,
    backend: nb.getBackend().name,
    kernels: kernelsDescription(),
    threads: nb.getNumThreads(),
    seconds,
    peakRssMB: peakRssMB(),
    files: [...ctx.files],
    milestones: ctx.milestones.map((m) => ({ ...m })),
  };
}

/** Which build of the kernels ran: the two round products differently in the last bits, so results differ slightly. */
function kernelsDescription(): string {
  return nb.wasmInfo().fusedMultiplyAdd
    ? 'WebAssembly kernels with fused multiply-adds'
    : 'WebAssembly kernels without fused multiply-adds';
}

function reportDocument(ctx: TutorialContext, headline: ReportSection): ReportDocument {
  const mode = ctx.plan.quick
    ? `quick run on ${ctx.plan.trainRows.toLocaleString('en-US')} training images`
    : 'full run';
  return {
    title: 'nabla: the Fashion-MNIST tutorial, chapters 17-19',
    subtitle: `${mode}; backend '${nb.getBackend().name}', ${kernelsDescription()}, ${nb.getNumThreads()} thread(s); every number on this page is also in results.json`,
    sections: [
      headline,
      ...ctx.sections,
      {
        title: 'Run',
        blocks: [
          {
            kind: 'metrics',
            items: [
              { label: 'training images used', path: 'run.trainRows', digits: 0 },
              { label: 'seed', path: 'run.seed', digits: 0 },
              { label: 'total time (s)', path: 'run.seconds', digits: 1 },
              { label: 'peak memory (MB)', path: 'run.peakRssMB', digits: 0 },
            ],
          },
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
