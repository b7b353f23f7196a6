// Runs examples/tf-basic-classification.ts on 2,000 images for one epoch in a child process: logits trained with
// fromLogits, then the probability model Sequential([model, Softmax()]) on the test set and on one image.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('examples/tf-basic-classification.ts: logits, the probability model and one image', () => {
  const out = mkdtempSync(join(tmpdir(), 'nabla-example-'));
  try {
    const env = { ...process.env, NABLA_EXAMPLE_OUT: out, NABLA_EXAMPLE_ROWS: '2000', NABLA_EXAMPLE_EPOCHS: '1' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', join('examples', 'tf-basic-classification.ts')], {
      encoding: 'utf8',
      env,
      timeout: 180_000,
    });
    assert.equal(run.status, 0, run.stderr.slice(-3000));
    const accuracy = Number(/Test accuracy: (\d\.\d+)/.exec(run.stdout)?.[1]);
    // One epoch on 2,000 images: far above chance (0.1), as a model whose logits and loss fit together.
    assert.ok(accuracy > 0.6, `test accuracy ${accuracy}`);
    assert.match(run.stdout, /\[ 1, 28, 28 \]/, 'expand_dims adds the batch axis');
    // The probability model's rows are softmax outputs: each of the printed rows sums to 1.
    const rows = [...run.stdout.matchAll(/\[\n\s+\[\n([\s\S]*?)\n\s+\]\n\]/g)].map((m) => m[1].split(',').map(Number));
    assert.ok(rows.length >= 2, 'both predictions are printed');
    for (const row of rows) {
      assert.equal(row.length, 10);
      assert.ok(Math.abs(row.reduce((a, b) => a + b, 0) - 1) < 1e-5, `a row sums to ${row.reduce((a, b) => a + b, 0)}`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
