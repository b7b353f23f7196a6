// nabla's side of bench/cnn.ts: the CNN chapter's model trained with the Keras-style API on a chosen backend.
import * as nb from '../../src/index.ts';
import { BATCH, peakRssMb, type BenchData, type PeerResult } from './bench-data.ts';

/** Conv2D(32, 3, relu, same) → MaxPooling2D(2) → Conv2D(64, 3, relu, same) → MaxPooling2D(2) → Flatten → Dense(100, relu) → Dropout(0.4) → Dense(10, softmax). */
function buildCnn(): nb.Sequential {
  const model = new nb.Sequential([
    new nb.layers.Conv2D(32, 3, { activation: 'relu', padding: 'same', inputShape: [28, 28, 1], seed: 1 }),
    new nb.layers.MaxPooling2D(2),
    new nb.layers.Conv2D(64, 3, { activation: 'relu', padding: 'same', seed: 2 }),
    new nb.layers.MaxPooling2D(2),
    new nb.layers.Flatten(),
    new nb.layers.Dense(100, { activation: 'relu', seed: 3 }),
    new nb.layers.Dropout(0.4, { seed: 4 }),
    new nb.layers.Dense(10, { activation: 'softmax', seed: 5 }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
}

/** Trains the CNN for `epochs` epochs of `rows` rows (all when 0) on `backend`; validation accuracy at the end. */
export async function runNablaCnn(
  data: BenchData,
  backend: nb.BackendName,
  epochs: number,
  rows: number,
): Promise<PeerResult> {
  nb.setBackend(backend);
  nb.random.setSeed(1);
  const model = buildCnn();
  const n = rows > 0 ? Math.min(rows, data.nTrain) : data.nTrain;
  const x = new nb.Tensor(data.xTrain.subarray(0, n * 784), [n, 28, 28, 1]);
  const y = new nb.Tensor(data.yTrain.subarray(0, n), [n]);
  const epochSeconds: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t0 = performance.now();
    await model.fit(x, y, { epochs: epoch + 1, initialEpoch: epoch, batchSize: BATCH, verbose: 0, seed: 100 + epoch });
    epochSeconds.push((performance.now() - t0) / 1000);
  }
  const xVal = new nb.Tensor(data.xVal, [data.nVal, 28, 28, 1]);
  const yVal = new nb.Tensor(data.yVal, [data.nVal]);
  const [, valAccuracy] = (await model.evaluate(xVal, yVal, { batchSize: BATCH, verbose: 0 })) as number[];
  const info = nb.blasInfo();
  const version =
    nb.getBackend().name === 'blas'
      ? `nabla blas (${info.library}${info.coreName === null ? '' : `, ${info.coreName} kernels`})`
      : `nabla wasm${nb.wasmInfo().fusedMultiplyAdd ? ' (relaxed SIMD, FMA)' : ''}`;
  return { epochSeconds, valAccuracy, predictSeconds: 0, evaluateSeconds: 0, peakRssMb: peakRssMb(), version };
}
