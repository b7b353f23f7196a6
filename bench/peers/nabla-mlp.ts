// nabla's side of bench/speed.ts: one of issue 7's models trained with the Keras-style API on a chosen
// backend, timed per epoch, then predict and evaluate on the test rows.
import * as nb from '../../src/index.ts';
import { BATCH, FEATURES, peakRssMb, type BenchData, type ModelSpec, type PeerResult } from './bench-data.ts';

function buildModel(spec: ModelSpec): nb.Sequential {
  const layers: nb.layers.Layer[] = [new nb.layers.Flatten({ inputShape: [FEATURES] })];
  if (spec.hidden !== null) layers.push(new nb.layers.Dense(spec.hidden, { activation: 'relu', seed: 1 }));
  if (spec.dropout !== null) layers.push(new nb.layers.Dropout(spec.dropout, { seed: 3 }));
  layers.push(new nb.layers.Dense(10, { activation: 'softmax', seed: 2 }));
  const model = new nb.Sequential(layers);
  model.compile({ optimizer: spec.optimizer, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return model;
}

/** Trains `spec` for `epochs` epochs on `backend` ('wasm' or 'blas'). */
export async function runNablaMlp(
  spec: ModelSpec,
  data: BenchData,
  backend: nb.BackendName,
  epochs: number,
): Promise<PeerResult> {
  nb.setBackend(backend);
  nb.random.setSeed(1);
  const model = buildModel(spec);
  const x = new nb.Tensor(data.xTrain, [data.nTrain, FEATURES]);
  const y = new nb.Tensor(data.yTrain, [data.nTrain]);
  const xVal = new nb.Tensor(data.xVal, [data.nVal, FEATURES]);
  const yVal = new nb.Tensor(data.yVal, [data.nVal]);
  const xTest = new nb.Tensor(data.xTest, [data.nTest, FEATURES]);
  const yTest = new nb.Tensor(data.yTest, [data.nTest]);
  const validationData = spec.validateEachEpoch ? ([xVal, yVal] as [nb.Tensor, nb.Tensor]) : undefined;
  const epochSeconds: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t0 = performance.now();
    await model.fit(x, y, {
      epochs: epoch + 1,
      initialEpoch: epoch,
      batchSize: BATCH,
      verbose: 0,
      seed: 100 + epoch,
      validationData,
    });
    epochSeconds.push((performance.now() - t0) / 1000);
  }
  const [, valAccuracy] = (await model.evaluate(xVal, yVal, { batchSize: BATCH, verbose: 0 })) as number[];
  let t0 = performance.now();
  await model.predict(xTest, { batchSize: BATCH, verbose: 0 });
  const predictSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  await model.evaluate(xTest, yTest, { batchSize: BATCH, verbose: 0 });
  const evaluateSeconds = (performance.now() - t0) / 1000;
  const info = nb.blasInfo();
  const version =
    nb.getBackend().name === 'blas'
      ? `nabla blas (${info.library}${info.coreName === null ? '' : `, ${info.coreName} kernels`})`
      : `nabla wasm${nb.wasmInfo().fusedMultiplyAdd ? ' (relaxed SIMD, FMA)' : ''}`;
  return { epochSeconds, valAccuracy, predictSeconds, evaluateSeconds, peakRssMb: peakRssMb(), version };
}
