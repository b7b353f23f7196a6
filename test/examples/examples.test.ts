// Runs examples/ch17.ts, ch18.ts and ch19.ts on a small subset (1,000 images, at most 2 epochs) in child processes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../plot/parse-svg.ts';

function runExample(file: string, out: string): string {
  const env = { ...process.env, NABLA_EXAMPLE_OUT: out, NABLA_EXAMPLE_ROWS: '1000', NABLA_EXAMPLE_EPOCHS: '2' };
  const run = spawnSync(process.execPath, ['--import', 'tsx', join('examples', file)], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `${file} failed:\n${run.stderr.slice(-3000)}`);
  return run.stdout;
}

function withFolder(body: (out: string) => void): void {
  const out = mkdtempSync(join(tmpdir(), 'nabla-example-'));
  try {
    body(out);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

test('examples/ch17.ts: shapes, label counts, cross-validation and the Dense(10) fit on 1,000 images', () =>
  withFolder((out) => {
    const stdout = runExample('ch17.ts', out);
    assert.match(stdout, /\[ 1000, 28, 28 \] \[ 1000 \]/);
    assert.match(stdout, /\[ 1000, 784 \]/);
    assert.match(stdout, /\[ 800, 784 \] \[ 800 \]\n\[ 200, 784 \] \[ 200 \]/);
    assert.match(stdout, /Epoch 2\/2/);
    assert.match(stdout, /\[ \d\.\d+, 0\.\d+ \]\s*$/);
    assert.equal(parseXml(readFileSync(join(out, 'ch17-first-images.svg'), 'utf8')).name, 'svg');
  }));

test('examples/ch18.ts: the four summaries and the Adam fit', () =>
  withFolder((out) => {
    const stdout = runExample('ch18.ts', out);
    assert.equal(stdout.match(/Total params: 79,510/g)?.length, 4);
    assert.match(stdout, /Model: "패션 MNIST 모델"/);
    assert.match(stdout, /nesterov: true/);
    assert.match(stdout, /\[ \d\.\d+, 0\.\d+ \]\s*$/);
  }));

test('examples/ch19.ts: curves, saved models and callbacks', () =>
  withFolder((out) => {
    const stdout = runExample('ch19.ts', out);
    assert.match(stdout, /\[ 'loss', 'accuracy', 'val_loss', 'val_accuracy' \]/);
    assert.match(stdout, /dropout \(Dropout\)/);
    for (const name of [
      'ch19-loss.svg',
      'ch19-accuracy.svg',
      'ch19-val-loss.svg',
      'ch19-early-stopping.svg',
      'model-weights.h5',
      'model-whole.h5',
      'best-model.h5',
    ]) {
      assert.ok(existsSync(join(out, name)), `${name} written`);
    }
    // The last line is early_stopping_cb.stopped_epoch: 0 (no early stop) or the 0-based epoch it stopped at.
    assert.match(stdout.trim().split('\n').at(-1)!, /^\d+$/);
  }));
