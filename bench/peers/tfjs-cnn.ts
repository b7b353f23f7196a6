// TensorFlow.js's side of bench/cnn.ts: the CNN chapter's model written with tfjs-layers 4.22 (Keras's API for
// TensorFlow.js, which also registers the gradients) and trained by its model.fit on the wasm backend, one
// thread. The wasm backend lacks only Conv2DBackpropFilter for this training; tfjs-conv2d-backprop-filter.ts
// supplies it from the backend's own kernels and is checked against the definition before the clock starts.
import * as tf from '@tensorflow/tfjs-core';
import { getThreadsCount, setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import * as tfl from '@tensorflow/tfjs-layers';
import { BATCH, peakRssMb, type BenchData, type PeerResult } from './bench-data.ts';
import { checkConv2DBackpropFilter, registerConv2DBackpropFilter } from './tfjs-conv2d-backprop-filter.ts';

/**
 * Conv2D(32, 3, relu, same) → MaxPooling2D(2) → Conv2D(64, 3, relu, same) → MaxPooling2D(2) → Flatten →
 * Dense(100, relu) → Dropout(0.4) → Dense(10, softmax), with Keras's Glorot-uniform kernels (tfjs-layers's
 * default is Glorot-normal). Dropout gets no seed: tfjs-layers would then draw the same mask at every step.
 */
function buildCnn(): tfl.Sequential {
  const glorot = (seed: number) => tfl.initializers.glorotUniform({ seed });
  const model = tfl.sequential({
    layers: [
      tfl.layers.conv2d({
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        padding: 'same',
        inputShape: [28, 28, 1],
        kernelInitializer: glorot(1),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.conv2d({
        filters: 64,
        kernelSize: 3,
        activation: 'relu',
        padding: 'same',
        kernelInitializer: glorot(2),
      }),
      tfl.layers.maxPooling2d({ poolSize: 2 }),
      tfl.layers.flatten(),
      tfl.layers.dense({ units: 100, activation: 'relu', kernelInitializer: glorot(3) }),
      tfl.layers.dropout({ rate: 0.4 }),
      tfl.layers.dense({ units: 10, activation: 'softmax', kernelInitializer: glorot(5) }),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(0.001, 0.9, 0.999, 1e-7),
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
  });
  return model;
}

/** Share of `rows` validation rows whose most probable class is the label, predicted in batches of 32. */
function accuracy(model: tfl.Sequential, x: Float32Array, y: Int32Array, rows: number): number {
  let hits = 0;
  for (let start = 0; start < rows; start += BATCH) {
    const n = Math.min(BATCH, rows - start);
    const predicted = tf.tidy(() => {
      const images = tf.tensor4d(x.subarray(start * 784, (start + n) * 784), [n, 28, 28, 1]);
      return tf.argMax(model.predict(images) as tf.Tensor, 1).dataSync();
    });
    for (let i = 0; i < n; i++) if (predicted[i] === y[start + i]) hits++;
  }
  return hits / rows;
}

/** Trains the CNN for `epochs` epochs of `rows` rows (all when 0) with model.fit; validation accuracy at the end. */
export async function runTfjsCnn(data: BenchData, epochs: number, rows: number): Promise<PeerResult> {
  setThreadsCount(1);
  await tf.setBackend('wasm');
  await tf.ready();
  registerConv2DBackpropFilter();
  checkConv2DBackpropFilter();
  const model = buildCnn();
  const n = rows > 0 ? Math.min(rows, data.nTrain) : data.nTrain;
  const x = tf.tensor4d(data.xTrain.subarray(0, n * 784), [n, 28, 28, 1]);
  const y = tf.tensor1d(Float32Array.from(data.yTrain.subarray(0, n)));
  const epochSeconds: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t0 = performance.now();
    await model.fit(x, y, { epochs: epoch + 1, initialEpoch: epoch, batchSize: BATCH, shuffle: true, verbose: 0 });
    epochSeconds.push((performance.now() - t0) / 1000);
  }
  const valAccuracy = accuracy(model, data.xVal, data.yVal, data.nVal);
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) ? 'SIMD' : 'no SIMD';
  return {
    epochSeconds,
    valAccuracy,
    predictSeconds: 0,
    evaluateSeconds: 0,
    peakRssMb: peakRssMb(),
    version: `TensorFlow.js ${tf.version_core} wasm (${simd}, ${getThreadsCount()} thread), tfjs-layers ${tfl.version_layers}`,
  };
}
