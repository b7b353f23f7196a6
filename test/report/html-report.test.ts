import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderReportHtml, resultAt, formatResult, type ReportDocument } from '../../src/report/index.ts';
import { ValueError } from '../../src/errors.ts';

const results = { cv: { mean: 0.81956667, folds: [0.81, 0.82] }, counts: [6000, 6000], summary: 'Model: "x"\n<Dense>' };
const document: ReportDocument = {
  title: 'A <report>',
  sections: [
    {
      title: 'Numbers',
      blocks: [
        { kind: 'metrics', items: [{ label: 'CV accuracy', path: 'cv.mean' }] },
        {
          kind: 'table',
          columns: ['fold', 'score'],
          rows: [
            ['1', { path: 'cv.folds.0' }],
            ['2', { path: 'cv.folds.1', digits: 2 }],
          ],
        },
        { kind: 'text', path: 'summary' },
        { kind: 'metrics', items: [{ label: 'count', path: 'counts.1', digits: 0 }] },
      ],
    },
  ],
};

test('renderReportHtml: numbers come from the results at their paths, tagged with path and decimals', () => {
  const html = renderReportHtml(document, results);
  assert.match(html, /<span class="result" data-result="cv.mean" data-digits="4">0.8196<\/span>/);
  assert.match(html, /data-result="cv.folds.1" data-digits="2">0.82</);
  assert.match(html, /data-result="counts.1" data-digits="0">6,000</);
  assert.match(html, /<pre class="result-text" data-result-text="summary">Model: &quot;x&quot;\n&lt;Dense&gt;<\/pre>/);
  assert.match(html, /<title>A &lt;report&gt;<\/title>/);
});

test('renderReportHtml: the page references nothing outside itself', () => {
  const html = renderReportHtml(document, results);
  assert.doesNotMatch(html, /<link|<script|src="http|href="http/);
  assert.match(html, /<meta charset="utf-8">/);
});

test('renderReportHtml: a reference to a missing or non-numeric result is a ValueError naming the path', () => {
  const missing: ReportDocument = {
    title: 't',
    sections: [{ title: 's', blocks: [{ kind: 'metrics', items: [{ label: 'x', path: 'cv.median' }] }] }],
  };
  assert.throws(
    () => renderReportHtml(missing, results),
    (e: unknown) => e instanceof ValueError && e.message.includes("'cv.median'"),
  );
  const text: ReportDocument = {
    title: 't',
    sections: [{ title: 's', blocks: [{ kind: 'metrics', items: [{ label: 'x', path: 'summary' }] }] }],
  };
  assert.throws(() => renderReportHtml(text, results), /should be a finite number/);
});

test('resultAt follows object keys and array indices; formatResult rounds like toFixed', () => {
  assert.equal(resultAt(results, 'cv.folds.1'), 0.82);
  assert.throws(() => resultAt(results, 'cv.folds.7'), ValueError);
  assert.throws(() => resultAt(results, 'cv.toString'), ValueError);
  assert.equal(formatResult(0.85895833, 4), '0.8590');
  assert.equal(formatResult(79510, 0), '79,510');
});
