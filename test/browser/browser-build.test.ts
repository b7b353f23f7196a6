import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { browserSkipReason, serveFiles, withChromium } from './browser-page.ts';

// The browser build (scripts/build-browser.mjs, the module `nabla/browser` names), bundled afresh into a temporary
// folder, imported by a page served over http:// and run in headless Chromium: it must train on the wasm backend.

const skip = browserSkipReason();
const root = join(import.meta.dirname, '..', '..');

interface TrainResult {
  error?: string;
  backend: string;
  loss: number[];
  accuracy: number[];
  predictionShape: number[];
  saveError: { name: string; isNablaError: boolean; message: string } | null;
  onnx: { isBytes: boolean; length: number; firstByte: number };
  gridHasPng: boolean;
  parsedIdx: number[][];
}

/** Bundles the browser build into a fresh folder; returns the bundle's path. */
function buildBundle(folder: string): string {
  const outfile = join(folder, 'nabla.js');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-browser.mjs'), '--outfile', outfile], {
    encoding: 'utf8',
  });
  assert.equal(built.status, 0, `the browser build failed:\n${built.stdout}${built.stderr}`);
  return outfile;
}

test('the browser build imports no Node.js built-in, and a bundler takes it without plugins', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-browser-'));
  try {
    const bundlePath = buildBundle(folder);
    const bundle = readFileSync(bundlePath, 'utf8');
    assert.doesNotMatch(
      bundle,
      /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*)['"](?:node:)?(?:fs|os|path|worker_threads|child_process|zlib)['"]/,
    );
    // Both kernel builds are inside, and no file is named beside it (bundlers would look for it).
    assert.doesNotMatch(bundle, /new URL\([^()]*,\s*import\.meta\.url\s*\)/);
    // An application's bundle for the browser, made by esbuild with its defaults.
    const app = join(folder, 'app.js');
    writeFileSync(
      app,
      `import { Sequential, layers } from ${JSON.stringify(bundlePath)};\nconsole.log(new Sequential([new layers.Dense(1)]));\n`,
    );
    const result = await build({
      entryPoints: [app],
      bundle: true,
      platform: 'browser',
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    assert.equal(result.errors.length, 0);
    assert.equal(result.warnings.length, 0, result.warnings.map((w) => w.text).join('\n'));
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a page imports the browser build and trains on the wasm backend', { skip, timeout: 120_000 }, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-browser-'));
  const server = await serveFiles({
    '/nabla.js': buildBundle(folder),
    '/': join(import.meta.dirname, 'train-page.html'),
  });
  try {
    const result = await withChromium(async (context) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      page.on('console', (message) => {
        if (message.type() === 'error' && !message.text().includes('404')) errors.push(message.text());
      });
      await page.goto(`${server.url}/`);
      await page.waitForFunction('window.result !== undefined', undefined, { timeout: 60_000 });
      const found = (await page.evaluate('window.result')) as TrainResult;
      assert.deepEqual(errors, []);
      return found;
    });
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.backend, 'wasm');
    assert.equal(result.loss.length, 8);
    const [first] = result.loss;
    const last = result.loss[result.loss.length - 1];
    assert.ok(last < first * 0.7, `the loss went from ${first} to ${last}`);
    assert.ok(result.accuracy[result.accuracy.length - 1] > 0.8, `accuracy ${result.accuracy.join(', ')}`);
    assert.deepEqual(result.predictionShape, [3, 3]);
    // 4·16 + 16 + 16·3 + 3 = 131 float32 weights: the ONNX bytes hold at least those.
    assert.equal(result.onnx.isBytes, true);
    assert.equal(result.onnx.firstByte, 0x08);
    assert.ok(result.onnx.length > 131 * 4, `the ONNX export is ${result.onnx.length} bytes`);
    assert.deepEqual(result.parsedIdx, [
      [3, 1, 4],
      [1, 5, 9],
    ]);
    // 'iVBORw0KGgo' is the base64 of the PNG signature.
    assert.equal(result.gridHasPng, true, 'plot.imageGrid embeds PNG images');
    // Files need Node.js: saving to a path fails with a NablaError that says so.
    assert.ok(result.saveError !== null, 'model.save(path) did not fail in the browser');
    assert.equal(result.saveError.isNablaError, true, result.saveError.message);
    assert.match(result.saveError.message, /not available in the browser build/);
    console.log(
      `browser build in Chromium: backend ${result.backend}, loss ${result.loss.map((l) => l.toFixed(3)).join(' → ')}`,
    );
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
});

test('a module Web Worker imports the browser build and trains off the page thread', {
  skip,
  timeout: 120_000,
}, async () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-browser-'));
  const page =
    '<!doctype html><meta charset="utf-8"><script type="module">' +
    "const worker = new Worker('./train-worker.js', { type: 'module' });" +
    'worker.onmessage = (event) => { window.result = event.data; };' +
    'worker.onerror = (event) => { window.result = { error: event.message }; };</script>';
  const server = await serveFiles({
    '/nabla.js': buildBundle(folder),
    '/train-worker.js': join(import.meta.dirname, 'train-worker.js'),
    '/': { text: page, type: 'text/html' },
  });
  try {
    const result = (await withChromium(async (context) => {
      const tab = await context.newPage();
      await tab.goto(`${server.url}/`);
      await tab.waitForFunction('window.result !== undefined', undefined, { timeout: 60_000 });
      return tab.evaluate('window.result');
    })) as { error?: string; backend: string; loss: number[]; inWorker: boolean };
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.inWorker, true);
    assert.equal(result.backend, 'wasm');
    assert.ok(result.loss[4] < result.loss[0], `the loss falls: ${result.loss}`);
  } finally {
    await server.close();
    rmSync(folder, { recursive: true, force: true });
  }
});
