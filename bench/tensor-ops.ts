// Eager tensor ops and autograd against TensorFlow.js (cpu and wasm backends) and a hand-written typed-array
// loop, same process, best of a few rounds. `npm run bench -- tensor-ops`.
//
// On a freshly booted VM, writing to never-touched memory costs far more than the arithmetic (page faults:
// ~1 s for the 188 MB result of x.div(255) here). The "first touch" row measures that floor alone
// (new Float32Array(n).fill(1)) so that the op rows can be read against it; nabla and the hand-written loop
// alternate round by round so that they meet the same memory conditions.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { valueAndGrad } from '../src/autograd/index.ts';
import { Generator } from '../src/random/generator.ts';
import * as nb from '../src/tensor/index.ts';

const ROUNDS = 4;
/** Rounds for the sub-millisecond rows. */
const SMALL_ROUNDS = 40;
const quick = process.argv.includes('--quick');
const IMAGES = quick ? 10000 : 60000;

function best(run: () => unknown, rounds = ROUNDS): number {
  let fastest = Infinity;
  for (let r = 0; r < rounds; r++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

function handDivide(images: Uint8Array): Float32Array {
  const out = new Float32Array(images.length);
  for (let i = 0; i < images.length; i++) out[i] = images[i] / 255;
  return out;
}

interface Row {
  label: string;
  nabla: number;
  peers: Record<string, number>;
}

async function tfTime(backend: string, run: () => tf.Tensor | tf.Tensor[] | number, rounds: number): Promise<number> {
  await tf.setBackend(backend);
  await tf.ready();
  return best(() => {
    const result = run();
    // Read the result back so that asynchronous backends finish the work inside the timing.
    if (result instanceof tf.Tensor) {
      result.dataSync();
      result.dispose();
    } else if (Array.isArray(result)) {
      result.forEach((t) => {
        t.dataSync();
        t.dispose();
      });
    }
  }, rounds);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
  const g = new Generator(1);
  const pixels = new Uint8Array(IMAGES * 784).map(() => g.integer(256));
  const images = new nb.Tensor(pixels, [IMAGES, 28, 28]);
  const x = images.div(255).reshape([-1, 784]);
  const bias = nb.tensor(Float32Array.from({ length: 784 }, () => g.uniform()));
  const labels = new nb.Tensor(
    new Uint8Array(IMAGES).map(() => g.integer(10)),
    [IMAGES],
  );
  const logits = new nb.Tensor(
    Float32Array.from({ length: 10000 * 10 }, () => g.normal()),
    [10000, 10],
  );

  const tfImages = tf.tensor(Int32Array.from(pixels), [IMAGES, 28, 28], 'int32');
  const tfX = tf.tensor(x.data as Float32Array, [IMAGES, 784]);
  const tfBias = tf.tensor(bias.data as Float32Array, [784]);
  const tfLogits = tf.tensor(logits.data as Float32Array, [10000, 10]);

  // A small MLP loss for the autograd rows: 32×784 → 100 relu → 10 softmax, cross-entropy.
  const batch = x.slice(0, 32);
  const w1 = nb.tensor(
    Float32Array.from({ length: 784 * 100 }, () => g.normal() * 0.05),
    [784, 100],
  );
  const b1 = nb.zeros([100]);
  const w2 = nb.tensor(
    Float32Array.from({ length: 100 * 10 }, () => g.normal() * 0.1),
    [100, 10],
  );
  const b2 = nb.zeros([10]);
  const onehot = nb.tensor(
    Float32Array.from({ length: 320 }, (_, i) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0)),
    [32, 10],
  );
  const loss = (w1: nb.Tensor, b1: nb.Tensor, w2: nb.Tensor, b2: nb.Tensor): nb.Tensor => {
    const h = nb.relu(nb.biasAdd(batch.matmul(w1), b1));
    const p = nb.softmax(nb.biasAdd(h.matmul(w2), b2));
    return nb.neg(nb.mean(nb.sum(nb.mul(onehot, nb.log(p)), 1)));
  };
  const tfBatch = tf.tensor(batch.data as Float32Array, [32, 784]);
  const tfOnehot = tf.tensor(onehot.data as Float32Array, [32, 10]);
  const tfLoss = (w1: tf.Tensor, b1: tf.Tensor, w2: tf.Tensor, b2: tf.Tensor): tf.Tensor => {
    const h = tf.relu(tf.add(tf.matMul(tfBatch, w1 as tf.Tensor2D), b1));
    const p = tf.softmax(tf.add(tf.matMul(h as tf.Tensor2D, w2 as tf.Tensor2D), b2));
    return tf.neg(tf.mean(tf.sum(tf.mul(tfOnehot, tf.log(p)), 1)));
  };
  const tfParams = [w1, b1, w2, b2].map((t) => tf.tensor(t.data as Float32Array, [...t.shape]));
  const nbGrads = valueAndGrad(loss);

  const rows: Row[] = [];
  const failures: string[] = [];
  const add = async (
    label: string,
    nabla: () => unknown,
    tfRun: (() => tf.Tensor | tf.Tensor[]) | null,
    hand?: () => unknown,
    rounds = ROUNDS,
  ) => {
    const peers: Record<string, number> = {};
    // nabla and the hand loop alternate within each round, so that both meet the same memory conditions.
    let nablaBest = Infinity;
    let handBest = Infinity;
    for (let r = 0; r < rounds; r++) {
      nablaBest = Math.min(nablaBest, best(nabla, 1));
      if (hand) handBest = Math.min(handBest, best(hand, 1));
    }
    if (hand) peers.hand = handBest;
    if (tfRun) {
      for (const backend of ['cpu', 'wasm']) {
        try {
          peers[`tfjs-${backend}`] = await tfTime(backend, tfRun, rounds);
        } catch (error) {
          failures.push(`${label} on tfjs-${backend}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
    }
    rows.push({ label, nabla: nablaBest, peers });
  };

  await add(
    'MLP loss forward (32×784→100→10)',
    () => loss(w1, b1, w2, b2),
    () => tfLoss(tfParams[0], tfParams[1], tfParams[2], tfParams[3]),
    undefined,
    SMALL_ROUNDS,
  );
  // tfjs-core alone registers no gradients (the full tfjs package does), so the peer here is nabla's own forward.
  await add('MLP loss value and 4 gradients', () => nbGrads(w1, b1, w2, b2), null, undefined, SMALL_ROUNDS);
  await add(`first touch: new Float32Array(${IMAGES}·784).fill(1)`, () => new Float32Array(IMAGES * 784).fill(1), null);
  await add(
    `uint8 (${IMAGES},28,28).div(255).reshape([-1,784])`,
    () => images.div(255).reshape([-1, 784]),
    () => tf.reshape(tf.div(tfImages, 255), [-1, 784]),
    () => handDivide(pixels),
  );
  await add(
    `(${IMAGES},784) + bias (784,)`,
    () => x.add(bias),
    () => tf.add(tfX, tfBias),
  );
  await add(
    `(${IMAGES},784).sum(0)`,
    () => x.sum(0),
    () => tf.sum(tfX, 0),
  );
  await add(
    `(${IMAGES},784).mean()`,
    () => x.mean(),
    () => tf.mean(tfX),
  );
  await add(
    '(10000,10).argMax(1)',
    () => logits.argMax(1),
    () => tf.argMax(tfLogits, 1),
    undefined,
    SMALL_ROUNDS,
  );
  await add(
    `unique(${IMAGES} uint8 labels, counts)`,
    () => nb.unique(labels, { returnCounts: true }),
    null,
    undefined,
    SMALL_ROUNDS,
  );
  const forward = rows[0].nabla;
  const both = rows[1].nabla;

  const peerNames = ['hand', 'tfjs-cpu', 'tfjs-wasm'];
  console.log(
    `| op (best of ${ROUNDS}, small ones of ${SMALL_ROUNDS}; ms) | nabla | ${peerNames.map((p) => `${p} | ${p}/nabla`).join(' | ')} |`,
  );
  console.log(`|---|---|${peerNames.map(() => '---|---').join('|')}|`);
  for (const row of rows) {
    const cells = peerNames.map((p) =>
      row.peers[p] === undefined ? '– | –' : `${row.peers[p].toFixed(2)} | ${(row.peers[p] / row.nabla).toFixed(2)}×`,
    );
    console.log(`| ${row.label} | ${row.nabla.toFixed(2)} | ${cells.join(' | ')} |`);
  }
  console.log(`\nautograd: value and gradients take ${(both / forward).toFixed(2)}× the forward pass alone.`);
  for (const failure of failures) console.log(`\npeer failed: ${failure}`);
  console.log(
    "\nratio > 1: nabla is faster. nabla's matmul runs on the selected backend (" +
      (await import('../src/backend/index.ts')).getBackend().name +
      ').',
  );
}

await main();
