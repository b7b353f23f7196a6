// Bad input gives errors that say what was expected and what to do (issue 3 "Bad input").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blobs } from './fixtures-data.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { ShapeError, ValueError } from '../../src/errors.ts';

function model(): Sequential {
  const m = new Sequential([
    new Dense(4, { activation: 'relu', inputShape: [784] }),
    new Dense(10, { activation: 'softmax' }),
  ]);
  m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  return m;
}

const images = new Tensor(new Float32Array(3 * 28 * 28), [3, 28, 28]);
const labels = new Tensor(Int32Array.from([1, 2, 3]), [3]);

test('input shape mismatch names both shapes and suggests Flatten or a reshape', async () => {
  await assert.rejects(
    model().fit(images, labels, { verbose: 0 }),
    (e: Error) =>
      e instanceof ShapeError &&
      /expects input shape \(None, 784\), got \(3, 28, 28\)/.test(e.message) &&
      /Flatten|reshape/.test(e.message),
  );
  const wrongSize = new Tensor(new Float32Array(3 * 10), [3, 10]);
  await assert.rejects(model().predict(wrongSize, { verbose: 0 }), /expects input shape \(None, 784\), got \(3, 10\)/);
  const flat = new Sequential([new Flatten({ inputShape: [28, 28] }), new Dense(10, { activation: 'softmax' })]);
  await assert.rejects(
    flat.predict(new Tensor(new Float32Array(3 * 784), [3, 784]), { verbose: 0 }),
    /reshape x to \(3, 28, 28\)/,
  );
});

test('labels outside [0, units) for sparse losses', async () => {
  const x = new Tensor(new Float32Array(3 * 784), [3, 784]);
  await assert.rejects(
    model().fit(x, new Tensor(Int32Array.from([0, 10, 2]), [3]), { verbose: 0 }),
    (e: Error) => e instanceof ValueError && /label 10 at sample 1 is outside \[0, 10\)/.test(e.message),
  );
  await assert.rejects(model().evaluate(x, [0, 1.5, 2], { verbose: 0 }), /label 1.5/);
  await assert.rejects(model().fit(x, [0, -1, 2], { verbose: 0 }), /label -1/);
});

test('x and y lengths differ; empty data; NaN and Inf inputs', async () => {
  const x = new Tensor(new Float32Array(3 * 784), [3, 784]);
  await assert.rejects(model().fit(x, [1, 2], { verbose: 0 }), /different numbers of samples: x has 3, y has 2/);
  await assert.rejects(
    model().fit(new Tensor(new Float32Array(0), [0, 784]), new Tensor(new Int32Array(0), [0]), { verbose: 0 }),
    /x is empty/,
  );
  const bad = new Float32Array(3 * 784);
  bad[784 + 5] = NaN;
  await assert.rejects(model().fit(new Tensor(bad, [3, 784]), labels, { verbose: 0 }), /NaN at sample 1/);
  bad[784 + 5] = Infinity;
  await assert.rejects(model().predict(new Tensor(bad, [3, 784]), { verbose: 0 }), /Infinity at sample 1/);
});

test('fit or evaluate before compile; unknown ids list the valid ones; batchSize < 1', async () => {
  const { x, y } = blobs(4, 784, 2);
  const uncompiled = new Sequential([new Dense(2, { inputShape: [784] })]);
  await assert.rejects(uncompiled.fit(x, y, { verbose: 0 }), /compile\(.*\) before fit/);
  await assert.rejects(uncompiled.evaluate(x, y, { verbose: 0 }), /before evaluate/);
  // Ids nabla does not know fail type-checking too; plain JavaScript gets these errors.
  assert.throws(
    () => uncompiled.compile({ optimizer: 'adafactor' as never, loss: 'mse' }),
    /unknown optimizer 'adafactor'.*'sgd', 'adam', 'rmsprop', 'adagrad'/,
  );
  assert.throws(
    () => uncompiled.compile({ loss: 'hingee' as never }),
    /unknown loss 'hingee'.*'sparse_categorical_crossentropy'/,
  );
  assert.throws(
    () => uncompiled.compile({ loss: 'mse', metrics: ['aucc' as never] }),
    /unknown metric 'aucc'.*'accuracy'/,
  );
  await assert.rejects(model().fit(x, y, { batchSize: 0, verbose: 0 }), /batchSize must be an integer >= 1, got 0/);
  await assert.rejects(model().fit(x, y, { verbose: 3 as 1 }), /verbose must be 0, 1, 2 or 'auto'/);
});

test('targets that do not fit the loss', async () => {
  const m = new Sequential([new Dense(3, { activation: 'softmax', inputShape: [2] })]);
  m.compile({ loss: 'categorical_crossentropy' });
  await assert.rejects(
    m.fit([[1, 2]], [1], { verbose: 0 }),
    /expects targets of shape \(n, 3\).*sparse_categorical_crossentropy/,
  );
  m.compile({ loss: 'sparse_categorical_crossentropy' });
  await assert.rejects(
    m.fit([[1, 2]], [[0, 1, 0]], { verbose: 0 }),
    /integer labels of shape \(n,\).*categorical_crossentropy/,
  );
  await assert.rejects(m.fit([[1, 2], [3]], [1, 2], { verbose: 0 }), /ragged/);
});

test('a metric that does not fit the targets says which one would', async () => {
  const m = new Sequential([new Dense(3, { activation: 'softmax', inputShape: [2] })]);
  m.compile({ loss: 'categorical_crossentropy', metrics: ['sparse_categorical_accuracy'] });
  await assert.rejects(
    m.evaluate([[1, 2]], [[0, 1, 0]], { verbose: 0 }),
    /'sparse_categorical_accuracy' needs integer labels.*use 'categorical_accuracy' or 'accuracy'/,
  );
});
