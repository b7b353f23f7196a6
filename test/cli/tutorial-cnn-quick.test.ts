// `nabla tutorial cnn --quick` end to end in a temporary folder: the files exist and parse, results.json agrees
// with itself, the checkpoint reloads, and the pictures have the shapes of the layers they show.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseXml } from '../plot/parse-svg.ts';
import { channelsFirst, filtersOf } from '../../src/cli/tutorial/cnn/cnn-shared.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

let out = '';
let stdout = '';
// biome-ignore lint/suspicious/noExplicitAny: results.json as the report writes it; each field is checked below
let results: any;

before(() => {
  out = mkdtempSync(join(tmpdir(), 'nabla-tutorial-cnn-'));
  const run = spawnSync(process.execPath, ['bin/nabla.js', 'tutorial', 'cnn', '--quick', '--out', out], {
    encoding: 'utf8',
    timeout: 300_000,
  });
  stdout = run.stdout;
  assert.equal(run.status, 0, `nabla tutorial cnn --quick failed:\n${run.stderr.slice(-3000)}`);
  results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
});

after(() => rmSync(out, { recursive: true, force: true }));

test('the console shows one line per epoch and says where the report is', () => {
  assert.match(stdout, /Epoch 1\/3/);
  assert.match(stdout, /val_accuracy: \d\.\d{4}/);
  assert.ok(stdout.includes(`Report:  ${join(out, 'report.html')}`));
});

test('every listed file exists; SVGs parse; the checkpoint is a .keras file', () => {
  const files: string[] = results.run.files;
  for (const name of [
    'best-cnn-model.keras',
    'cnn-filters.svg',
    'cnn-feature-maps-1.svg',
    'cnn-feature-maps-2.svg',
    'single-convolution.svg',
    'cnn-architecture.svg',
    'cnn-architecture.png',
  ]) {
    assert.ok(files.includes(name), `results.run.files lists ${name}`);
  }
  for (const name of [...files, 'report.html']) {
    const path = join(out, name);
    assert.ok(existsSync(path) && statSync(path).size > 0, `${name} exists and is not empty`);
    if (name.endsWith('.svg')) assert.equal(parseXml(readFileSync(path, 'utf8')).name, 'svg', name);
  }
  assert.equal(readFileSync(join(out, 'best-cnn-model.keras')).subarray(0, 2).toString(), 'PK', 'a zip file');
  // plot_model(show_shapes=True): the shapes Keras prints for the chapter's layers (28×28 'same', pooled twice).
  const architecture = readFileSync(join(out, 'cnn-architecture.svg'), 'utf8');
  for (const shape of [
    '(None, 28, 28, 32)',
    '(None, 14, 14, 32)',
    '(None, 14, 14, 64)',
    '(None, 3136)',
    '(None, 10)',
  ]) {
    assert.ok(architecture.includes(`Output shape: ${shape}`), `the architecture shows ${shape}`);
  }
  assert.equal(readFileSync(join(out, 'cnn-architecture.png')).subarray(1, 4).toString(), 'PNG');
});

test('results.json: the chapter model, its training and its pictures agree with each other', () => {
  const cnn = results.cnn;
  assert.equal(cnn.params, 333526, 'the chapter CNN has the parameter count Keras prints');
  assert.match(cnn.summary, / conv2d \(Conv2D\) {2}/);
  assert.deepEqual(cnn.singleConvolution.outputShape, [1, 28, 28, 4]);
  const training = cnn.training;
  assert.equal(training.history.loss.length, training.epochsRun);
  assert.ok(training.epochsRun >= 1 && training.epochsRun <= 3);
  assert.ok(training.valAccuracy > 0.5, `validation accuracy ${training.valAccuracy}`);
  // EarlyStopping restored the best epoch's weights, which the checkpoint also saved.
  const best = Math.max(...training.history.val_accuracy);
  assert.ok(Math.abs(training.checkpointValAccuracy - training.valAccuracy) < 1e-9, 'checkpoint = restored weights');
  assert.ok(training.valAccuracy <= best + 1e-9);
  const probabilities: number[] = cnn.prediction.probabilities;
  assert.ok(Math.abs(probabilities.reduce((a, b) => a + b, 0) - 1) < 1e-5);
  assert.deepEqual(cnn.filters.shape, [3, 3, 1, 32]);
  assert.deepEqual(cnn.featureMaps, { first: [1, 28, 28, 32], second: [1, 14, 14, 64] });
});

test('the picture helpers reorder channels-last maps and kernels into one picture per channel', () => {
  const maps = new Tensor(Float32Array.from([1, 2, 3, 4, 5, 6]), [1, 1, 3, 2]); // 3 pixels × 2 channels
  assert.deepEqual(Array.from(channelsFirst(maps).data), [1, 3, 5, 2, 4, 6]);
  const kernel = new Tensor(Float32Array.from([1, 2, 3, 4]), [2, 1, 1, 2]); // 2 taps × 2 filters
  assert.deepEqual(Array.from(filtersOf(kernel).data), [1, 3, 2, 4]);
});
