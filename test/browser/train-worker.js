// A module Web Worker that imports the browser build and trains a small model off the page's thread.
import * as nb from './nabla.js';

try {
  const n = 120;
  const x = new Float32Array(n * 2);
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    y[i] = i % 2;
    x[i * 2] = y[i] === 1 ? 1 : -1;
    x[i * 2 + 1] = ((i * 37) % 17) / 17 - 0.5;
  }
  const model = new nb.Sequential([
    new nb.layers.Dense(2, {
      activation: 'softmax',
      inputShape: [2],
      kernelInitializer: { className: 'GlorotUniform', config: { seed: 3 } },
    }),
  ]);
  model.compile({ optimizer: new nb.optimizers.Adam({ learningRate: 0.05 }), loss: 'sparse_categorical_crossentropy' });
  const history = await model.fit(new nb.Tensor(x, [n, 2]), new nb.Tensor(y, [n]), {
    epochs: 5,
    verbose: 0,
    shuffle: false,
  });
  postMessage({ backend: nb.getBackend().name, loss: history.history.loss, inWorker: typeof document === 'undefined' });
} catch (error) {
  postMessage({ error: String(error?.stack || error) });
}
