// A bounded fuzz of the file readers: damaged .h5, .keras, .weights.h5, IDX and gzip IDX files, each loaded in
// a child process with a timeout. Every load must succeed or fail with a NablaError: no other error, no crash,
// no hang. The longer run is `node --import tsx scripts/fuzz-files.ts --count N --seed S`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fuzzFiles } from './fuzz-runner.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-fuzz-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

test('250 damaged model and dataset files load or are refused with a NablaError', { timeout: 120_000 }, async () => {
  const report = await fuzzFiles({ count: 250, seed: 20261206, folder, timeoutMs: 20_000 });
  const failures = [...report.foreign, ...report.crashes, ...report.hangs];
  assert.deepEqual(failures, [], failures.map((f) => `${f.format} ${f.mutation}: ${f.what}`).join('\n'));
  assert.equal(report.files, 250);
  // The damage is real: most files are refused (a flipped bit in weight data loads, as it does in Keras).
  assert.ok(report.refused > report.files / 2, `refused ${report.refused} of ${report.files}`);
});
