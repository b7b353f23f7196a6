// The long fuzz of nabla's file readers: `node --import tsx scripts/fuzz-files.ts --count 1000 --seed 7`.
// Damages .h5, .keras, .weights.h5, IDX and gzip IDX files (bit flips, truncations, duplicated chunks, overwritten
// runs) and loads each in a child process with a timeout; prints the counts and keeps the failing files. The
// Keras-written models of ../shared/fixtures/keras join the nabla-written ones when that folder exists, and so do
// the repository's fixtures in Keras's functional, nested-model and Normalization layouts.
// Exits 1 when any load ended in an error that is not a NablaError, a crash or a hang.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { FuzzFormat } from '../test/fuzz/fuzz-protocol.ts';
import { fuzzFiles } from '../test/fuzz/fuzz-runner.ts';

// Whole models written by Python Keras, when the shared fixture folder sits next to the repository.
const KERAS_FIXTURES = fileURLToPath(new URL('../../shared/fixtures/keras/', import.meta.url));
const KERAS_MODELS: [string, FuzzFormat][] = [
  ['keras2.0.4_mnist_dense10_softmax.h5', 'h5'],
  ['tfkeras2.12_fashion_flatten_dense_dropout.h5', 'h5'],
  ['keras3.10_mnist_flatten_dense_dropout.keras', 'keras'],
];

// Files in Keras's layouts that the repository's tests read: functional graphs, models nested in models,
// Normalization's adapted weights (their readers parse the most structure).
const REPOSITORY_FIXTURES = fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const LAYOUT_MODELS: [string, FuzzFormat][] = [
  ['functional/keras3-functional.keras', 'keras'],
  ['functional/tf2-functional.h5', 'h5'],
  ['saving/nested/keras3-nested.keras', 'keras'],
  ['saving/nested/tfkeras-nested.h5', 'h5'],
  ['saving/normalization/keras3-normalization.keras', 'keras'],
  ['saving/normalization/tfkeras-normalization.h5', 'h5'],
];

function kerasFixtureSeeds(): { path: string; format: FuzzFormat }[] {
  const shared = KERAS_MODELS.map(([name, format]) => ({ path: join(KERAS_FIXTURES, name), format }));
  const layouts = LAYOUT_MODELS.map(([name, format]) => ({ path: join(REPOSITORY_FIXTURES, name), format }));
  return [...shared, ...layouts].filter((s) => existsSync(s.path));
}

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
  console.error(
    'usage: node --import tsx scripts/fuzz-files.ts [--count N] [--seed S] [--folder DIR] [--timeout-ms MS]',
  );
  process.exit(2);
}
const folder = values.folder ?? mkdtempSync(join(tmpdir(), 'nabla-fuzz-'));
const report = await fuzzFiles({
  count,
  seed,
  folder,
  timeoutMs: Number(values['timeout-ms']),
  extraSeeds: kerasFixtureSeeds(),
  onProgress: (done, r) => {
    if (done % 100 === 0 || done === count) {
      process.stderr.write(
        `${done}/${count}: ${r.loaded} loaded, ${r.refused} refused, ${r.foreign.length} other errors, ${r.crashes.length} crashes, ${r.hangs.length} hangs\n`,
      );
    }
  },
});
console.log(`files ${report.files}  loaded ${report.loaded}  refused with a NablaError ${report.refused}`);
console.log(
  `errors that are not NablaErrors ${report.foreign.length}  crashes ${report.crashes.length}  hangs ${report.hangs.length}`,
);
console.log(`${report.seconds.toFixed(1)} s, seed ${seed}, work folder ${folder}`);
for (const failure of [...report.foreign, ...report.crashes, ...report.hangs]) {
  console.log(`  ${failure.file} (${failure.mutation}): ${failure.what}`);
}
process.exit(report.foreign.length + report.crashes.length + report.hangs.length === 0 ? 0 : 1);
