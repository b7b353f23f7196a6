// The live demo: loads the Fashion-MNIST subset shipped beside this page, trains the 784-100-10 network with
// nabla's browser build, and redraws the curves and the sample predictions as it goes. window.demo says how far
// it got (the browser test reads it).
import * as nb from './nabla.js';
import { drawChart } from './chart.js';

const CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
const EPOCHS = 10;
const BATCH_SIZE = 32;
const SAMPLES = 16;
const REDRAW_EVERY = 10; // batches

const status = document.getElementById('status');
const demo = {
  backend: null,
  epochsDone: 0,
  history: { loss: [], accuracy: [], val_loss: [], val_accuracy: [] },
  done: false,
  error: null,
};
window.demo = demo;

/** Reads the subset (make-data.ts wrote it): gzip → header, labels, then 28×28 images of bytes. */
async function loadSubset(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const bytes = new Uint8Array(
    await new Response(response.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer(),
  );
  const view = new DataView(bytes.buffer);
  if (String.fromCharCode(...bytes.subarray(0, 4)) !== 'NBFM') throw new Error(`${url}: not a Fashion-MNIST subset`);
  const trainCount = view.getUint32(4, true);
  const testCount = view.getUint32(8, true);
  let at = 12;
  const take = (n) => bytes.subarray(at, (at += n));
  const trainLabels = take(trainCount);
  const testLabels = take(testCount);
  const trainImages = take(trainCount * 784);
  const testImages = take(testCount * 784);
  return { trainCount, testCount, trainLabels, testLabels, trainImages, testImages };
}

function scaled(pixels, count) {
  return new nb.Tensor(
    Float32Array.from(pixels, (p) => p / 255),
    [count, 28, 28],
  );
}

function drawSamples(images, labels, predicted) {
  const grid = document.getElementById('samples');
  if (grid.children.length === 0) {
    for (let i = 0; i < SAMPLES; i++) {
      const figure = document.createElement('figure');
      const canvas = document.createElement('canvas');
      canvas.width = 28;
      canvas.height = 28;
      const picture = canvas.getContext('2d').createImageData(28, 28);
      for (let p = 0; p < 784; p++) {
        const v = 255 - images[i * 784 + p];
        picture.data.set([v, v, v, 255], p * 4);
      }
      canvas.getContext('2d').putImageData(picture, 0, 0);
      const caption = document.createElement('figcaption');
      figure.append(canvas, caption);
      grid.append(figure);
    }
  }
  for (let i = 0; i < SAMPLES; i++) {
    const caption = grid.children[i].querySelector('figcaption');
    const guess = predicted?.[i];
    caption.className = guess === undefined ? '' : guess === labels[i] ? 'right' : 'wrong';
    caption.textContent =
      guess === undefined
        ? CLASS_NAMES[labels[i]]
        : `${CLASS_NAMES[guess]}${guess === labels[i] ? '' : ` (${CLASS_NAMES[labels[i]]})`}`;
  }
}

function redraw(batchPoints) {
  const h = demo.history;
  const epochPoints = (values) => values.map((v, i) => [i + 1, v]);
  drawChart(
    document.getElementById('loss-chart'),
    [
      { label: 'train', color: '#1f77b4', points: batchPoints.loss },
      { label: 'test', color: '#ff7f0e', points: epochPoints(h.val_loss) },
    ],
    { xMax: EPOCHS },
  );
  drawChart(
    document.getElementById('accuracy-chart'),
    [
      { label: 'train', color: '#1f77b4', points: batchPoints.accuracy },
      { label: 'test', color: '#ff7f0e', points: epochPoints(h.val_accuracy) },
    ],
    { xMax: EPOCHS, yRange: [0, 1] },
  );
}

async function predictSamples(model, sampleImages) {
  const probabilities = await model.predict(sampleImages, { verbose: 0 });
  return Array.from(probabilities.argMax(1).data);
}

async function train(data) {
  const x = scaled(data.trainImages, data.trainCount);
  const y = new nb.Tensor(Int32Array.from(data.trainLabels), [data.trainCount]);
  const xTest = scaled(data.testImages, data.testCount);
  const yTest = new nb.Tensor(Int32Array.from(data.testLabels), [data.testCount]);
  const sampleImages = xTest.slice(0, SAMPLES);
  const model = new nb.Sequential([
    new nb.layers.Flatten({ inputShape: [28, 28] }),
    new nb.layers.Dense(100, {
      activation: 'relu',
      kernelInitializer: { className: 'GlorotUniform', config: { seed: 42 } },
    }),
    new nb.layers.Dense(10, {
      activation: 'softmax',
      kernelInitializer: { className: 'GlorotUniform', config: { seed: 43 } },
    }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  demo.history = { loss: [], accuracy: [], val_loss: [], val_accuracy: [] };
  demo.epochsDone = 0;
  const steps = Math.ceil(data.trainCount / BATCH_SIZE);
  const batchPoints = { loss: [], accuracy: [] };
  let epoch = 0;
  const started = performance.now();
  const progress = new nb.callbacks.LambdaCallback({
    onEpochBegin: (e) => {
      epoch = e;
    },
    onBatchEnd: async (step, logs) => {
      batchPoints.loss.push([epoch + (step + 1) / steps, logs.loss]);
      batchPoints.accuracy.push([epoch + (step + 1) / steps, logs.accuracy]);
      if ((step + 1) % REDRAW_EVERY === 0) {
        status.textContent = `epoch ${epoch + 1}/${EPOCHS}, batch ${step + 1}/${steps}: loss ${logs.loss.toFixed(4)}, accuracy ${logs.accuracy.toFixed(4)}`;
        redraw(batchPoints);
        await new Promise((resolve) => setTimeout(resolve, 0)); // let the page paint
      }
    },
    onEpochEnd: async (e, logs) => {
      for (const key of Object.keys(demo.history)) demo.history[key].push(logs[key]);
      demo.epochsDone = e + 1;
      drawSamples(data.testImages, data.testLabels, await predictSamples(model, sampleImages));
      redraw(batchPoints);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      status.textContent =
        `epoch ${e + 1}/${EPOCHS} (${seconds} s, backend ${demo.backend}): loss ${logs.loss.toFixed(4)}, ` +
        `accuracy ${logs.accuracy.toFixed(4)}, test accuracy ${logs.val_accuracy.toFixed(4)}`;
    },
  });
  await model.fit(x, y, {
    epochs: EPOCHS,
    batchSize: BATCH_SIZE,
    validationData: [xTest, yTest],
    callbacks: [progress],
    verbose: 0,
    seed: 1,
  });
}

async function main() {
  const restart = document.getElementById('restart');
  try {
    demo.backend = nb.getBackend().name;
    const data = await loadSubset(new URL('./fashion-mnist-subset.bin.gz', import.meta.url));
    drawSamples(data.testImages, data.testLabels, undefined);
    restart.onclick = async () => {
      restart.disabled = true;
      await train(data);
      restart.disabled = false;
    };
    await train(data);
    demo.done = true;
    restart.disabled = false;
  } catch (error) {
    demo.error = String(error?.stack ?? error);
    status.textContent = `failed: ${error?.message ?? error}`;
  }
}

main();
