// `npm run bench`: runs every benchmark script in bench/ one after another, each in its own process so that
// one's memory and JIT state do not colour the next. `npm run bench -- gemm training` runs a subset.
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { relaxedBuildFlags } from '../src/backend/wasm/kernel-builds.mjs';

const benchDir = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passThrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const scripts = readdirSync(benchDir)
  .filter((f) => f.endsWith('.ts') && f !== 'run.ts')
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();

// gemm.ts races both builds of the WASM kernels; on Node.js 20 the relaxed-SIMD one needs a V8 flag. The
// other scripts run nabla as this Node.js loads it by default (speed.ts adds its FMA contender itself).

let failed = 0;
for (const script of scripts) {
  console.log(`\n## bench/${script}\n`);
  const nodeFlags = script === 'gemm.ts' ? (relaxedBuildFlags() ?? []) : [];
  const run = spawnSync(process.execPath, [...nodeFlags, '--import', 'tsx', join(benchDir, script), ...passThrough], {
    stdio: 'inherit',
  });
  if (run.status !== 0) {
    failed++;
    console.log(`bench/${script} exited with ${run.status ?? run.signal}`);
  }
}
process.exit(failed === 0 ? 0 : 1);
