// Runs examples/geron-ch10-regression.ts on 2,000 synthetic houses for 3 epochs in a child process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

test('examples/geron-ch10-regression.ts: Normalization adapted, three relu layers, mse below the mean predictor', () => {
  const out = mkdtempSync(join(tmpdir(), 'nabla-example-'));
  try {
    const env = { ...process.env, NABLA_EXAMPLE_OUT: out, NABLA_EXAMPLE_ROWS: '2000', NABLA_EXAMPLE_EPOCHS: '3' };
    const run = spawnSync(process.execPath, ['--import', 'tsx', join('examples', 'geron-ch10-regression.ts')], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    });
    assert.equal(run.status, 0, run.stderr.slice(-3000));
    assert.match(run.stdout, /\[ 1125, 8 \] \[ 375, 8 \] \[ 500, 8 \]/);
    // As in the book's Keras output: the adapted Normalization's mean, variance and count are 17 non-trainable params.
    assert.match(run.stdout, /Total params: 5,618\nTrainable params: 5,601\nNon-trainable params: 17\n/);
    assert.match(run.stdout, /Epoch 3\/3/);
    const rmse = Number(/rmse_test (\d+\.\d+)/.exec(run.stdout)![1]);
    // The RootMeanSquaredError metric over the test set is the square root of the mean squared error loss.
    const mse = Number(/mse_test (\d+\.\d+)/.exec(run.stdout)![1]);
    assert.ok(Math.abs(rmse - Math.sqrt(mse)) < 2e-4, `rmse ${rmse} against sqrt(mse) ${Math.sqrt(mse)}`);
    const baseline = Number(/baseline RMSE \(predict the mean\) (\d+\.\d+)/.exec(run.stdout)![1]);
    assert.ok(rmse < baseline, `test RMSE ${rmse} is not below the mean predictor's ${baseline}`);
    assert.ok(existsSync(join(out, 'geron-ch10-model.svg')) && existsSync(join(out, 'geron-ch10-model.png')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
