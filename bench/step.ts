// One training epoch of the issue-7 models on Fashion-MNIST, timed closely: wall and CPU seconds per epoch,
// evaluate and predict on 10,000 rows, peak RSS. With NABLA_PROFILE=1 fit also prints its per-phase step
// profile and the kernel table. The machine is shared, so CPU seconds (process.cpuUsage) are printed beside
// wall seconds, and the best of the epochs is the number to compare.
//
//   node --import tsx bench/step.ts [--epochs N] [--model mlp|mlp-dropout|dense] [--rows N] [--backend wasm|blas]
import * as nb from '../src/index.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: string): string => {
  const at = argv.indexOf(`--${name}`);
  return at >= 0 && at + 1 < argv.length ? argv[at + 1] : fallback;
};
const EPOCHS = Number(option('epochs', '3'));
const MODEL = option('model', 'mlp');
const ROWS = Number(option('rows', '48000'));
const BACKEND = option('backend', 'wasm');
const BATCH = 32;

interface Timing {
  wall: number;
  cpu: number;
}

function timeIt(run: () => Promise<unknown>): Promise<Timing> {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  return run().then(() => {
    const cpu = process.cpuUsage(cpu0);
    return { wall: (performance.now() - t0) / 1000, cpu: (cpu.user + cpu.system) / 1e6 };
  });
}

function format(label: string, t: Timing): string {
  return `${label.padEnd(26)} ${t.wall.toFixed(3).padStart(8)} s wall ${t.cpu.toFixed(3).padStart(8)} s cpu`;
}

async function main(): Promise<void> {
  const [[images, labels]] = await nb.datasets.fashionMnist.loadData({ offline: true, verbose: false });
  const n = Math.min(ROWS, images.shape[0] - 10000);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  const y = Int32Array.from(labels.data.subarray(0, n));
  const xVal = new Float32Array(10000 * 784);
  for (let i = 0; i < xVal.length; i++) xVal[i] = images.data[n * 784 + i] / 255;
  const yVal = Int32Array.from(labels.data.subarray(n, n + 10000));

  nb.setBackend(BACKEND as nb.BackendName);
  nb.random.setSeed(1);
  const layers: nb.layers.Layer[] = [new nb.layers.Flatten({ inputShape: [784] })];
  const hidden = MODEL === 'mlp' || MODEL === 'mlp-dropout';
  if (hidden) layers.push(new nb.layers.Dense(100, { activation: 'relu', seed: 1 }));
  if (MODEL === 'mlp-dropout') layers.push(new nb.layers.Dropout(0.3, { seed: 3 }));
  layers.push(new nb.layers.Dense(10, { activation: 'softmax', seed: 2 }));
  const model = new nb.Sequential(layers);
  model.compile({
    optimizer: hidden ? 'adam' : 'rmsprop',
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  });
  const xT = new nb.Tensor(x, [n, 784]);
  const yT = new nb.Tensor(y, [n]);
  const xV = new nb.Tensor(xVal, [10000, 784]);
  const yV = new nb.Tensor(yVal, [10000]);

  console.log(`model ${MODEL}, ${n} rows, batch ${BATCH}, backend ${nb.getBackend().name}`);
  const epochs: Timing[] = [];
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const t = await timeIt(() =>
      model.fit(xT, yT, { epochs: epoch + 1, initialEpoch: epoch, batchSize: BATCH, verbose: 0, seed: 100 + epoch }),
    );
    epochs.push(t);
    console.log(format(`epoch ${epoch + 1}`, t));
  }
  // By wall time: the CPU time also counts the kernels' helper thread spinning between calls.
  const best = epochs.reduce((a, b) => (b.wall < a.wall ? b : a));
  console.log(format('best epoch (by wall)', best));
  let result: unknown;
  console.log(
    format(
      'evaluate 10,000 rows',
      await timeIt(async () => (result = await model.evaluate(xV, yV, { batchSize: BATCH, verbose: 0 }))),
    ),
  );
  console.log(format('predict 10,000 rows', await timeIt(() => model.predict(xV, { batchSize: BATCH, verbose: 0 }))));
  console.log(`val loss, accuracy: ${JSON.stringify(result)}`);
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
}

await main();
