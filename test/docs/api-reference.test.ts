// The API reference (`npm run docs`, TypeDoc over the public entry point) builds without a warning: every
// exported declaration it documents resolves, and every {@link} in the doc comments points somewhere.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

test('TypeDoc documents the public API without a warning', () => {
  const typedoc = join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc');
  // Without source links: they depend on the checkout's git remote (a clone without one warns), not on the API.
  const run = spawnSync(process.execPath, [typedoc, '--emit', 'none', '--treatWarningsAsErrors', '--disableSources'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.status, 0, `typedoc failed:\n${run.stdout}${run.stderr}`);
});
