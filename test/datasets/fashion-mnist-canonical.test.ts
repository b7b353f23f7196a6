// Checks on the real canonical Fashion-MNIST files, when a folder holding them is at hand; skipped otherwise.
// The folder: $NABLA_FASHION_MNIST_DIR, else the default cache folder (~/.cache/nabla/datasets/fashion-mnist).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datasetCacheFolder } from '../../src/datasets/cache-dir.ts';
import { findCanonicalFiles, missingFiles } from '../../src/datasets/canonical-files.ts';
import { fashionMnist, FASHION_MNIST_SPEC } from '../../src/datasets/fashion-mnist.ts';
import { IDX_LABELS_MAGIC, readIdxFile } from '../../src/datasets/idx.ts';

const folder = process.env.NABLA_FASHION_MNIST_DIR || datasetCacheFolder('fashion-mnist');
const found = findCanonicalFiles(folder, FASHION_MNIST_SPEC.files);
const skipLabels = found.trainLabels === undefined ? `no train-labels-idx1-ubyte(.gz) in ${folder}` : false;
const incomplete = missingFiles(found, FASHION_MNIST_SPEC.files).length > 0;
const skipAll = incomplete ? `the four canonical files are not all in ${folder}` : false;

test('canonical train labels begin 9, 0, 0, 3, 0, 2, 7, 2, 5, 5, and every class has 6,000', {
  skip: skipLabels,
}, async () => {
  const labels = await readIdxFile(found.trainLabels as string, IDX_LABELS_MAGIC);
  assert.deepEqual(labels.shape, [60000]);
  assert.deepEqual(Array.from(labels.data.subarray(0, 10)), [9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
  const counts = new Array<number>(10).fill(0);
  for (const label of labels.data) counts[label]++;
  assert.deepEqual(counts, new Array(10).fill(6000));
});

test('loadData({ path }) on the canonical files: Keras shapes, canonical source', { skip: skipAll }, async () => {
  const data = await fashionMnist.loadData({ path: folder });
  const [[trainImages, trainLabels], [testImages, testLabels]] = data;
  assert.deepEqual(trainImages.shape, [60000, 28, 28]);
  assert.deepEqual(trainLabels.shape, [60000]);
  assert.deepEqual(testImages.shape, [10000, 28, 28]);
  assert.deepEqual(testLabels.shape, [10000]);
  assert.equal(data.source.kind, 'path');
  assert.equal(data.source.canonical, true);
});
