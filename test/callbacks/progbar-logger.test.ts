import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Progbar, ProgbarLogger, formatExponent } from '../../src/callbacks/progbar-logger.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

class Capture {
  text = '';
  constructor(readonly isTTY: boolean) {}
  write(s: string): boolean {
    this.text += s;
    return true;
  }
}

test('finished bar: tf.keras layout, counts padded to the target width', () => {
  const out = new Capture(false);
  const bar = new Progbar(1200, 1, out);
  bar.update(1200, { loss: 0.63257, accuracy: 0.78531 }, true);
  assert.match(
    out.text,
    /^1200\/1200 \[==============================\] - \d+s \d+(us|ms)\/step - loss: 0\.6326 - accuracy: 0\.7853\n$/,
  );
});

test('off a terminal, verbose 1 prints only the finished line (no carriage returns)', () => {
  const out = new Capture(false);
  const bar = new Progbar(10, 1, out);
  for (let i = 1; i < 10; i++) bar.update(i, { loss: 1 }, false);
  assert.equal(out.text, '');
  bar.update(10, { loss: 1 }, true);
  assert.equal(out.text.split('\n').length, 2);
  assert.ok(!out.text.includes('\r'));
});

test('on a terminal the bar is redrawn in place with an ETA and a partial arrow', () => {
  const out = new Capture(true);
  const bar = new Progbar(3, 1, out);
  bar.update(1, { loss: 2 }, false);
  assert.match(out.text, /^\r1\/3 \[=========>\.{20}\] - ETA: \d+s - loss: 2\.0000$/);
  bar.update(3, { loss: 1.5 }, true);
  assert.match(out.text, /\r3\/3 \[={30}\] - \d+s .*\/step - loss: 1\.5000 *\n$/);
});

test('verbose 2 prints one line per epoch with time per epoch and per step; small values in exponent form', () => {
  const out = new Capture(true);
  const bar = new Progbar(50, 2, out);
  bar.update(25, { loss: 1 }, false);
  assert.equal(out.text, '');
  bar.update(50, { loss: 0.00012345 }, true);
  assert.match(out.text, /^50\/50 - \d+s - loss: 1\.2345e-04 - \d+(s|ms|us)\/epoch - \d+(s|ms|us)\/step\n$/);
  assert.equal(formatExponent(-0.000012345), '-1.2345e-05');
});

test('fit with verbose 1 off a terminal: "Epoch i/n" then one line per epoch with val_ values', async () => {
  const out = new Capture(false);
  // Seeded: the values printed are the same in every run. A value of exactly 0 would print as 0.0000e+00,
  // as Keras prints it, so the pattern takes either form.
  const model = new Sequential([new Dense(2, { activation: 'softmax', inputShape: [2], seed: 3 })]);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const x = new Tensor(Float32Array.from([0, 1, 1, 0, 1, 1]), [3, 2]);
  const y = new Tensor(Int32Array.from([0, 1, 1]), [3]);
  await model.fit(x, y, {
    epochs: 2,
    batchSize: 2,
    verbose: 0,
    seed: 5,
    callbacks: [new ProgbarLogger({ stream: out })],
    validationData: [x, y],
  });
  const lines = out.text.trimEnd().split('\n');
  assert.equal(lines.length, 4);
  assert.equal(lines[0], 'Epoch 1/2');
  const value = String.raw`\d\.\d{4}(e[+-]\d\d)?`;
  const line = String.raw`^2/2 \[={30}\] - \d+s \S+/step - loss: V - accuracy: V - val_loss: V - val_accuracy: V$`;
  assert.match(lines[1], new RegExp(line.replaceAll('V', value)));
  assert.equal(lines[2], 'Epoch 2/2');
});

test('evaluate with a ProgbarLogger prints its own bar', async () => {
  const out = new Capture(false);
  const model = new Sequential([new Dense(2, { activation: 'softmax', inputShape: [2] })]);
  model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  await model.evaluate(
    [
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    [0, 1, 1],
    { batchSize: 1, verbose: 0, callbacks: [new ProgbarLogger({ stream: out })] },
  );
  assert.match(out.text, /^3\/3 \[={30}\] - \d+s \S+\/step - loss: \d\.\d{4}\n$/);
});
