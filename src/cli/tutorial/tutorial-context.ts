// What the chapters of the tutorial share: the plan, the output folder, the console, the results and the report.
import { join } from 'node:path';
import { writeFileAtomic } from '../../plot/write-file.ts';
import type { ReportBlock, ReportSection } from '../../report/report-document.ts';
import type { ResultValue, Results } from '../../report/results.ts';
import type { TutorialPlan } from './tutorial-plan.ts';

/** The state a tutorial run carries from step to step. */
export interface TutorialContext {
  plan: TutorialPlan;
  /** The output folder (nabla-output by default). */
  out: string;
  log(line: string): void;
  /** Everything results.json will hold, by chapter. */
  results: Results;
  /** The report, section by section. */
  sections: ReportSection[];
  /** Files written so far, relative to `out`. */
  files: string[];
  /** Time and peak memory at the end of each chapter. */
  milestones: Milestone[];
}

/** How long the run had taken, and its peak resident memory, when a stage ended. */
export interface Milestone {
  stage: string;
  seconds: number;
  peakRssMB: number;
}

/** A fresh context for one run. */
export function createContext(plan: TutorialPlan, out: string, log: (line: string) => void): TutorialContext {
  return { plan, out, log, results: {}, sections: [], files: [], milestones: [] };
}

/** Stores `value` at results[chapter][key] and returns it. */
export function record<T extends ResultValue>(ctx: TutorialContext, chapter: string, key: string, value: T): T {
  const node = (ctx.results[chapter] ??= {}) as Record<string, ResultValue>;
  node[key] = value;
  return value;
}

/** Adds blocks to the report section with this title (created on first use). */
export function report(ctx: TutorialContext, title: string, ...blocks: ReportBlock[]): void {
  let section = ctx.sections.find((s) => s.title === title);
  if (!section) {
    section = { title, blocks: [] };
    ctx.sections.push(section);
  }
  (section.blocks as ReportBlock[]).push(...blocks);
}

/** Writes a picture (SVG text or PNG bytes) into the output folder and remembers it. */
export function savePicture(ctx: TutorialContext, name: string, data: string | Uint8Array): string {
  writeFileAtomic(join(ctx.out, name), data);
  ctx.files.push(name);
  return name;
}

/** The path of a file in the output folder (for saved models), remembered as an output. */
export function outputPath(ctx: TutorialContext, name: string): string {
  if (!ctx.files.includes(name)) ctx.files.push(name);
  return join(ctx.out, name);
}

/** Prints a step heading the way a notebook cell would be introduced. */
export function heading(ctx: TutorialContext, text: string): void {
  ctx.log('');
  ctx.log(`── ${text}`);
}

/** Seconds since `start` (from performance.now()), rounded to 0.01 s. */
export function secondsSince(start: number): number {
  return Math.round((performance.now() - start) / 10) / 100;
}

/** Records the time since `start` and the peak memory so far, at the end of a stage. */
export function milestone(ctx: TutorialContext, stage: string, start: number): void {
  ctx.milestones.push({ stage, seconds: secondsSince(start), peakRssMB: peakRssMB() });
}

/** The process's peak resident memory so far, in MB. */
export function peakRssMB(): number {
  return Math.round(process.resourceUsage().maxRSS / 1024);
}
