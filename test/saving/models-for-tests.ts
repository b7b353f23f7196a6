// Small models mirroring the Keras fixtures' architectures, and data to train them on.
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/** Flatten → Dense(128, relu) → Dropout(0.2) → Dense(10, softmax) on 28×28 inputs (the tf.keras 2.12 fixture). */
export function fashionMlp(): Sequential {
  return new Sequential([
    new Flatten({ inputShape: [28, 28] }),
    new Dense(128, { activation: 'relu', seed: 1 }),
    new Dropout(0.2),
    new Dense(10, { activation: 'softmax', seed: 2 }),
  ]);
}

/** Flatten → Dense(128) → Dropout → Dense(32) → Dropout → Dense(10, softmax) (the Keras 3.10 fixture). */
export function keras3Mlp(): Sequential {
  return new Sequential([
    new Flatten({ inputShape: [28, 28] }),
    new Dense(128, { activation: 'relu', seed: 3 }),
    new Dropout(0.2),
    new Dense(32, { activation: 'relu', seed: 4 }),
    new Dropout(0.2),
    new Dense(10, { activation: 'softmax', seed: 5 }),
  ]);
}

/** A dropout-free MLP whose training is a deterministic function of its starting weights. */
export function smallMlp(seed = 7): Sequential {
  return new Sequential([
    new Dense(16, { activation: 'relu', inputShape: [12], seed }),
    new Dense(3, { activation: 'softmax', seed: seed + 1 }),
  ]);
}

/** Seeded inputs of a given sample shape and integer labels in [0, classes). */
export function randomData(rows: number, sampleShape: number[], classes: number, seed = 0): { x: Tensor; y: Tensor } {
  const rng = new Generator(seed);
  const size = sampleShape.reduce((a, b) => a * b, 1);
  const x = new Tensor(
    Float32Array.from({ length: rows * size }, () => rng.nextUint32() / 2 ** 32),
    [rows, ...sampleShape],
  );
  const y = new Tensor(
    Int32Array.from({ length: rows }, () => rng.nextUint32() % classes),
    [rows],
  );
  return { x, y };
}

/** Every weight value of a model, concatenated. */
export function allWeights(model: Sequential): Float32Array {
  const parts = model.getWeights().map((w) => w.data as Float32Array);
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  return out;
}
