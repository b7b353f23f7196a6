// The long fuzz of nabla's file readers: `node --import tsx scripts/fuzz-files.ts --count 1000 --seed 7`.
// Damages .h5, .keras, .weights.h5, IDX and gzip IDX files (bit flips, truncations, duplicated chunks, overwritten
// runs) and loads each in a child process with a timeout; prints the counts and keeps the failing files.
// Exits 1 when any load ended in an error that is not a NablaError, a crash or a hang.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { fuzzFiles } from '../test/fuzz/fuzz-runner.ts';

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    folder: { type: 'string' },
    'timeout-ms': { type: 'string', default: '30000' },
  },
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed)) {
  console.error('usage: node --import tsx scripts/fuzz-files.ts [--count N] [--seed S] [--folder DIR] [--timeout-ms MS]');
  process.exit(2);
}
const folder = values.folder ?? mkdtempSync(join(tmpdir(), 'nabla-fuzz-'));
const report = await fuzzFiles({
  count, seed, folder, timeoutMs: Number(values['timeout-ms']),
  onProgress: (done, r) => {
    if (done % 100 === 0 || done === count) {
      process.stderr.write(`${done}/${count}: ${r.loaded} loaded, ${r.refused} refused, ${r.foreign.length} other errors, ${r.crashes.length} crashes, ${r.hangs.length} hangs\n`);
    }
  },
});
console.log(`files ${report.files}  loaded ${report.loaded}  refused with a NablaError ${report.refused}`);
console.log(`errors that are not NablaErrors ${report.foreign.length}  crashes ${report.crashes.length}  hangs ${report.hangs.length}`);
console.log(`${report.seconds.toFixed(1)} s, seed ${seed}, work folder ${folder}`);
for (const failure of [...report.foreign, ...report.crashes, ...report.hangs]) {
  console.log(`  ${failure.file} (${failure.mutation}): ${failure.what}`);
}
process.exit(report.foreign.length + report.crashes.length + report.hangs.length === 0 ? 0 : 1);
