import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import onnxProto from 'onnx-proto';
import { exportOnnx } from '../../src/export/export-onnx.ts';
import { ValueError } from '../../src/errors.ts';
import {
  Add,
  Average,
  BatchNormalization,
  Concatenate,
  Conv2D,
  Dense,
  Dropout,
  Flatten,
  Input,
  LayerNormalization,
  MaxPooling2D,
  Maximum,
  Minimum,
  Multiply,
  Subtract,
} from '../../src/layers/index.ts';
import { Model } from '../../src/models/functional.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { checkOnnxFile, onnxCheckerUnavailable } from './onnx-runtime.ts';
import { assertOnnxMatchesPredict, randomizeWeights, seededInputs } from './onnx-compare.ts';

// Functional models: one graph input per model input, one output per model output, the merge layers, shared
// layers and models used as layers; onnxruntime's outputs must equal predict's.

const { onnx } = onnxProto;

/** Wide & deep: the wide input joins the deep branch's features for the main output; an auxiliary output. */
function wideAndDeep(): Model {
  const wide = Input({ shape: [5], name: 'wide' });
  const deep = Input({ shape: [8], name: 'deep' });
  let hidden = new Dense(16, { activation: 'relu', seed: 1 }).apply(deep);
  hidden = new Dropout(0.2, { seed: 2 }).apply(hidden);
  hidden = new Dense(8, { activation: 'relu', seed: 3 }).apply(hidden);
  const joined = new Concatenate().apply([wide, hidden]);
  const main = new Dense(1, { name: 'main_output', seed: 4 }).apply(joined);
  const aux = new Dense(3, { activation: 'softmax', name: 'aux_output', seed: 5 }).apply(hidden);
  return new Model({ inputs: [wide, deep], outputs: [main, aux], name: 'wide_and_deep' });
}

