// The default thread count against NABLA_THREADS=1 on one 784-100-10 Adam epoch (the tutorial model, batch
// 32), on a quiet machine and beside a process that keeps one core busy (a busy-loop child). Each run is a
// fresh process (the default count and its split policy start from scratch), the two counts alternate run by
// run, and the best of N per count is compared: ratio = default ÷ one thread (goal ≤ 1.05 quiet, ≤ 1.10 busy).
// The load average is printed with the numbers: on a shared machine "quiet" is only as quiet as the others
// leave it.
//
//   node --import tsx bench/threads.ts [--repeat N] [--rows N] [--epochs N] [--backend wasm|blas]
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import * as nb from '../src/index.ts';
import { wasmBackendThreads } from '../src/backend/wasm/wasm-backend.ts';
import { printTable } from './lib/markdown-table.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
};
const REPEAT = Number(option('repeat', '5'));
const ROWS = Number(option('rows', '48000'));
const EPOCHS = Number(option('epochs', '2'));
const BACKEND = option('backend', 'wasm');
const BATCH = 32;

interface RunResult {
  /** Seconds of the fastest epoch of the run (the first pays for the JIT and the helper's start). */
  epoch: number;
  done: number;
  takenBack: number;
  waited: number;
}

/** In a child: trains EPOCHS epochs of 784-100-10 on ROWS rows, prints the best epoch's wall seconds. */
async function child(): Promise<void> {
  const [[images, labels]] = await nb.datasets.fashionMnist.loadData({ offline: true, verbose: false });
  const x = new Float32Array(ROWS * 784);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const y = Int32Array.from(labels.data.subarray(0, ROWS));
  nb.setBackend(BACKEND as nb.BackendName);
  nb.random.setSeed(1);
  const model = new nb.Sequential([
    new nb.layers.Flatten({ inputShape: [784] }),
    new nb.layers.Dense(100, { activation: 'relu', seed: 1 }),
    new nb.layers.Dense(10, { activation: 'softmax', seed: 2 }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const [xT, yT] = [new nb.Tensor(x, [ROWS, 784]), new nb.Tensor(y, [ROWS])];
  let best = Infinity;
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const t0 = performance.now();
    await model.fit(xT, yT, {
      epochs: epoch + 1,
      initialEpoch: epoch,
      batchSize: BATCH,
      verbose: 0,
      seed: 100 + epoch,
    });
    best = Math.min(best, (performance.now() - t0) / 1000);
  }
  const handOffs = wasmBackendThreads(nb.getBackend())?.handOffs; // none for the blas backend's wrapper
  const result: RunResult = {
    epoch: best,
    done: handOffs?.done ?? 0,
    takenBack: handOffs?.takenBack ?? 0,
    waited: handOffs?.waitedMilliseconds ?? 0,
  };
  console.log(JSON.stringify(result));
}

const SELF = fileURLToPath(import.meta.url);

function runChild(threads: 'default' | '1'): RunResult {
  const env = { ...process.env };
  delete env.NABLA_THREADS;
  if (threads === '1') env.NABLA_THREADS = '1';
  const args = [
    '--import',
    'tsx',
    SELF,
    '--child',
    '--rows',
    String(ROWS),
    '--epochs',
    String(EPOCHS),
    '--backend',
    BACKEND,
  ];
  const run = spawnSync(process.execPath, args, { env, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`the ${threads} run failed: ${run.stderr}`);
  return JSON.parse(run.stdout.trim().split('\n').pop()!) as RunResult;
}

/** A process that keeps one core busy until killed. */
function startBusyLoop(): ChildProcess {
  return spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
}

interface Condition {
  label: string;
  best: Record<'default' | '1', number>;
  handOffs: string;
  load: string;
}

function measure(label: string, busy: boolean): Condition {
  const busyLoop = busy ? startBusyLoop() : null;
  const best = { default: Infinity, '1': Infinity };
  let [done, takenBack, waited] = [0, 0, 0];
  try {
    for (let round = 0; round < REPEAT; round++) {
      // Alternate which count goes first, so that a slow minute of the machine falls on both.
      const order: ('default' | '1')[] = round % 2 === 0 ? ['default', '1'] : ['1', 'default'];
      for (const threads of order) {
        const result = runChild(threads);
        best[threads] = Math.min(best[threads], result.epoch);
        if (threads === 'default')
          [done, takenBack, waited] = [done + result.done, takenBack + result.takenBack, waited + result.waited];
        console.log(
          `  ${label}, round ${round + 1}, ${threads === '1' ? 'NABLA_THREADS=1' : 'default'}: ${result.epoch.toFixed(3)} s`,
        );
      }
    }
  } finally {
    busyLoop?.kill();
  }
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const handOffs = `${done} run by the helper (${waited.toFixed(0)} ms waited for), ${takenBack} taken back`;
  return { label, best, handOffs, load };
}

async function main(): Promise<void> {
  console.log(
    `784-100-10 Adam, ${ROWS} rows, batch ${BATCH}, backend ${BACKEND}, best epoch of ${EPOCHS} per run, best of ${REPEAT} runs`,
  );
  console.log(
    `load average before: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const conditions = [measure('quiet', false), measure('one core busy', true)];
  const goal: Record<string, number> = { quiet: 1.05, 'one core busy': 1.1 };
  console.log('');
  printTable([
    [
      'machine',
      'default s/epoch',
      'NABLA_THREADS=1 s/epoch',
      'default ÷ one thread',
      'goal',
      'hand-offs (default runs)',
      'load average after',
    ],
    ...conditions.map((c) => [
      c.label,
      c.best.default.toFixed(3),
      c.best['1'].toFixed(3),
      (c.best.default / c.best['1']).toFixed(2),
      `≤ ${goal[c.label].toFixed(2)}`,
      c.handOffs,
      c.load,
    ]),
  ]);
}

if (argv.includes('--child')) await child();
else await main();
