// TensorFlow.js 4.22 (tfjs-core + the wasm backend) peer of bench/speed.ts: the same models written with
// tfjs ops. tfjs-core's node build registers no gradient functions (tfjs-layers brings them), so the
// backward pass is written out: the same matrix products an autodiff would run, without its bookkeeping.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { Generator } from '../../src/random/generator.ts';
import { BATCH, FEATURES, peakRssMb, type BenchData, type ModelSpec, type PeerResult } from './bench-data.ts';

type T2 = tf.Tensor2D;

interface Net {
  weights: tf.Variable[];
  /** Logits; with a dropout mask (training) it is applied after the hidden ReLU. */
  logits(x: T2, mask: T2 | null): T2;
  gradients(x: T2, y: T2, mask: T2 | null): { name: string; tensor: tf.Tensor }[];
}

function glorot(g: Generator, rows: number, cols: number): tf.Variable {
  const limit = Math.sqrt(6 / (rows + cols));
  return tf.variable(
    tf.tensor2d(
      Float32Array.from({ length: rows * cols }, () => (2 * g.uniform() - 1) * limit),
      [rows, cols],
    ),
  );
}

function buildNet(spec: ModelSpec, g: Generator): Net {
  const hidden = spec.hidden;
  const weights =
    hidden !== null
      ? [
          glorot(g, FEATURES, hidden),
          tf.variable(tf.zeros([hidden])),
          glorot(g, hidden, 10),
          tf.variable(tf.zeros([10])),
        ]
      : [glorot(g, FEATURES, 10), tf.variable(tf.zeros([10]))];
  const named = (grads: tf.Tensor[]) => grads.map((tensor, i) => ({ name: weights[i].name, tensor }));
  const dense = (x: T2, w: tf.Variable, b: tf.Variable): T2 => tf.add(tf.matMul(x, w as tf.Tensor as T2), b);
  if (hidden === null) {
    return {
      weights,
      logits: (x) => dense(x, weights[0], weights[1]),
      gradients: (x, y) => {
        const dz = tf.div(tf.sub(tf.softmax(dense(x, weights[0], weights[1])), y), x.shape[0]) as T2;
        return named([tf.matMul(x, dz, true, false), tf.sum(dz, 0)]);
      },
    };
  }
  const hiddenOut = (x: T2, mask: T2 | null): [T2, T2] => {
    const z1 = dense(x, weights[0], weights[1]);
    const h = tf.relu(z1);
    return [z1, mask === null ? h : tf.mul(h, mask)];
  };
  return {
    weights,
    logits: (x, mask) => dense(hiddenOut(x, mask)[1], weights[2], weights[3]),
    gradients: (x, y, mask) => {
      const [z1, h] = hiddenOut(x, mask);
      const dz2 = tf.div(tf.sub(tf.softmax(dense(h, weights[2], weights[3])), y), x.shape[0]) as T2;
      let dh = tf.matMul(dz2, weights[2] as tf.Tensor as T2, false, true);
      if (mask !== null) dh = tf.mul(dh, mask);
      const dz1 = tf.mul(dh, tf.step(z1)) as T2;
      return named([tf.matMul(x, dz1, true, false), tf.sum(dz1, 0), tf.matMul(h, dz2, true, false), tf.sum(dz2, 0)]);
    },
  };
}

/** Mean sparse categorical cross-entropy and accuracy over `rows` rows, batch 32 (Keras's evaluate). */
function evaluate(net: Net, x: Float32Array, y: Int32Array, rows: number): [number, number] {
  let loss = 0;
  let hits = 0;
  for (let start = 0; start < rows; start += BATCH) {
    const n = Math.min(BATCH, rows - start);
    const [batchLoss, predicted] = tf.tidy(() => {
      const logits = net.logits(tf.tensor2d(x.subarray(start * FEATURES, (start + n) * FEATURES), [n, FEATURES]), null);
      const labels = tf.oneHot(tf.tensor1d(y.subarray(start, start + n), 'int32'), 10);
      const perRow = tf.neg(tf.sum(tf.mul(labels, tf.logSoftmax(logits)), 1));
      return [tf.sum(perRow).dataSync()[0], tf.argMax(logits, 1).dataSync()];
    });
    loss += batchLoss;
    for (let i = 0; i < n; i++) if (predicted[i] === y[start + i]) hits++;
  }
  return [loss / rows, hits / rows];
}

/** Trains `spec` for `epochs` epochs (`stepsPerEpoch` steps each, scaled to a full epoch when fewer). */
export async function runTfjsMlp(
  spec: ModelSpec,
  data: BenchData,
  epochs: number,
  stepsLimit = Infinity,
): Promise<PeerResult> {
  await tf.setBackend('wasm');
  await tf.ready();
  const g = new Generator(1);
  const net = buildNet(spec, g);
  const optimizer =
    spec.optimizer === 'adam' ? tf.train.adam(0.001, 0.9, 0.999, 1e-7) : tf.train.rmsprop(0.001, 0.9, 0, 1e-7);
  const stepsPerEpoch = Math.ceil(data.nTrain / BATCH);
  const steps = Math.min(stepsPerEpoch, stepsLimit);
  const keep = spec.dropout === null ? 1 : 1 - spec.dropout;
  const epochSeconds: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t0 = performance.now();
    const order = g.permutation(data.nTrain);
    for (let s = 0; s < steps; s++) {
      const rows = Math.min(BATCH, data.nTrain - s * BATCH);
      const xb = new Float32Array(rows * FEATURES);
      const yb = new Int32Array(rows);
      for (let i = 0; i < rows; i++) {
        const r = order[s * BATCH + i];
        xb.set(data.xTrain.subarray(r * FEATURES, (r + 1) * FEATURES), i * FEATURES);
        yb[i] = data.yTrain[r];
      }
      tf.tidy(() => {
        const mask =
          spec.dropout === null || spec.hidden === null
            ? null
            : (tf.div(
                tf.step(
                  tf.sub(
                    tf.randomUniform([rows, spec.hidden], 0, 1, 'float32', epoch * stepsPerEpoch + s),
                    spec.dropout,
                  ),
                ),
                keep,
              ) as T2);
        const y = tf.oneHot(tf.tensor1d(yb, 'int32'), 10) as T2;
        optimizer.applyGradients(net.gradients(tf.tensor2d(xb, [rows, FEATURES]), y, mask));
      });
    }
    if (spec.validateEachEpoch) evaluate(net, data.xVal, data.yVal, data.nVal);
    epochSeconds.push(((performance.now() - t0) / 1000) * (stepsPerEpoch / steps));
  }
  const [, valAccuracy] = evaluate(net, data.xVal, data.yVal, data.nVal);
  let t0 = performance.now();
  for (let start = 0; start < data.nTest; start += BATCH) {
    const n = Math.min(BATCH, data.nTest - start);
    tf.tidy(() =>
      tf
        .softmax(
          net.logits(tf.tensor2d(data.xTest.subarray(start * FEATURES, (start + n) * FEATURES), [n, FEATURES]), null),
        )
        .dataSync(),
    );
  }
  const predictSeconds = (performance.now() - t0) / 1000;
  t0 = performance.now();
  evaluate(net, data.xTest, data.yTest, data.nTest);
  const evaluateSeconds = (performance.now() - t0) / 1000;
  return {
    epochSeconds,
    valAccuracy,
    predictSeconds,
    evaluateSeconds,
    peakRssMb: peakRssMb(),
    version: `TensorFlow.js ${tf.version_core} wasm`,
  };
}
