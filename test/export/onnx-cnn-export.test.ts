import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exportOnnx } from '../../src/export/export-onnx.ts';
import { ValueError } from '../../src/errors.ts';
import type { Layer } from '../../src/layers/layer.ts';
import {
  AveragePooling1D,
  AveragePooling2D,
  BatchNormalization,
  Conv1D,
  Conv2D,
  Dense,
  Dropout,
  ELU,
  Flatten,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GlobalMaxPooling1D,
  GlobalMaxPooling2D,
  Input,
  LayerNormalization,
  LeakyReLU,
  MaxPooling1D,
  MaxPooling2D,
  Normalization,
  ReLU,
  Rescaling,
  Reshape,
  Softmax,
  ZeroPadding2D,
} from '../../src/layers/index.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import onnxProto from 'onnx-proto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/models/load-model.ts';
import { KERAS_FIXTURES, skipWithoutFixtures } from '../saving/fixture-paths.ts';
import { checkOnnxFile, onnxCheckerUnavailable, runOnnxFeeds } from './onnx-runtime.ts';
import { assertOnnxMatchesPredict, randomizeWeights, seededInputs } from './onnx-compare.ts';

// Each layer, alone after an input of the given sample shape, exported and run by onnxruntime: its outputs must
// equal predict's. Weights are seeded random values (biases and batch statistics included).
const CASES: { title: string; shape: number[]; layers: () => Layer[] }[] = [
  { title: 'Conv2D valid', shape: [6, 7, 2], layers: () => [new Conv2D(3, 3, { seed: 1 })] },
  {
    title: 'Conv2D same, stride 2 on odd and even sides (extra pad at the end)',
    shape: [7, 8, 2],
    layers: () => [new Conv2D(4, [3, 4], { strides: 2, padding: 'same', activation: 'relu', seed: 1 })],
  },
  {
    title: 'Conv2D same with an even kernel, strides (1, 2)',
    shape: [5, 6, 3],
    layers: () => [new Conv2D(2, 2, { strides: [1, 2], padding: 'same', activation: 'tanh', seed: 2 })],
  },
  {
    title: 'Conv2D dilated, no bias, sigmoid',
    shape: [9, 8, 2],
    layers: () => [
      new Conv2D(3, 3, { dilationRate: [2, 3], padding: 'same', useBias: false, activation: 'sigmoid', seed: 3 }),
    ],
  },
  {
    title: 'Conv2D softmax activation',
    shape: [5, 5, 2],
    layers: () => [new Conv2D(4, 3, { activation: 'softmax', seed: 4 })],
  },
  { title: 'Conv1D valid, stride 2', shape: [11, 3], layers: () => [new Conv1D(4, 3, { strides: 2, seed: 1 })] },
  {
    title: 'Conv1D same, dilation 2, elu',
    shape: [10, 2],
    layers: () => [new Conv1D(3, 4, { padding: 'same', dilationRate: 2, activation: 'elu', seed: 2 })],
  },
  {
    title: 'Conv1D causal',
    shape: [9, 2],
    layers: () => [new Conv1D(3, 3, { padding: 'causal', dilationRate: 2, seed: 3 })],
  },
  { title: 'MaxPooling2D valid 2', shape: [7, 6, 3], layers: () => [new MaxPooling2D(2)] },
  {
    title: 'MaxPooling2D same 3 stride 2',
    shape: [7, 8, 2],
    layers: () => [new MaxPooling2D(3, { strides: 2, padding: 'same' })],
  },
  { title: 'AveragePooling2D valid (3, 2)', shape: [7, 6, 2], layers: () => [new AveragePooling2D([3, 2])] },
  {
    title: 'AveragePooling2D same averages the valid pixels only',
    shape: [7, 8, 2],
    layers: () => [new AveragePooling2D(3, { strides: 2, padding: 'same' })],
  },
  {
    title: 'AveragePooling2D same 2 on odd sides',
    shape: [5, 5, 1],
    layers: () => [new AveragePooling2D(2, { padding: 'same' })],
  },
  { title: 'MaxPooling1D same', shape: [9, 3], layers: () => [new MaxPooling1D(2, { padding: 'same' })] },
  {
    title: 'AveragePooling1D same 3 stride 2',
    shape: [10, 2],
    layers: () => [new AveragePooling1D(3, { strides: 2, padding: 'same' })],
  },
  { title: 'AveragePooling1D valid', shape: [9, 2], layers: () => [new AveragePooling1D(2)] },
  { title: 'GlobalAveragePooling2D', shape: [5, 4, 3], layers: () => [new GlobalAveragePooling2D()] },
  {
    title: 'GlobalMaxPooling2D keepdims',
    shape: [5, 4, 3],
    layers: () => [new GlobalMaxPooling2D({ keepdims: true })],
  },
  { title: 'GlobalAveragePooling1D', shape: [6, 3], layers: () => [new GlobalAveragePooling1D()] },
  { title: 'GlobalMaxPooling1D', shape: [6, 3], layers: () => [new GlobalMaxPooling1D()] },
  {
    title: 'ZeroPadding2D asymmetric, then Conv2D',
    shape: [4, 5, 2],
    layers: () => [
      new ZeroPadding2D([
        [1, 2],
        [0, 3],
      ]),
      new Conv2D(2, 2, { seed: 5 }),
    ],
  },
  { title: 'BatchNormalization on images', shape: [4, 4, 3], layers: () => [new BatchNormalization()] },
  {
    title: 'BatchNormalization without scale and center',
    shape: [5],
    layers: () => [new BatchNormalization({ scale: false, center: false, epsilon: 0.01 })],
  },
  {
    title: 'ReLU with maxValue and negativeSlope',
    shape: [3, 4],
    layers: () => [new Rescaling(4), new ReLU({ maxValue: 2.5, negativeSlope: 0.1 })],
  },
  { title: 'ReLU plain', shape: [6], layers: () => [new ReLU()] },
  { title: 'LeakyReLU', shape: [6], layers: () => [new LeakyReLU({ negativeSlope: 0.05 })] },
  { title: 'ELU', shape: [6], layers: () => [new ELU({ alpha: 0.7 })] },
  { title: 'Softmax over the last axis of a 3-D tensor', shape: [3, 4], layers: () => [new Softmax()] },
  { title: 'Reshape with -1', shape: [4, 6], layers: () => [new Reshape([-1, 3]), new Flatten()] },
  { title: 'Rescaling', shape: [2, 3], layers: () => [new Rescaling(1 / 255, { offset: -0.5 })] },
  {
    title: 'Normalization with fixed statistics',
    shape: [3],
    layers: () => [new Normalization({ mean: [0.5, -1, 2], variance: [4, 0.25, 1] })],
  },
  {
    title: 'Normalization inverted',
    shape: [3],
    layers: () => [new Normalization({ mean: 2, variance: 9, invert: true })],
  },
];

