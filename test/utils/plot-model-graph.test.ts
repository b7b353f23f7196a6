// plotModel on functional graphs: a box per layer and InputLayer, an arrow per edge of the layer graph, ranks
// that follow the edges, boxes apart, Keras's texts with shapes worked out by hand, and the PNG of the same layout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { ValueError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Input } from '../../src/layers/input.ts';
import { Concatenate } from '../../src/layers/merge/concatenate.ts';
import { Add } from '../../src/layers/merge/elementwise-merge.ts';
import type { KerasTensor } from '../../src/layers/keras-tensor.ts';
import { Model } from '../../src/models/functional.ts';
import { Generator } from '../../src/random/generator.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { plotModel, plotModelPng } from '../../src/utils/index.ts';
import { type PlottedDiagram, boxOf, edgeList, overlap, readDiagram } from './diagram-svg.ts';

/** Géron's wide & deep network: 5 features straight to the output, 6 through two hidden layers. */
function wideAndDeep(): Model {
  const wide = Input({ shape: [5], name: 'wide_input' });
  const deep = Input({ shape: [6], name: 'deep_input' });
  const h1 = new Dense(30, { activation: 'relu', name: 'hidden1' }).apply(deep);
  const h2 = new Dense(30, { activation: 'relu', name: 'hidden2' }).apply(h1);
  const concat = new Concatenate({ name: 'concat' }).apply([wide, h2]);
  return new Model({ inputs: [wide, deep], outputs: new Dense(1, { name: 'output' }).apply(concat) });
}

/** Two inputs, two outputs, an Add, and an edge (title_dense → merged) that skips a rank. */
function twoInTwoOut(): Model {
  const title = Input({ shape: [10], name: 'title' });
  const body = Input({ shape: [20], name: 'body' });
  const t = new Dense(8, { name: 'title_dense' }).apply(title);
  const b = new Dense(8, { name: 'body_dense' }).apply(body);
  const sum = new Add({ name: 'sum' }).apply([t, b]);
  const merged = new Concatenate({ name: 'merged' }).apply([sum, t]);
  const priority = new Dense(1, { activation: 'sigmoid', name: 'priority' }).apply(merged);
  const department = new Dense(4, { activation: 'softmax', name: 'department' }).apply(sum);
  return new Model({ inputs: [title, body], outputs: [priority, department] });
}

/** Checks what holds of every drawing: boxes apart, each arrow leaving its source and ending on its target. */
function checkGeometry(diagram: PlottedDiagram, direction: 'TB' | 'LR'): void {
  const { boxes } = diagram;
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      assert.ok(!overlap(boxes[i]!, boxes[j]!), `boxes '${boxes[i]!.name}' and '${boxes[j]!.name}' overlap`);
    }
  }
  for (const edge of diagram.edges) {
    const [from, to] = [boxOf(diagram, edge.from), boxOf(diagram, edge.to)];
    const [start, tip] = [edge.points[0]!, edge.tip];
    const what = `edge ${edge.from} → ${edge.to}`;
    if (direction === 'TB') {
      assert.ok(from.y + from.height < to.y, `${what}: the source is not above the target`);
      assert.equal(start[1], from.y + from.height, `${what} leaves from the bottom of its source`);
      assert.ok(start[0] >= from.x && start[0] <= from.x + from.width, `${what} starts under its source`);
      assert.equal(tip[1], to.y, `${what}: its head touches the top of its target`);
      assert.ok(tip[0] >= to.x && tip[0] <= to.x + to.width, `${what} ends above its target`);
    } else {
      assert.ok(from.x + from.width < to.x, `${what}: the source is not left of the target`);
      assert.equal(start[0], from.x + from.width, `${what} leaves from the right side of its source`);
      assert.equal(tip[0], to.x, `${what}: its head touches the left side of its target`);
      assert.ok(tip[1] >= to.y && tip[1] <= to.y + to.height, `${what} ends beside its target`);
    }
    for (const [x, y] of edge.points) {
      assert.ok(x >= 0 && y >= 0 && x <= diagram.width && y <= diagram.height, `${what} leaves the picture`);
    }
  }
}

