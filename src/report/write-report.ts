// Writes report.html and results.json into a folder, atomically.
import { join } from 'node:path';
import { writeFileAtomic } from '../plot/write-file.ts';
import { renderReportHtml } from './html-report.ts';
import type { ReportDocument } from './report-document.ts';
import type { Results } from './results.ts';

/** Where writeReport put its files. */
export interface WrittenReport {
  html: string;
  json: string;
}

/** Renders the report and writes `report.html` plus `results.json` (every number the page shows) into `folder`. */
export function writeReport(folder: string, document: ReportDocument, results: Results): WrittenReport {
  const html = renderReportHtml(document, results);
  const paths = { html: join(folder, 'report.html'), json: join(folder, 'results.json') };
  writeFileAtomic(paths.json, `${JSON.stringify(results, null, 2)}\n`);
  writeFileAtomic(paths.html, html);
  return paths;
}