for (const activation of [
  'elu',
  'selu',
  'softplus',
  'softsign',
  'leaky_relu',
  'relu6',
  'hard_sigmoid',
  'silu',
] as const) {
  CASES.push({
    title: `Dense with activation ${activation}`,
    shape: [4],
    layers: () => [new Rescaling(5), new Dense(6, { activation, seed: 7 })],
  });
}

CASES.forEach(({ title, shape, layers }, index) => {
  test(`ONNX export of ${title} matches predict`, async () => {
    const model = new Sequential([Input({ shape }), ...layers()]);
    randomizeWeights(model, 100 + index);
    await assertOnnxMatchesPredict(model, [shape], 1000 + index);
  });
});

test('an adapted Normalization exports its statistics', async () => {
  const normalization = new Normalization();
  normalization.adapt(seededInputs(20, [4], 3, -2, 5));
  const model = new Sequential([Input({ shape: [4] }), normalization]);
  await assertOnnxMatchesPredict(model, [[4]], 7);
});

/** The book's CNN for 28×28 grey images. */
function chapterCnn(): Sequential {
  return new Sequential([
    Input({ shape: [28, 28, 1], name: 'images' }),
    new Conv2D(32, 3, { padding: 'same', activation: 'relu', seed: 1 }),
    new MaxPooling2D(2),
    new Conv2D(64, 3, { padding: 'same', activation: 'relu', seed: 2 }),
    new MaxPooling2D(2),
    new Flatten(),
    new Dense(100, { activation: 'relu', seed: 3 }),
    new Dropout(0.4, { seed: 4 }),
    new Dense(10, { activation: 'softmax', seed: 5 }),
  ]);
}

