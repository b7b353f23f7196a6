// One epoch of the tutorial's 784-100(relu)-10 network (Adam, batch 32, 48,000 rows) in headless Chromium:
// nabla's browser build against TensorFlow.js 4.22 on its wasm backend, in the same page (bench/browser/page.ts),
// both on one thread (the page is not cross-origin isolated, so TensorFlow.js loads its SIMD build without
// threads). Prints each epoch's seconds and the ratio of the medians. `--rounds N` (default 2).
// Needs Debian's /usr/bin/chromium; says so and exits 0 without it.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { browserSkipReason, serveFiles, withChromium } from '../test/browser/browser-page.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const roundsArgument = process.argv.indexOf('--rounds');
const rounds = roundsArgument > 0 ? Number(process.argv[roundsArgument + 1]) : 2;

interface BenchState {
  nablaSeconds: number[];
  tfjsSeconds: number[];
  nablaLoss: number[];
  tfjsBackend: string;
  tfjsSimd: boolean;
  tfjsThreads: boolean;
  nablaFusedMultiplyAdd: boolean;
  error: string | null;
  done: boolean;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

async function main(): Promise<void> {
  const skip = browserSkipReason();
  if (skip !== undefined) {
    console.log(`skipped: ${skip}`);
    return;
  }
  const folder = mkdtempSync(join(tmpdir(), 'nabla-bench-browser-'));
  try {
    const nablaBundle = join(folder, 'nabla.js');
    const built = spawnSync(process.execPath, [join(root, 'scripts', 'build-browser.mjs'), '--outfile', nablaBundle], {
      stdio: 'inherit',
    });
    if (built.status !== 0) throw new Error('the browser build failed');
    const pageBundle = join(folder, 'bench.js');
    await build({
      entryPoints: [join(root, 'bench', 'browser', 'page.ts')],
      outfile: pageBundle,
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      logLevel: 'warning',
      // The page imports nabla as the shipped bundle, served beside it.
      plugins: [
        {
          name: 'nabla-bundle',
          setup(b) {
            b.onResolve({ filter: /src\/browser\.ts$/ }, () => ({ path: './nabla.js', external: true }));
          },
        },
      ],
    });
    const tfjsWasm = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm/package.json'));
    const server = await serveFiles({
      '/': {
        text: '<!doctype html><meta charset="utf-8"><script type="module" src="./bench.js"></script>',
        type: 'text/html',
      },
      '/bench.js': pageBundle,
      '/nabla.js': nablaBundle,
      '/fashion-mnist-subset.bin.gz': join(root, 'examples', 'browser', 'fashion-mnist-subset.bin.gz'),
      ...Object.fromEntries(
        ['tfjs-backend-wasm.wasm', 'tfjs-backend-wasm-simd.wasm', 'tfjs-backend-wasm-threaded-simd.wasm'].map(
          (name) => [`/tfjs/${name}`, join(tfjsWasm, 'dist', name)],
        ),
      ),
    });
    try {
      const result = await withChromium(async (context) => {
        const page = await context.newPage();
        page.on('pageerror', (error) => console.error(`page error: ${error.message}`));
        await page.goto(`${server.url}/?rounds=${rounds}`);
        await page.waitForFunction(
          'globalThis.bench && (globalThis.bench.done || globalThis.bench.error !== null)',
          undefined,
          { timeout: 600_000, polling: 500 },
        );
        return (await page.evaluate('globalThis.bench')) as BenchState;
      });
      if (result.error !== null) throw new Error(result.error);
      const nabla = median(result.nablaSeconds);
      const tfjs = median(result.tfjsSeconds);
      console.log('784-100(relu)-10, Adam, batch 32, one epoch of 48,000 rows, headless Chromium, one thread each');
      const kernels = result.nablaFusedMultiplyAdd ? 'relaxed SIMD (FMA)' : 'SIMD';
      const tfjsBuild = `${result.tfjsSimd ? 'SIMD' : 'no SIMD'}, ${result.tfjsThreads ? 'threads' : 'one thread'}`;
      console.log(
        `nabla (browser build, wasm ${kernels})  ${result.nablaSeconds.map((s) => s.toFixed(2)).join(' s, ')} s` +
          `  (loss ${result.nablaLoss.map((l) => l.toFixed(3)).join(', ')})`,
      );
      console.log(
        `TensorFlow.js 4.22 (${result.tfjsBackend}, ${tfjsBuild})  ${result.tfjsSeconds.map((s) => s.toFixed(2)).join(' s, ')} s`,
      );
      console.log(
        `median epoch: nabla ${nabla.toFixed(2)} s, TensorFlow.js ${tfjs.toFixed(2)} s: nabla is ${(tfjs / nabla).toFixed(1)}× faster`,
      );
    } finally {
      await server.close();
    }
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