test('wide & deep: a box per layer and input, an arrow per edge, ranks along the edges, Keras texts', () => {
  const diagram = readDiagram(plotModel(wideAndDeep(), { showShapes: true, showLayerNames: true }));
  assert.deepEqual(diagram.boxes.map((b) => b.name).sort(), [
    'concat',
    'deep_input',
    'hidden1',
    'hidden2',
    'output',
    'wide_input',
  ]);
  assert.deepEqual(edgeList(diagram), [
    'concat>output',
    'deep_input>hidden1',
    'hidden1>hidden2',
    'hidden2>concat',
    'wide_input>concat',
  ]);
  checkGeometry(diagram, 'TB');
  // Shapes by hand: the Concatenate joins 5 wide features and 30 hidden units on the last axis.
  assert.deepEqual(boxOf(diagram, 'wide_input').lines, ['wide_input (InputLayer)', 'Output shape: (None, 5)']);
  assert.deepEqual(boxOf(diagram, 'hidden1').lines, [
    'hidden1 (Dense)',
    'Input shape: (None, 6)',
    'Output shape: (None, 30)',
  ]);
  assert.deepEqual(boxOf(diagram, 'concat').lines, [
    'concat (Concatenate)',
    'Input shape: [(None, 5), (None, 30)]',
    'Output shape: (None, 35)',
  ]);
  assert.deepEqual(boxOf(diagram, 'output').lines, [
    'output (Dense)',
    'Input shape: (None, 35)',
    'Output shape: (None, 1)',
  ]);
});

test('two inputs and two outputs, with an edge that skips a rank: every arrow runs down, or right for LR', () => {
  const expected = [
    'body>body_dense',
    'body_dense>sum',
    'merged>priority',
    'sum>department',
    'sum>merged',
    'title>title_dense',
    'title_dense>merged',
    'title_dense>sum',
  ];
  const options = { showShapes: true, showLayerActivations: true };
  const tb = readDiagram(plotModel(twoInTwoOut(), options));
  assert.equal(tb.boxes.length, 8);
  assert.deepEqual(edgeList(tb), expected);
  checkGeometry(tb, 'TB');
  assert.ok(
    tb.edges.find((e) => e.from === 'title_dense' && e.to === 'merged')!.points.length > 2,
    'the edge across a rank bends around it',
  );
  // Without names a box shows its class; the shapes by hand: Add keeps (None, 8), Concatenate makes 8 + 8.
  assert.deepEqual(boxOf(tb, 'merged').lines, [
    'Concatenate',
    'Input shape: [(None, 8), (None, 8)]',
    'Output shape: (None, 16)',
  ]);
  assert.deepEqual(boxOf(tb, 'department').lines, [
    'Dense',
    'Activation: softmax',
    'Input shape: (None, 8)',
    'Output shape: (None, 4)',
  ]);
  const lr = readDiagram(plotModel(twoInTwoOut(), { ...options, rankdir: 'LR' }));
  assert.deepEqual(edgeList(lr), expected);
  checkGeometry(lr, 'LR');
});

test('a shared layer is one box with an inbound edge per input; calls on the same layer join once', () => {
  const a = Input({ shape: [4], name: 'a' });
  const b = Input({ shape: [4], name: 'b' });
  const shared = new Dense(4, { name: 'shared' });
  const out = new Add({ name: 'sum' }).apply([shared.apply(a), shared.apply(b)]);
  const diagram = readDiagram(plotModel(new Model({ inputs: [a, b], outputs: out })));
  assert.deepEqual(diagram.boxes.map((x) => x.name).sort(), ['a', 'b', 'shared', 'sum']);
  assert.deepEqual(edgeList(diagram), ['a>shared', 'b>shared', 'shared>sum']);
  checkGeometry(diagram, 'TB');
});

test('a nested model is one box; a cycle through a shared layer is still drawn, boxes apart', () => {
  const x = Input({ shape: [4], name: 'x' });
  const block = new Sequential([new Dense(4, { inputShape: [4], name: 'inner' })], { name: 'block' });
  const nested = new Model({ inputs: x, outputs: new Dense(2, { name: 'head' }).apply(block.apply(x)) });
  const drawn = readDiagram(plotModel(nested, { showLayerNames: true }));
  assert.deepEqual(
    drawn.boxes.map((b) => b.lines[0]),
    ['x (InputLayer)', 'block (Sequential)', 'head (Dense)'],
  );
  assert.deepEqual(edgeList(drawn), ['block>head', 'x>block']);

  const y = Input({ shape: [4], name: 'y' });
  const d = new Dense(4, { name: 'd' });
  const e = new Dense(4, { name: 'e' });
  const cyclic = readDiagram(plotModel(new Model({ inputs: y, outputs: d.apply(e.apply(d.apply(y))) })));
  assert.deepEqual(edgeList(cyclic), ['d>e', 'e>d', 'y>d']);
  for (const [i, p] of cyclic.boxes.entries()) for (const q of cyclic.boxes.slice(i + 1)) assert.ok(!overlap(p, q));
});

