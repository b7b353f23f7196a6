// `nabla tutorial --quick` end to end in a temporary folder: outputs exist, results.json is consistent with
// itself and with the saved models, the report renders in headless Chromium; then summary/evaluate on its models.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { runCli } from '../../src/cli/run-cli.ts';
import { parseXml } from '../plot/parse-svg.ts';
import { browserSkipReason, renderInBrowser, reportProblems } from '../report/browser-check.ts';

let out = '';
let stdout = '';
// biome-ignore lint/suspicious/noExplicitAny: results.json as the report writes it; each field is checked below
let results: any;

before(() => {
  out = mkdtempSync(join(tmpdir(), 'nabla-tutorial-'));
  const run = spawnSync(process.execPath, ['bin/nabla.js', 'tutorial', '--quick', '--out', out], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  stdout = run.stdout;
  assert.equal(run.status, 0, `nabla tutorial --quick failed:\n${run.stderr.slice(-3000)}`);
  results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8'));
});

after(() => rmSync(out, { recursive: true, force: true }));

const close = (a: number, b: number, tolerance: number, what: string): void =>
  assert.ok(Math.abs(a - b) <= tolerance, `${what}: ${a} vs ${b}`);

test('the console shows Keras-style progress and says where the report is', () => {
  assert.match(stdout, /\d+\/\d+ \[=+\] - \d+s/);
  assert.match(stdout, /Epoch 1\/3/);
  assert.match(stdout, /val_loss: \d\.\d{4}/);
  assert.ok(stdout.includes(`Report:  ${join(out, 'report.html')}`));
});

test('every file the run lists exists: pictures decode, SVGs parse, models are there', () => {
  const files: string[] = results.run.files;
  for (const name of [
    'report.html',
    'results.json',
    'first-10-images.png',
    'early-stopping.svg',
    'model-weights.h5',
    'model-whole.h5',
    'best-model.h5',
  ]) {
    assert.ok(
      name === 'report.html' || name === 'results.json' || files.includes(name),
      `results.run.files lists ${name}`,
    );
  }
  for (const name of files) {
    const path = join(out, name);
    assert.ok(existsSync(path) && statSync(path).size > 0, `${name} exists and is not empty`);
    if (name.endsWith('.png')) assert.ok(PNG.sync.read(readFileSync(path)).width > 0, name);
    if (name.endsWith('.svg')) assert.equal(parseXml(readFileSync(path, 'utf8')).name, 'svg', name);
  }
});

test('results.json: chapter 17 numbers agree with each other', () => {
  const ch17 = results.chapter17;
  assert.equal(results.run.quick, true);
  assert.equal(
    ch17.labelCounts.counts.reduce((a: number, b: number) => a + b, 0),
    results.run.trainRows,
  );
  assert.deepEqual(ch17.labelCounts.labels, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(ch17.firstLabels.length, 10);
  const cv = ch17.crossValidation;
  assert.equal(cv.testScore.length, 5);
  close(
    cv.meanTestScore,
    cv.testScore.reduce((a: number, b: number) => a + b, 0) / 5,
    1e-12,
    'mean of the fold scores',
  );
  assert.ok(cv.meanTestScore > 0.5 && cv.meanTestScore <= 1, `cross-validation accuracy ${cv.meanTestScore}`);
  assert.equal(ch17.dense10.history.loss.length, results.run.shortEpochs);
  assert.equal(results.headline.thisRun.crossValidation, cv.meanTestScore);
  assert.equal(results.headline.thisRun.dense10ValAccuracy, ch17.dense10.valAccuracy);
  assert.ok(ch17.dense10.valAccuracy > 0.3, `Dense(10) validation accuracy ${ch17.dense10.valAccuracy}`);
});

test('results.json: chapter 18 has the three summaries and one row per optimizer', () => {
  const ch18 = results.chapter18;
  for (const summary of [ch18.summaries.list, ch18.summaries.named, ch18.summaries.added, ch18.flattenReluSummary]) {
    assert.match(summary, /Total params: 79,510/);
  }
  assert.match(ch18.summaries.named, /Model: "패션 MNIST 모델"/);
  assert.match(ch18.summaries.named, /hidden \(Dense\)/);
  assert.match(ch18.flattenReluSummary, /\(Flatten\)\s+\(None, 784\)/);
  assert.deepEqual(Object.keys(ch18.optimizers), ['sgd', 'sgdLearningRate', 'sgdNesterov', 'adam']);
  // biome-ignore lint/suspicious/noExplicitAny: one results.json row per optimizer, fields checked below
  for (const row of Object.values<any>(ch18.optimizers))
    assert.ok(row.valAccuracy > 0.1 && row.valAccuracy <= 1, JSON.stringify(row));
});

test("results.json: saved and restored models give the trained model's validation accuracy", () => {
  const ch19 = results.chapter19;
  assert.equal(ch19.longHistory.val_loss.length, results.run.longEpochs);
  const s = ch19.saving;
  close(s.loadedValAccuracy, s.trainedValAccuracy, 1e-9, 'load_model accuracy');
  close(s.predictArgmaxAccuracy, s.trainedValAccuracy, 1e-6, 'load_weights + argmax(predict) accuracy');
  close(s.loadedValLoss, s.trainedValLoss, 1e-6, 'load_model loss');
});

test('results.json: the checkpoint holds the best epoch and early stopping restored it', () => {
  const { checkpoint, earlyStopping } = results.chapter19;
  close(checkpoint.bestValLoss, Math.min(...checkpoint.history.val_loss), 0, 'best val_loss');
  close(checkpoint.loadedValLoss, checkpoint.bestValLoss, 1e-5, 'best-model.h5 val loss');
  close(earlyStopping.valLoss, earlyStopping.bestValLoss, 1e-5, 'restored weights val loss');
  assert.equal(earlyStopping.history.loss.length, earlyStopping.epochsRun);
  if (earlyStopping.stoppedEpoch > 0) assert.equal(earlyStopping.epochsRun, earlyStopping.stoppedEpoch + 1);
  else assert.equal(earlyStopping.epochsRun, results.run.longEpochs);
});

test('report.html in headless Chromium: every picture loads and every number equals results.json', {
  skip: browserSkipReason(),
}, async () => {
  const [page] = await renderInBrowser([join(out, 'report.html')]);
  assert.deepEqual(reportProblems(page!, results), []);
  assert.ok(page!.images.length >= 1);
  assert.equal(page!.svgs.length, results.run.files.filter((f: string) => f.endsWith('.svg')).length);
  assert.ok(page!.numbers.length > 50, `${page!.numbers.length} numbers`);
  assert.ok(PNG.sync.read(page!.screenshot).height > 2000);
});

test('nabla summary and nabla evaluate read the models the tutorial saved', async () => {
  const lines: string[] = [];
  const errors: string[] = [];
  const output = { log: (l: string) => lines.push(l), error: (l: string) => errors.push(l) };
  assert.equal(await runCli(['summary', join(out, 'model-whole.h5')], output), 0, errors.join('\n'));
  assert.match(lines.join('\n'), /dropout \(Dropout\)[\s\S]*Total params: 79,510/);
  lines.length = 0;
  assert.equal(await runCli(['evaluate', join(out, 'best-model.h5'), '--limit', '300'], output), 0, errors.join('\n'));
  assert.match(lines.join('\n'), /on fashion-mnist test images \(300\): loss \d+\.\d{4} - accuracy (0|1)\.\d{4}$/);
  assert.equal(await runCli(['summary', join(out, 'report.html')], output), 1);
  assert.equal(errors.length, 1);
  assert.doesNotMatch(errors[0]!, /\n/);
});
