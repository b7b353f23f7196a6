// What the two files of chapter 19 share: names in the report and results, the fit verbosity, the curve plots.
import * as nb from '../../index.ts';
import { report, savePicture, type TutorialContext } from './tutorial-context.ts';

export const SECTION_19 = '19. Training neural networks well';
export const CH19 = 'chapter19';

/** The tutorial fits with verbose=0; one line per epoch (verbose 2) keeps the console showing progress. */
export const QUIET_FIT = 2;

/** Draws History keys as an SVG file in the output folder and in the report. */
export function plotHistory(
  ctx: TutorialContext,
  file: string,
  history: Record<string, number[]>,
  options: nb.plot.HistoryPlotOptions,
  caption: string,
): void {
  const svg = nb.plot.history({ history }, options);
  savePicture(ctx, file, svg);
  report(ctx, SECTION_19, { kind: 'svg', svg, caption, file });
}
