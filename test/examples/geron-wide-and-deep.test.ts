// Runs examples/geron-wide-and-deep.ts in a child process: the functional API contract end to end.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('examples/geron-wide-and-deep.ts: summary, 20 epochs that lower the loss, save and reload', () => {
  const out = mkdtempSync(join(tmpdir(), 'nabla-example-'));
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', join('examples', 'geron-wide-and-deep.ts')], {
      encoding: 'utf8',
      env: { ...process.env, NABLA_EXAMPLE_OUT: out },
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr.slice(-3000));
    assert.match(run.stdout, /Connected to/);
    assert.match(run.stdout, /concatenate \(Concatenate\)\s+\(None, 35\)\s+0\s+\['input_1\[0\]\[0\]',/);
    assert.match(run.stdout, /Epoch 20\/20/);
    const [, mse, firstVal] = /test MSE (\d+\.\d+) \| first epoch val_loss (\d+\.\d+)/.exec(run.stdout)!;
    // The target's variance is about 1.1; the network explains most of it in 20 epochs of plain SGD.
    assert.ok(Number(mse) < 0.4 && Number(mse) < Number(firstVal), `test MSE ${mse}, first val_loss ${firstVal}`);
    assert.match(run.stdout, /reloaded predicts the same: true/);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
