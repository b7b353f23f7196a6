// Saving and loading Keras files: nabla (h5wasm in a worker, fflate) against h5py (HDF5's C library from
// Python) reading and writing the same HDF5 trees, timed in the same run. Medians of a few repetitions.
// Run: node --import tsx bench/saving.ts   (the h5py column needs /usr/bin/python3 with h5py)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Dense } from '../src/layers/dense.ts';
import { Dropout } from '../src/layers/dropout.ts';
import { Flatten } from '../src/layers/flatten.ts';
import { loadModel } from '../src/models/load-model.ts';
import { Sequential } from '../src/models/sequential.ts';
import { Tensor } from '../src/tensor/tensor.ts';

const REPEATS = 5;
const folder = mkdtempSync(join(tmpdir(), 'nabla-bench-saving-'));

const PEER = `
import sys, time, h5py, numpy as np
def read_all(path):
    out = {}
    with h5py.File(path, 'r') as f:
        f.visititems(lambda n, o: out.__setitem__(n, np.asarray(o)) if isinstance(o, h5py.Dataset) else None)
        attrs = {n: dict(f[n].attrs) for n in ['/'] + [k for k in out]}
    return out
def copy(src, dst):
    with h5py.File(src, 'r') as f, h5py.File(dst, 'w') as g:
        for k, v in f.attrs.items(): g.attrs[k] = v
        def visit(name, obj):
            if isinstance(obj, h5py.Group): t = g.create_group(name)
            else: t = g.create_dataset(name, data=np.asarray(obj))
            for k, v in obj.attrs.items(): t.attrs[k] = v
        f.visititems(visit)
def median(fn):
    times = []
    for _ in range(${REPEATS}):
        t = time.perf_counter(); fn(); times.append(time.perf_counter() - t)
    return sorted(times)[len(times) // 2] * 1000
src, dst = sys.argv[1], sys.argv[2]
print(median(lambda: read_all(src)), median(lambda: copy(src, dst)))
`;

function peerTimes(file: string): [number, number] | null {
  const run = spawnSync('/usr/bin/python3', ['-c', PEER, file, join(folder, 'peer-copy.h5')], { encoding: 'utf8' });
  if (run.status !== 0) return null;
  const [read, write] = run.stdout.trim().split(/\s+/).map(Number);
  return [read, write];
}

async function median(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)];
}

function tutorialMlp(): Sequential {
  return new Sequential([
    new Flatten({ inputShape: [28, 28] }),
    new Dense(128, { activation: 'relu' }),
    new Dropout(0.2),
    new Dense(10, { activation: 'softmax' }),
  ]);
}

function wideMlp(): Sequential {
  return new Sequential([
    new Dense(512, { activation: 'relu', inputShape: [784] }),
    new Dense(512, { activation: 'relu' }),
    new Dense(10, { activation: 'softmax' }),
  ]);
}

async function compiledAndStepped(model: Sequential): Promise<Sequential> {
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  const inputShape = model.inputShape!.slice(1) as number[];
  const x = new Tensor(new Float32Array(8 * inputShape.reduce((a, b) => a * b, 1)), [8, ...inputShape]);
  await model.fit(x, new Tensor(new Int32Array(8), [8]), { epochs: 1, batchSize: 8, verbose: 0 });
  return model;
}

const rows: string[][] = [];
const coldStart = performance.now();
await tutorialMlp().saveWeights(join(folder, 'cold.h5'));
const coldMs = performance.now() - coldStart;

for (const [label, make] of [
  ['tutorial MLP 101,770 params', tutorialMlp],
  ['784-512-512-10 MLP 669,706 params', wideMlp],
] as const) {
  const model = await compiledAndStepped(make());
  const h5 = join(folder, 'model.h5');
  const keras = join(folder, 'model.keras');
  const saveH5 = await median(() => model.save(h5));
  const loadH5 = await median(() => loadModel(h5));
  const saveKeras = await median(() => model.save(keras));
  const loadKeras = await median(() => loadModel(keras));
  const peer = peerTimes(h5);
  const ratio = (ours: number, theirs: number | undefined) =>
    theirs === undefined ? 'n/a' : `${(ours / theirs).toFixed(1)}×`;
  const mb = (statSync(h5).size / 1e6).toFixed(2);
  rows.push([
    label,
    `.h5 ${mb} MB`,
    saveH5.toFixed(1),
    peer ? peer[1].toFixed(1) : 'n/a',
    ratio(saveH5, peer?.[1]),
    loadH5.toFixed(1),
    peer ? peer[0].toFixed(1) : 'n/a',
    ratio(loadH5, peer?.[0]),
  ]);
  rows.push([
    label,
    `.keras ${(statSync(keras).size / 1e6).toFixed(2)} MB`,
    saveKeras.toFixed(1),
    '',
    '',
    loadKeras.toFixed(1),
    '',
    '',
  ]);
}
rmSync(folder, { recursive: true, force: true });

const header = ['model', 'file', 'nabla save ms', 'h5py write ms', 'ratio', 'nabla load ms', 'h5py read ms', 'ratio'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => '---').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
console.log(`\nFirst save in a process (starts the HDF5 worker, loads h5wasm): ${coldMs.toFixed(0)} ms.`);
console.log(
  'nabla save = config JSON + weights + optimizer state, atomic (temp file, fsync, rename); load = parse, build, set weights, compile.',
);
console.log(
  'h5py write/read = the same HDF5 tree copied/read in Python, without model building (a lower bound for any Keras).',
);