test('the chapter CNN, trained a few steps, exports with NHWC input and matches predict', async (t) => {
  const model = chapterCnn();
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  const x = seededInputs(32, [28, 28, 1], 11);
  const generator = new Generator(12);
  const y = new Tensor(
    Int32Array.from({ length: 32 }, () => Math.floor(generator.uniform() * 10)),
    [32],
  );
  await model.fit(x, y, { epochs: 1, batchSize: 8, verbose: 0, seed: 13 });
  const worst = await assertOnnxMatchesPredict(model, [[28, 28, 1]], 14, [0, 1]);
  assert.ok(worst <= 1e-5);
  const bytes = await exportOnnx(model);
  await t.test('onnx.checker', { skip: onnxCheckerUnavailable() }, () => {
    const folder = mkdtempSync(join(tmpdir(), 'nabla-onnx-'));
    try {
      writeFileSync(join(folder, 'cnn.onnx'), bytes);
      const { status, output } = checkOnnxFile(join(folder, 'cnn.onnx'));
      assert.equal(status, 0, output);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
  const graph = onnxProto.onnx.ModelProto.decode(bytes).graph!;
  const dims = graph.input![0].type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
  assert.equal(graph.input![0].name, 'images');
  assert.deepEqual(dims, ['N', 28, 28, 1]);
  // Conv kernels are stored as ONNX's (out, in, kh, kw).
  const kernel = graph.initializer!.find((t) => t.name!.endsWith('/kernel') && t.dims!.length === 4)!;
  assert.deepEqual(kernel.dims!.map(Number), [32, 1, 3, 3]);
});

test('options the export cannot express are refused with a ValueError naming the layer', async () => {
  const threshold = new Sequential([Input({ shape: [3] }), new ReLU({ threshold: 0.5, name: 'shifted_relu' })]);
  await assert.rejects(
    exportOnnx(threshold),
    (e: unknown) => e instanceof ValueError && /'shifted_relu' \(ReLU\).*threshold/.test(e.message),
  );
  const gelu = new Sequential([Input({ shape: [3] }), new Dense(2, { activation: 'gelu', name: 'gelu_dense' })]);
  await assert.rejects(
    exportOnnx(gelu),
    (e: unknown) => e instanceof ValueError && /'gelu_dense' \(Dense\).*activation "gelu"/.test(e.message),
  );
  const norm = new Sequential([Input({ shape: [3] }), new LayerNormalization({ name: 'layer_norm' })]);
  await assert.rejects(
    exportOnnx(norm),
    (e: unknown) => e instanceof ValueError && /'layer_norm' \(LayerNormalization\)/.test(e.message),
  );
});

test('a CNN written by tf.keras 2.6 exports and matches the numpy and PyTorch reference', {
  skip: skipWithoutFixtures,
}, async () => {
  // Reference outputs computed in float64 from the file's weights (test/fixtures/conv/make_cnn_reference.py).
  const reference = JSON.parse(
    readFileSync(new URL('../fixtures/conv/cnn_reference.json', import.meta.url), 'utf8'),
  ) as { model_file: string; input_shape: number[]; inputs: number[]; outputs: number[][] };
  const model = await loadModel(`${KERAS_FIXTURES}${reference.model_file}`, { compile: false });
  const [output] = await runOnnxFeeds(await exportOnnx(model), [
    { data: Float32Array.from(reference.inputs), dims: reference.input_shape },
  ]);
  reference.outputs.flat().forEach((v, i) => {
    assert.ok(Math.abs(output.data[i] - v) <= 1e-5, `output ${i}: ${output.data[i]} vs ${v}`);
  });
});

test('a channels-first window layer is refused rather than exported in the wrong layout', async () => {
  const conv = new Conv2D(2, 3, { name: 'nchw_conv', seed: 1 });
  const model = new Sequential([Input({ shape: [5, 5, 1] }), conv]);
  const config = conv.getConfig();
  // nabla's layers are channels-last only; a layer that says otherwise must not be exported as if it were.
  conv.getConfig = () => ({ ...config, dataFormat: 'channels_first' });
  await assert.rejects(
    exportOnnx(model),
    (e: unknown) => e instanceof ValueError && /'nchw_conv' \(Conv2D\).*channels_first/.test(e.message),
  );
});