test('a wide & deep model with two inputs and two outputs, trained, exports and matches predict', async (t) => {
  const model = wideAndDeep();
  model.compile({ optimizer: 'adam', loss: ['mse', 'sparse_categorical_crossentropy'] });
  const x = [seededInputs(40, [5], 1), seededInputs(40, [8], 2)];
  const labels = seededInputs(40, [], 4, 0, 3);
  const y = [seededInputs(40, [1], 3), new Tensor(Int32Array.from(labels.data, Math.floor), [40])];
  await model.fit(x, y, { epochs: 2, batchSize: 8, verbose: 0, seed: 5 });
  await assertOnnxMatchesPredict(model, [[5], [8]], 20);
  const folder = mkdtempSync(join(tmpdir(), 'nabla-onnx-'));
  try {
    const path = join(folder, 'wide_and_deep.onnx');
    await model.export(path, { format: 'onnx' });
    const bytes = new Uint8Array(readFileSync(path));
    assert.deepEqual(bytes, await exportOnnx(model), 'Model.export writes the bytes exportOnnx returns');
    const graph = onnx.ModelProto.decode(bytes).graph!;
    assert.deepEqual(
      graph.input!.map((i) => i.name),
      ['wide', 'deep'],
    );
    assert.deepEqual(
      graph.output!.map((o) => o.name),
      model.outputNames,
    );
    await t.test('onnx.checker', { skip: onnxCheckerUnavailable() }, () => {
      const { status, output } = checkOnnxFile(path);
      assert.equal(status, 0, output);
    });
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

/** A model of one merge layer over `count` inputs of one shape, each through a Dense of its own first. */
function mergeModel(merge: { apply(x: never): unknown }, count: number): Model {
  const inputs = Array.from({ length: count }, (_, i) => Input({ shape: [4], name: `in_${i}` }));
  const branches = inputs.map((x, i) => new Dense(3, { seed: 10 + i }).apply(x));
  const merged = (merge.apply as (x: typeof branches) => (typeof branches)[number])(branches);
  return new Model({ inputs, outputs: merged });
}

const MERGES = [
  { title: 'Add of three', make: () => new Add(), count: 3 },
  { title: 'Subtract', make: () => new Subtract(), count: 2 },
  { title: 'Multiply of three', make: () => new Multiply(), count: 3 },
  { title: 'Average', make: () => new Average(), count: 2 },
  { title: 'Maximum of three', make: () => new Maximum(), count: 3 },
  { title: 'Minimum', make: () => new Minimum(), count: 2 },
  { title: 'Concatenate', make: () => new Concatenate({ axis: -1 }), count: 2 },
];

MERGES.forEach(({ title, make, count }, index) => {
  test(`a functional model with ${title} exports and matches predict`, async () => {
    const model = mergeModel(make(), count);
    randomizeWeights(model, 30 + index);
    const shapes = Array.from({ length: count }, () => [4]);
    await assertOnnxMatchesPredict(model, shapes, 40 + index);
  });
});

test('Concatenate along the height of channels-last images keeps Keras order', async () => {
  const a = Input({ shape: [4, 5, 2], name: 'a' });
  const b = Input({ shape: [3, 5, 2], name: 'b' });
  const joined = new Concatenate({ axis: 1 }).apply([a, b]);
  const features = new Conv2D(3, 2, { padding: 'same', seed: 1 }).apply(joined);
  const output = new Dense(4, { seed: 2 }).apply(new Flatten().apply(features));
  const model = new Model({ inputs: [a, b], outputs: output });
  randomizeWeights(model, 3);
  await assertOnnxMatchesPredict(
    model,
    [
      [4, 5, 2],
      [3, 5, 2],
    ],
    4,
  );
});

test('a shared layer called twice reads the same initializers', async () => {
  const left = Input({ shape: [6], name: 'left' });
  const right = Input({ shape: [6], name: 'right' });
  const shared = new Dense(4, { activation: 'tanh', name: 'shared_dense', seed: 1 });
  const distance = new Subtract().apply([shared.apply(left), shared.apply(right)]);
  const model = new Model({ inputs: [left, right], outputs: new Dense(1, { seed: 2 }).apply(distance) });
  randomizeWeights(model, 5);
  await assertOnnxMatchesPredict(model, [[6], [6]], 6);
  const graph = onnx.ModelProto.decode(await exportOnnx(model)).graph!;
  const sharedInitializers = graph.initializer!.filter((t) => t.name!.startsWith('shared_dense/'));
  assert.deepEqual(
    sharedInitializers.map((t) => t.name),
    ['shared_dense/kernel', 'shared_dense/bias'],
  );
  const gemmsReadingKernel = graph.node!.filter((n) => n.opType === 'Gemm' && n.input!.includes('shared_dense/kernel'));
  assert.equal(gemmsReadingKernel.length, 2);
});

test('models used as layers are inlined', async () => {
  const encoder = new Sequential([
    Input({ shape: [8, 8, 1] }),
    new Conv2D(4, 3, { padding: 'same', activation: 'relu', seed: 1 }),
    new BatchNormalization(),
    new MaxPooling2D(2),
    new Flatten(),
  ]);
  const image = Input({ shape: [8, 8, 1], name: 'image' });
  const head = Input({ shape: [64] });
  const inner = new Model({ inputs: head, outputs: new Dense(5, { activation: 'softmax', seed: 2 }).apply(head) });
  const output = inner.apply(encoder.apply(image));
  const model = new Model({ inputs: image, outputs: output });
  randomizeWeights(model, 7);
  await assertOnnxMatchesPredict(model, [[8, 8, 1]], 8);
  const outer = new Sequential([Input({ shape: [8, 8, 1] }), encoder.asLayer(), new Dense(2, { seed: 3 })]);
  await assertOnnxMatchesPredict(outer, [[8, 8, 1]], 9);
});

test('a functional model with an unsupported layer is refused with a ValueError naming it', async () => {
  const x = Input({ shape: [4] });
  const normalized = new LayerNormalization({ name: 'norm_in_graph' }).apply(x);
  const model = new Model({ inputs: x, outputs: new Dense(2, { seed: 1 }).apply(normalized) });
  await assert.rejects(
    exportOnnx(model),
    (e: unknown) => e instanceof ValueError && /'norm_in_graph' \(LayerNormalization\)/.test(e.message),
  );
});
