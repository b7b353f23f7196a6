import { test } from 'node:test';
import assert from 'node:assert/strict';
import { history, lineChart } from '../../src/plot/index.ts';
import { ValueError } from '../../src/errors.ts';
import { byName, parsePoints, parseXml } from './parse-svg.ts';

// Default chart: 640 x 400 with margins left 64, right 20, top 40, bottom 52,
// so the plot area spans x in [64, 620] (556 px) and y in [40, 348] (308 px), y pointing down.
const fitted = { history: { loss: [1, 0.5, 0.25], val_loss: [0.8, 0.6, 0.7] }, epoch: [0, 1, 2] };

test('history: each key becomes a polyline whose points map (epoch, value) onto the axes', () => {
  const svg = parseXml(history(fitted, { keys: ['loss', 'val_loss'], xDomain: [0, 2], yDomain: [0, 1] }));
  assert.equal(svg.name, 'svg');
  assert.equal(svg.attributes.width, '640');
  assert.equal(svg.attributes.height, '400');
  const lines = byName(svg, 'polyline', 'series');
  assert.deepEqual(
    lines.map((l) => l.attributes['data-key']),
    ['loss', 'val_loss'],
  );
  // loss at epoch 1 is 0.5: x = 64 + (1/2)·556 = 342, y = 348 − 0.5·308 = 194.
  assert.deepEqual(parsePoints(lines[0]!.attributes.points!), [
    [64, 40],
    [342, 194],
    [620, 271],
  ]);
  // val_loss 0.8 → y = 348 − 0.8·308 = 101.6; 0.6 → 163.2; 0.7 → 132.4.
  assert.deepEqual(parsePoints(lines[1]!.attributes.points!), [
    [64, 101.6],
    [342, 163.2],
    [620, 132.4],
  ]);
});

test('history: axes carry labels, ticks at nice values, and a legend with the given names', () => {
  const svg = parseXml(
    history(fitted, {
      keys: ['loss', 'val_loss'],
      legend: ['train', 'val'],
      yDomain: [0, 1],
      xDomain: [0, 2],
      title: 'Loss',
    }),
  );
  assert.equal(byName(svg, 'text', 'x-label')[0]!.text, 'epoch');
  assert.equal(byName(svg, 'text', 'y-label')[0]!.text, 'loss');
  assert.equal(byName(svg, 'text', 'chart-title')[0]!.text, 'Loss');
  const yTicks = byName(byName(svg, 'g', 'y-ticks')[0]!, 'text').map((t) => t.text);
  assert.deepEqual(yTicks, ['0.0', '0.2', '0.4', '0.6', '0.8', '1.0']);
  const xTickGroups = byName(byName(svg, 'g', 'x-ticks')[0]!, 'g', 'tick');
  assert.deepEqual(
    xTickGroups.map((g) => byName(g, 'text')[0]!.text),
    ['0', '1', '2'],
  );
  // The tick for epoch 1 sits at x = 342.
  assert.equal(byName(xTickGroups[1]!, 'line')[0]!.attributes.x1, '342');
  const legend = byName(svg, 'g', 'legend-item').map((g) => byName(g, 'text')[0]!.text);
  assert.deepEqual(legend, ['train', 'val']);
});

test('history: markEpoch draws a dashed line at that epoch with its label', () => {
  const svg = parseXml(
    history(fitted, {
      keys: ['val_loss'],
      xDomain: [0, 2],
      yDomain: [0, 1],
      markEpoch: 1,
      markLabel: 'early stopping',
    }),
  );
  const marker = byName(svg, 'g', 'marker')[0]!;
  const line = byName(marker, 'line')[0]!;
  assert.equal(line.attributes.x1, '342');
  assert.equal(line.attributes.x2, '342');
  assert.ok(line.attributes['stroke-dasharray']);
  assert.equal(byName(marker, 'text')[0]!.text, 'early stopping');
});

test('history: the automatic y range pads the data by 5 % on each side, as matplotlib does', () => {
  const svg = parseXml(history({ loss: [1, 2] }, { xDomain: [0, 1] }));
  const axes = byName(svg, 'g', 'axes')[0]!;
  const [lo, hi] = axes.attributes['data-y-domain']!.split(' ').map(Number);
  assert.ok(Math.abs(lo! - 0.95) < 1e-12 && Math.abs(hi! - 2.05) < 1e-12);
  const points = parsePoints(byName(svg, 'polyline', 'series')[0]!.attributes.points!);
  // 1 is 0.05/1.1 of the way up: y = 348 − 308·0.05/1.1 = 334.
  assert.deepEqual(points, [
    [64, 334],
    [620, 54],
  ]);
});

test('history: NaN values leave a gap instead of a wrong line', () => {
  const svg = parseXml(history({ loss: [1, NaN, 0.5, 0.4] }, { xDomain: [0, 3], yDomain: [0, 1] }));
  const lines = byName(svg, 'polyline', 'series');
  assert.equal(lines.length, 2);
  assert.equal(parsePoints(lines[0]!.attributes.points!).length, 1);
  assert.equal(parsePoints(lines[1]!.attributes.points!).length, 2);
});

test('history: an unknown key or a legend of the wrong length is a ValueError naming the keys', () => {
  assert.throws(
    () => history(fitted, { keys: ['accuracy'] }),
    (e: unknown) => e instanceof ValueError && /available keys: loss, val_loss/.test(e.message),
  );
  assert.throws(() => history(fitted, { keys: ['loss'], legend: ['a', 'b'] }), ValueError);
  assert.throws(() => lineChart([]), ValueError);
});

test('history: titles and labels are escaped, so the SVG stays well formed', () => {
  const svg = parseXml(history({ 'a<b': [1, 2] }, { title: 'x & "y"' }));
  assert.equal(byName(svg, 'text', 'chart-title')[0]!.text, 'x & "y"');
  assert.equal(byName(svg, 'polyline')[0]!.attributes['data-key'], 'a<b');
});

test('history: every value gets a dot, so a single epoch is visible; one key needs no legend', () => {
  const svg = parseXml(history({ loss: [0.7] }, { xDomain: [-1, 1], yDomain: [0, 1] }));
  const dots = byName(svg, 'circle');
  assert.equal(dots.length, 1);
  // (0, 0.7): x = 64 + 0.5·556 = 342, y = 348 − 0.7·308 = 132.4.
  assert.deepEqual([dots[0]!.attributes.cx, dots[0]!.attributes.cy], ['342', '132.4']);
  assert.equal(byName(svg, 'g', 'legend').length, 0);
  assert.equal(byName(parseXml(history({ loss: [0.7] }, { legend: ['train'] })), 'g', 'legend').length, 1);
});
