// plotModel: one box per layer from the input down, the texts the options ask for, and the same layout
// rasterized to PNG (decoded here and checked for text inside each box).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { ValueError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Normalization } from '../../src/layers/normalization.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { plotModel, plotModelPng } from '../../src/utils/index.ts';
import { byName, parseXml } from '../plot/parse-svg.ts';

function model(): Sequential {
  return new Sequential([
    new Normalization({ inputShape: [8], name: 'norm' }),
    new Dense(30, { activation: 'relu', name: 'hidden' }),
    new Dense(1, { name: 'out' }),
  ]);
}

test('plotModel draws a box per layer (the input first), top to bottom, joined by arrows', () => {
  const svg = parseXml(plotModel(model()));
  const boxes = byName(svg, 'rect', 'layer');
  assert.equal(boxes.length, 4);
  const tops = boxes.map((b) => Number(b.attributes.y));
  assert.deepEqual(
    tops,
    [...tops].sort((a, b) => a - b),
  );
  assert.equal(byName(svg, 'polygon').length, 3, 'an arrow between consecutive boxes');
  assert.deepEqual(
    byName(svg, 'text').map((t) => t.text),
    ['InputLayer', 'Normalization', 'Dense', 'Dense'],
  );
});

test('showLayerNames, showShapes and showLayerActivations add their lines', () => {
  const texts = byName(
    parseXml(plotModel(model(), { showShapes: true, showLayerNames: true, showLayerActivations: true })),
    'text',
  ).map((t) => t.text);
  for (const line of [
    'input_layer (InputLayer)',
    'norm (Normalization)',
    'hidden (Dense)',
    'Activation: relu',
    'Input shape: (None, 8)',
    'Output shape: (None, 30)',
    'Output shape: (None, 1)',
  ]) {
    assert.ok(texts.includes(line), `missing '${line}' in ${JSON.stringify(texts)}`);
  }
});

test('the PNG has the SVG layout, with dark text pixels inside every box; toFile writes either format', () => {
  const options = { showShapes: true, showLayerNames: true };
  const svg = parseXml(plotModel(model(), options));
  const root = svg;
  const png = PNG.sync.read(plotModelPng(model(), options));
  assert.equal(png.width, Number(root.attributes.width));
  assert.equal(png.height, Number(root.attributes.height));
  for (const box of byName(svg, 'rect', 'layer')) {
    const [x, y, w, h] = ['x', 'y', 'width', 'height'].map((k) => Math.round(Number(box.attributes[k])));
    let dark = 0;
    for (let py = y + 3; py < y + h - 3; py++)
      for (let px = x + 3; px < x + w - 3; px++) if (png.data[(py * png.width + px) * 4] < 100) dark++;
    assert.ok(dark > 50, `box at y=${y} has ${dark} dark pixels inside`);
  }
  const folder = mkdtempSync(join(tmpdir(), 'nabla-plot-model-'));
  try {
    plotModel(model(), { toFile: join(folder, 'model.png') });
    assert.deepEqual([...readFileSync(join(folder, 'model.png')).subarray(1, 4)], [...Buffer.from('PNG')]);
    plotModel(model(), { toFile: join(folder, 'model.svg') });
    assert.match(readFileSync(join(folder, 'model.svg'), 'utf8'), /^<svg/);
    assert.throws(() => plotModel(model(), { toFile: join(folder, 'model.jpg') }), ValueError);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  assert.throws(() => plotModel(model(), { show_shapes: true } as never), /did you mean 'showShapes'/);
});