test('the PNG of a graph has the SVG size and an inked arrow head at every edge; both rankdirs', () => {
  for (const rankdir of ['TB', 'LR'] as const) {
    const diagram = readDiagram(plotModel(twoInTwoOut(), { rankdir, showShapes: true }));
    const png = PNG.sync.read(plotModelPng(twoInTwoOut(), { rankdir, showShapes: true }));
    assert.deepEqual([png.width, png.height], [diagram.width, diagram.height]);
    for (const edge of diagram.edges) {
      const [cx, cy] = [0, 1].map((k) => Math.round(edge.head.reduce((s, p) => s + p[k]!, 0) / 3));
      assert.ok(png.data[(cy! * png.width + cx!) * 4]! < 100, `${rankdir}: the head of ${edge.from} → ${edge.to}`);
    }
  }
});

test('showDtype and showTrainable add their lines; unsupported options and rankdirs are refused', () => {
  const model = wideAndDeep();
  model.getLayer('hidden1').trainable = false;
  const diagram = readDiagram(plotModel(model, { showDtype: true, showTrainable: true }));
  assert.deepEqual(boxOf(diagram, 'hidden1').lines, ['Dense', 'Output dtype: float32', 'Non-trainable']);
  assert.deepEqual(boxOf(diagram, 'hidden2').lines, ['Dense', 'Output dtype: float32', 'Trainable']);
  assert.deepEqual(boxOf(diagram, 'concat').lines, ['Concatenate', 'Output dtype: float32'], 'no weights');
  assert.throws(() => plotModel(model, { expandNested: true } as never), /unknown option 'expandNested'/);
  assert.throws(() => plotModel(model, { dpi: 96 } as never), ValueError);
  assert.throws(() => plotModel(model, { rankdir: 'XY' as never }), /rankdir must be one of 'TB', 'LR'/);
});

test('a CNN Sequential shows the output shapes of Conv2D, pooling and Flatten in one column', async () => {
  const { Conv2D, MaxPooling2D, Flatten } = await import('../../src/layers/index.ts');
  const cnn = new Sequential([
    new Conv2D(32, 3, { activation: 'relu', padding: 'same', inputShape: [28, 28, 1], name: 'conv' }),
    new MaxPooling2D(2, { name: 'pool' }),
    new Flatten({ name: 'flat' }),
    new Dense(10, { activation: 'softmax', name: 'out' }),
  ]);
  const diagram = readDiagram(plotModel(cnn, { showShapes: true }));
  // 'same' padding keeps 28 × 28, 32 filters; pooling by 2 halves it; Flatten gives 14 · 14 · 32 = 6272.
  assert.deepEqual(boxOf(diagram, 'conv').lines, [
    'Conv2D',
    'Input shape: (None, 28, 28, 1)',
    'Output shape: (None, 28, 28, 32)',
  ]);
  assert.ok(boxOf(diagram, 'pool').lines.includes('Output shape: (None, 14, 14, 32)'));
  assert.ok(boxOf(diagram, 'flat').lines.includes('Output shape: (None, 6272)'));
  const xs = new Set(diagram.boxes.map((b) => `${b.x} ${b.width}`));
  assert.equal(xs.size, 1, 'one column of boxes of one width');
  checkGeometry(diagram, 'TB');
});

test('random graphs of Dense and Add layers with skips: the edges as built, boxes apart, arrows down', () => {
  for (const seed of [1, 2, 3]) {
    const g = new Generator(seed);
    const input = Input({ shape: [4], name: `in_${seed}` });
    const tensors: KerasTensor[] = [input];
    const consumed = new Set<KerasTensor>();
    const edges = new Set<string>();
    for (let i = 0; i < 24; i++) {
      const a = tensors[g.integer(tensors.length)]!;
      const b = tensors[g.integer(tensors.length)]!;
      const merge = a !== b && g.uniform() < 0.4;
      const name = `${merge ? 'add' : 'dense'}_${seed}_${i}`;
      const made = merge ? new Add({ name }).apply([a, b]) : new Dense(4, { name }).apply(a);
      for (const t of merge ? [a, b] : [a]) {
        consumed.add(t);
        edges.add(`${t.name}>${name}`);
      }
      tensors.push(made);
    }
    const outputs = tensors.filter((t) => !consumed.has(t));
    const diagram = readDiagram(plotModel(new Model({ inputs: input, outputs }), { showLayerNames: true }));
    assert.equal(diagram.boxes.length, tensors.length, `seed ${seed}: a box per layer`);
    assert.deepEqual(edgeList(diagram), [...edges].sort(), `seed ${seed}: an arrow per edge`);
    checkGeometry(diagram, 'TB');
  }
});
