import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { writeReport, type ReportDocument } from '../../src/report/index.ts';
import { history, imageGrid, imageGridPng } from '../../src/plot/index.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { browserSkipReason, renderInBrowser, reportProblems } from './browser-check.ts';

const fitted = { history: { loss: [0.61, 0.48, 0.45], val_loss: [0.5, 0.47, 0.49] }, epoch: [0, 1, 2] };
const results = {
  dataset: { source: 'test pattern' },
  crossValidation: { testScore: [0.8112, 0.8201, 0.8185], mean: 0.8166 },
  history: fitted.history,
  earlyStopping: { stoppedEpoch: 2 },
  summary: 'Model: "패션 MNIST 모델"\n Total params: 79,510',
};
const pixels = new Uint8Array(3 * 28 * 28).map((_, i) => (i * 7) % 256);
const images = new Tensor(pixels, [3, 28, 28]);
const document: ReportDocument = {
  title: 'Report test',
  subtitle: 'every kind of block',
  sections: [
    {
      title: 'Data',
      blocks: [
        { kind: 'paragraph', text: 'Three test patterns.' },
        { kind: 'svg', svg: imageGrid(images, { labels: ['a', 'b', 'c'] }), caption: 'images as SVG' },
        { kind: 'image', png: imageGridPng(images, { scale: 2 }), alt: 'images as PNG', caption: 'images as PNG' },
      ],
    },
    {
      title: 'Scores',
      blocks: [
        {
          kind: 'table',
          columns: ['fold', 'accuracy'],
          rows: results.crossValidation.testScore.map((_, i) => [
            String(i + 1),
            { path: `crossValidation.testScore.${i}` },
          ]),
        },
        {
          kind: 'metrics',
          items: [
            { label: 'mean', path: 'crossValidation.mean' },
            { label: 'stopped epoch', path: 'earlyStopping.stoppedEpoch', digits: 0 },
          ],
        },
        { kind: 'svg', svg: history(fitted, { keys: ['loss', 'val_loss'], markEpoch: 2 }), caption: 'loss' },
        { kind: 'text', path: 'summary' },
      ],
    },
  ],
};

const skip = browserSkipReason();

test('report.html in headless Chromium: pictures load, SVGs render, numbers equal results.json', { skip }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-report-'));
  try {
    const { html, json } = writeReport(folder, document, results);
    // A copy with a broken picture and a changed number shows that the checks can fail.
    const broken = join(folder, 'broken.html');
    writeFileSync(
      broken,
      readFileSync(html, 'utf8')
        .replace('data:image/png;base64,', 'data:image/png;base64,AAAA')
        .replace('>0.8166<', '>0.9166<'),
    );
    const [page, brokenPage] = await renderInBrowser([html, broken]);
    const saved = JSON.parse(readFileSync(json, 'utf8'));
    assert.deepEqual(reportProblems(page!, saved), []);
    assert.equal(page!.images.length, 1);
    assert.equal(page!.images[0]!.naturalWidth, 2 * (3 * 30 + 2));
    assert.equal(page!.svgs.length, 2);
    assert.deepEqual(page!.svgImagesDecoded, [true, true, true]);
    assert.equal(page!.numbers.length, 5);
    assert.equal(page!.tables, 1);
    assert.equal(page!.texts[0]!.text, results.summary);
    const screenshot = PNG.sync.read(page!.screenshot);
    assert.equal(screenshot.width, 1200);
    assert.ok(screenshot.height > 900, `a full-page screenshot taller than the viewport, got ${screenshot.height}`);
    const problems = reportProblems(brokenPage!, saved);
    assert.ok(
      problems.some((p) => p.includes('did not')),
      problems.join('; '),
    );
    assert.ok(
      problems.some((p) => p.includes('0.9166')),
      problems.join('; '),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
