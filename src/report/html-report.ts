// Renders a ReportDocument as one self-contained HTML page (inline SVG, PNG data URIs, no external files).
import { escapeXml } from '../plot/svg.ts';
import { pngDataUri } from '../plot/png.ts';
import { formatResult, numberAt, resultAt, type Results } from './results.ts';
import type { ReportBlock, ReportDocument, ReportSection, ResultRef } from './report-document.ts';

const STYLE = `
body { font-family: system-ui, 'DejaVu Sans', Arial, sans-serif; margin: 0 auto; max-width: 1100px; padding: 1.5rem; color: #1a1a1a; }
h1 { margin-bottom: 0.2rem; } .subtitle { color: #555; margin-top: 0; }
section { border-top: 1px solid #ddd; margin-top: 1.5rem; }
nav ol { columns: 2; }
table { border-collapse: collapse; margin: 0.8rem 0; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.7rem; text-align: left; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
dl.metrics { display: grid; grid-template-columns: max-content max-content; gap: 0.2rem 1rem; }
dl.metrics dd { margin: 0; font-variant-numeric: tabular-nums; }
pre { background: #f6f6f6; padding: 0.8rem; overflow-x: auto; }
figure { margin: 1rem 0; } figure svg, figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { color: #555; font-size: 0.9rem; }
`;

/** The report page as HTML text; every number is looked up in `results`, so a missing one fails here. */
export function renderReportHtml(document: ReportDocument, results: Results): string {
  const toc = document.sections
    .map((s, i) => `<li><a href="#section-${i + 1}">${escapeXml(s.title)}</a></li>`)
    .join('');
  const sections = document.sections.map((s, i) => renderSection(s, i + 1, results)).join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeXml(document.title)}</title><style>${STYLE}</style></head><body>`,
    `<h1>${escapeXml(document.title)}</h1>`,
    document.subtitle ? `<p class="subtitle">${escapeXml(document.subtitle)}</p>` : '',
    `<nav><ol>${toc}</ol></nav>`,
    sections,
    '</body></html>',
    '',
  ].join('\n');
}

function renderSection(section: ReportSection, number: number, results: Results): string {
  const blocks = section.blocks.map((b) => renderBlock(b, results)).join('\n');
  return `<section id="section-${number}"><h2>${escapeXml(section.title)}</h2>\n${blocks}\n</section>`;
}

function renderBlock(block: ReportBlock, results: Results): string {
  switch (block.kind) {
    case 'paragraph':
      return `<p>${escapeXml(block.text)}</p>`;
    case 'metrics':
      return `<dl class="metrics">${block.items.map((item) => `<dt>${escapeXml(item.label)}</dt><dd>${resultSpan(item, results)}</dd>`).join('')}</dl>`;
    case 'table':
      return renderTable(block.columns, block.rows, results, block.caption);
    case 'text':
      return renderText(block.path, results, block.caption);
    case 'svg':
      return figure(block.svg, block.caption, block.file);
    case 'image': {
      const img = `<img src="${pngDataUri(block.png)}" alt="${escapeXml(block.alt)}">`;
      return figure(img, block.caption, block.file);
    }
  }
}

/** A number from the results, tagged with its path and decimals so a reader (or a test) can trace it. */
function resultSpan(ref: ResultRef, results: Results): string {
  const digits = ref.digits ?? 4;
  const text = formatResult(numberAt(results, ref.path), digits);
  return `<span class="result" data-result="${escapeXml(ref.path)}" data-digits="${digits}">${text}</span>`;
}

function renderTable(
  columns: readonly string[],
  rows: ReadonlyArray<ReadonlyArray<string | ResultRef>>,
  results: Results,
  caption?: string,
): string {
  const head = `<tr>${columns.map((c) => `<th>${escapeXml(c)}</th>`).join('')}</tr>`;
  const body = rows
    .map(
      (row) =>
        `<tr>${row.map((cell) => (typeof cell === 'string' ? `<td>${escapeXml(cell)}</td>` : `<td class="number">${resultSpan(cell, results)}</td>`)).join('')}</tr>`,
    )
    .join('');
  const captionHtml = caption ? `<caption>${escapeXml(caption)}</caption>` : '';
  return `<table>${captionHtml}<thead>${head}</thead><tbody>${body}</tbody></table>`;
}

function renderText(path: string, results: Results, caption?: string): string {
  const value = resultAt(results, path);
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const pre = `<pre class="result-text" data-result-text="${escapeXml(path)}">${escapeXml(text)}</pre>`;
  return caption ? `<figure>${pre}<figcaption>${escapeXml(caption)}</figcaption></figure>` : pre;
}

function figure(content: string, caption: string, file?: string): string {
  const fileNote = file ? ` (file: <code>${escapeXml(file)}</code>)` : '';
  return `<figure>${content}<figcaption>${escapeXml(caption)}${fileNote}</figcaption></figure>`;
}
