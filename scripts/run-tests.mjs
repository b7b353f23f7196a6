// Runs every test/**/*.test.ts file with Node's own test runner (TypeScript through tsx).
// Node 20's runner takes no globs, so the files are listed here.
//
// The WASM kernels come in two builds (scripts/build-wasm.mjs): plain SIMD, and relaxed SIMD with fused
// multiply-adds, which the backend loads where the runtime supports it. Every test runs on the build this
// runtime loads by default; then the numerical tests (kernels, layers, models, optimizers, gradients) run
// again on the other build, so that both stay checked whichever Node.js runs the tests.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { relaxedBuildFlags, relaxedBuildLoads } from '../src/backend/wasm/kernel-builds.mjs';

const NUMERICAL_FOLDERS = ['test/backend', 'test/layers', 'test/models', 'test/optimizers', 'test/autograd'];

function findTests(dir) {
  const found = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) found.push(...findTests(path));
    else if (name.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

function runTests(files, { nodeFlags = [], env = process.env } = {}) {
  const result = spawnSync(
    process.execPath,
    [...nodeFlags, '--import', 'tsx', '--test', '--test-concurrency=2', ...files],
    {
      stdio: 'inherit',
      env,
    },
  );
  return result.status ?? 1;
}

/** How to run the tests on the build the runtime does not load by default; null when that cannot be done here. */
function otherBuild() {
  if (relaxedBuildLoads()) {
    return { label: 'the plain SIMD build', env: { ...process.env, NABLA_RELAXED_SIMD: '0' }, nodeFlags: [] };
  }
  const flags = relaxedBuildFlags();
  if (flags === null) return null;
  return { label: `the relaxed SIMD build (${flags.join(' ')})`, env: process.env, nodeFlags: flags };
}

const filter = process.argv.slice(2);
const files = findTests('test').filter((f) => filter.length === 0 || filter.some((s) => f.includes(s)));
let status = runTests(files);
const numerical = files.filter((f) => NUMERICAL_FOLDERS.some((folder) => f.startsWith(`${folder}/`)));
const other = otherBuild();
if (numerical.length > 0 && other !== null) {
  console.log(`\n# the numerical tests again, on ${other.label}`);
  status = runTests(numerical, other) || status;
} else if (numerical.length > 0) {
  console.log(
    '\n# the other build of the WASM kernels cannot load on this runtime: its second run of the numerical tests is skipped',
  );
}
process.exit(status);
