// Public exports of the report builder: a self-contained report.html and its results.json.
export { renderReportHtml } from './html-report.ts';
export { writeReport, type WrittenReport } from './write-report.ts';
export { formatResult, numberAt, resultAt, type ResultValue, type Results } from './results.ts';
export type { ReportBlock, ReportDocument, ReportSection, ResultRef, TableCell } from './report-document.ts';
