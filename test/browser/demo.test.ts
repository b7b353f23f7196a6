import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serveDemo } from '../../examples/browser/serve.mjs';
import { browserSkipReason, withChromium } from './browser-page.ts';

// The live demo (examples/browser/, `npm run demo`) in headless Chromium: it must load the shipped Fashion-MNIST
// subset and train, the curves and predictions drawn as it goes. A screenshot is left in the system's temporary
// folder, its path printed.

const skip = browserSkipReason();
const root = join(import.meta.dirname, '..', '..');
const EPOCHS_TO_WATCH = 3;

interface DemoState {
  backend: string | null;
  epochsDone: number;
  history: Record<'loss' | 'accuracy' | 'val_loss' | 'val_accuracy', number[]>;
  error: string | null;
}

test('the demo page trains Fashion-MNIST live and draws its progress', { skip, timeout: 240_000 }, async () => {
  const build = mkdtempSync(join(tmpdir(), 'nabla-browser-'));
  const bundle = join(build, 'nabla.js');
  const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-browser.mjs'), '--outfile', bundle], {
    encoding: 'utf8',
  });
  assert.equal(built.status, 0, `the browser build failed:\n${built.stdout}${built.stderr}`);
  const server = await serveDemo({ port: 0, bundle });
  const output = mkdtempSync(join(tmpdir(), 'nabla-browser-demo-'));
  try {
    const { state, drawn } = await withChromium(async (context) => {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(server.url);
      await page.waitForFunction(
        `window.demo && (window.demo.error !== null || window.demo.epochsDone >= ${EPOCHS_TO_WATCH})`,
        undefined,
        { timeout: 180_000, polling: 250 },
      );
      const screenshot = await page.screenshot({ fullPage: true });
      const screenshotPath = join(output, 'demo.png');
      writeFileSync(screenshotPath, screenshot);
      console.log(`demo screenshot: ${screenshotPath}`);
      const found = (await page.evaluate('window.demo')) as DemoState;
      const counts = (await page.evaluate(`({
        paths: document.querySelectorAll('#loss-chart path, #accuracy-chart path').length,
        samples: document.querySelectorAll('#samples canvas').length,
        judged: document.querySelectorAll('#samples figcaption.right, #samples figcaption.wrong').length,
      })`)) as { paths: number; samples: number; judged: number };
      assert.deepEqual(errors, []);
      return { state: found, drawn: counts };
    });
    assert.equal(state.error, null, state.error ?? '');
    assert.equal(state.backend, 'wasm');
    const { loss, val_accuracy: valAccuracy } = state.history;
    assert.ok(loss.length >= EPOCHS_TO_WATCH);
    assert.ok(loss[loss.length - 1] < loss[0], `the training loss went from ${loss[0]} to ${loss[loss.length - 1]}`);
    // 10 classes: chance is 0.1; after 3 epochs on 3,000 images the 784-100-10 network is far above it.
    assert.ok(valAccuracy[valAccuracy.length - 1] > 0.6, `test accuracy ${valAccuracy.join(', ')}`);
    assert.equal(drawn.paths, 4, 'both charts draw a train and a test curve');
    assert.equal(drawn.samples, 16);
    assert.equal(drawn.judged, 16, 'every sample shows a prediction');
    console.log(
      `demo in Chromium: loss ${loss.map((l) => l.toFixed(3)).join(' → ')}, ` +
        `test accuracy ${valAccuracy.map((a) => a.toFixed(3)).join(' → ')}`,
    );
  } finally {
    await server.close();
    rmSync(build, { recursive: true, force: true });
  }
});
