import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { imageGrid, imageGridPng, savePng, writeFileAtomic } from '../../src/plot/index.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { ShapeError, ValueError } from '../../src/errors.ts';
import { byName, parseXml } from './parse-svg.ts';

// Two 2x3 uint8 images: the first holds 0, 255, 128 / 64, 0, 255; the second is all 255.
const images = new Tensor(new Uint8Array([0, 255, 128, 64, 0, 255, 255, 255, 255, 255, 255, 255]), [2, 2, 3]);

function decodeDataUri(uri: string): PNG {
  const prefix = 'data:image/png;base64,';
  assert.ok(uri.startsWith(prefix), `not a PNG data URI: ${uri.slice(0, 30)}`);
  return PNG.sync.read(Buffer.from(uri.slice(prefix.length), 'base64'));
}

function grayAt(png: PNG, x: number, y: number): number {
  const o = (y * png.width + x) * 4;
  assert.equal(png.data[o], png.data[o + 1]);
  assert.equal(png.data[o], png.data[o + 2]);
  return png.data[o]!;
}

test('imageGrid: one <image> per picture, PNG data URIs whose pixels follow gray_r (0 white, 255 black)', () => {
  const svg = parseXml(imageGrid(images, { labels: ['Ankle boot', 'T-shirt/top'], cmap: 'gray_r' }));
  const pictures = byName(svg, 'image');
  assert.equal(pictures.length, 2);
  const first = decodeDataUri(pictures[0]!.attributes.href!);
  assert.equal(first.width, 3);
  assert.equal(first.height, 2);
  assert.deepEqual(
    [0, 1, 2].map((x) => grayAt(first, x, 0)),
    [255, 0, 127],
  );
  assert.deepEqual(
    [0, 1, 2].map((x) => grayAt(first, x, 1)),
    [191, 255, 0],
  );
  const second = decodeDataUri(pictures[1]!.attributes.href!);
  assert.equal(grayAt(second, 2, 1), 0);
  const labels = byName(svg, 'g', 'cell').map((g) => byName(g, 'text')[0]!.text);
  assert.deepEqual(labels, ['Ankle boot', 'T-shirt/top']);
});

test('imageGrid: cmap gray draws 0 black and 255 white', () => {
  const svg = parseXml(imageGrid(images, { cmap: 'gray' }));
  const first = decodeDataUri(byName(svg, 'image')[0]!.attributes.href!);
  assert.deepEqual(
    [0, 1, 2].map((x) => grayAt(first, x, 0)),
    [0, 255, 128],
  );
});

test('imageGrid: columns lay the pictures out in rows; scale sets the drawn size', () => {
  const svg = parseXml(imageGrid(images, { columns: 1, scale: 10 }));
  const [a, b] = byName(svg, 'image');
  assert.equal(a!.attributes.width, '30');
  assert.equal(a!.attributes.height, '20');
  assert.equal(a!.attributes.x, b!.attributes.x);
  assert.ok(Number(b!.attributes.y) >= Number(a!.attributes.y) + 20);
});

test('imageGrid: float images in [0, 1] use 1 as the darkest value', () => {
  const floats = new Tensor(new Float32Array([0, 0.5, 1, 1]), [2, 2]);
  const png = decodeDataUri(byName(parseXml(imageGrid(floats)), 'image')[0]!.attributes.href!);
  assert.deepEqual([grayAt(png, 0, 0), grayAt(png, 1, 0), grayAt(png, 0, 1)], [255, 127, 0]);
});

test('imageGrid: bad input gets errors that say what is expected', () => {
  assert.throws(() => imageGrid(images, { labels: ['one'] }), ValueError);
  assert.throws(() => imageGrid(images, { cmap: 'viridis' as 'gray' }), /expected one of 'gray', 'gray_r'/);
  assert.throws(() => imageGrid(new Tensor(new Uint8Array(4), [4])), ShapeError);
  assert.throws(() => imageGrid(images, { columns: 0 }), ValueError);
});

test('imageGridPng and savePng: the written PNG decodes to the grid with white padding', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-plot-'));
  try {
    const path = join(folder, 'grid.png');
    savePng(path, images, { padding: 1, cmap: 'gray_r' });
    const png = PNG.sync.read(readFileSync(path));
    // Two 3-wide images in one row, padding 1 around and between: 1 + 3 + 1 + 3 + 1 = 9 by 1 + 2 + 1 = 4.
    assert.equal(png.width, 9);
    assert.equal(png.height, 4);
    assert.equal(grayAt(png, 0, 0), 255);
    assert.deepEqual(
      [1, 2, 3].map((x) => grayAt(png, x, 1)),
      [255, 0, 127],
    );
    assert.equal(grayAt(png, 4, 1), 255);
    assert.equal(grayAt(png, 5, 2), 0);
    assert.deepEqual(readdirSync(folder), ['grid.png']);
    const scaled = PNG.sync.read(imageGridPng(images, { padding: 0, scale: 2 }));
    assert.equal(scaled.width, 12);
    assert.equal(grayAt(scaled, 2, 0), 0);
    assert.equal(grayAt(scaled, 3, 1), 0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('writeFileAtomic creates the folder, replaces the file and leaves no temporary file', () => {
  const folder = mkdtempSync(join(tmpdir(), 'nabla-plot-'));
  try {
    const path = join(folder, 'sub', 'chart.svg');
    writeFileAtomic(path, 'first');
    writeFileAtomic(path, '<svg/>');
    assert.equal(readFileSync(path, 'utf8'), '<svg/>');
    assert.deepEqual(readdirSync(join(folder, 'sub')), ['chart.svg']);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
