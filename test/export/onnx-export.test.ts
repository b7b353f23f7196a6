import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exportOnnx } from '../../src/export/export-onnx.ts';
import onnxProto from 'onnx-proto';
import type { OnnxTypes } from '../../src/export/onnx-proto.ts';
import { ValueError } from '../../src/errors.ts';
import { Activation } from '../../src/layers/activation.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { Input } from '../../src/layers/input.ts';
import { Layer, type LayerStep } from '../../src/layers/layer.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { KERAS_FIXTURES, readExpected, skipWithoutFixtures } from '../saving/fixture-paths.ts';
import { checkOnnxFile, onnxCheckerUnavailable, runOnnx } from './onnx-runtime.ts';

// Exported files must pass onnx.checker and give, in onnxruntime, the outputs of nabla's predict.

// The tests read the files back with onnx-proto's own decoder, imported directly (a development dependency).
const { onnx } = onnxProto;
const TOLERANCE = 1e-5;
const skipChecker = onnxCheckerUnavailable();

function seededInputs(rows: number, sampleShape: readonly number[], seed: number): Tensor {
  const generator = new Generator(seed);
  const size = rows * sampleShape.reduce((a, b) => a * b, 1);
  return new Tensor(
    Float32Array.from({ length: size }, () => generator.uniform()),
    [rows, ...sampleShape],
  );
}

/** Compares onnxruntime's outputs with predict's for batches of 1 and 7 rows. */
async function assertSameOutputs(model: Sequential, bytes: Uint8Array, seed: number): Promise<void> {
  const sampleShape = model.inputShape!.slice(1) as number[];
  for (const rows of [1, 7]) {
    const x = seededInputs(rows, sampleShape, seed + rows);
    const expected = await model.predict(x, { verbose: 0 });
    const got = await runOnnx(bytes, x.data as Float32Array, x.shape);
    assert.deepEqual([...got.dims], expected.shape, `output shape for ${rows} rows`);
    let worst = 0;
    expected.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - got.data[i]))));
    assert.ok(worst <= TOLERANCE, `largest difference ${worst} for ${rows} rows (tolerance ${TOLERANCE})`);
  }
}

/** Writes the model with Model.export into a temporary folder; returns the file's bytes and path. */
async function exportToFile(model: Sequential, folder: string): Promise<{ path: string; bytes: Uint8Array }> {
  const path = join(folder, 'model.onnx');
  await model.export(path, { format: 'onnx' });
  return { path, bytes: new Uint8Array(readFileSync(path)) };
}

// Files written by Python Keras: tf.keras 2.12 (HDF5), Keras 2.0.4 (oldest HDF5 layout), Keras 3.10 (.keras).
const KERAS_FILES = [
  'tfkeras2.12_fashion_flatten_dense_dropout.h5',
  'keras2.0.4_mnist_dense10_softmax.h5',
  'keras3.10_mnist_flatten_dense_dropout.keras',
];

for (const file of KERAS_FILES) {
  test(`${file} exports to ONNX, passes onnx.checker and matches predict and numpy`, {
    skip: skipWithoutFixtures,
  }, async (t) => {
    const model = await loadModel(`${KERAS_FIXTURES}${file}`, { compile: false }); // inference only
    const folder = mkdtempSync(join(tmpdir(), 'nabla-onnx-'));
    try {
      const { path, bytes } = await exportToFile(model, folder);
      assert.deepEqual(bytes, await exportOnnx(model), 'Model.export writes the bytes exportOnnx returns');
      await t.test('onnx.checker', { skip: skipChecker }, () => {
        const { status, output } = checkOnnxFile(path);
        assert.equal(status, 0, output);
      });
      await assertSameOutputs(model, bytes, 100);
      // The outputs numpy computed from the file's weights, for the inputs stored beside it.
      const expected = readExpected(file.replace(/\.(h5|keras)$/, ''));
      const inputs = Float32Array.from((expected.inputs as number[]).flat(Infinity) as number[]);
      const got = await runOnnx(bytes, inputs, [expected.inputs.length, ...expected.input_shape]);
      const numpy = expected.outputs.flat();
      numpy.forEach((v, i) =>
        assert.ok(Math.abs(got.data[i] - v) <= 1e-5 + 1e-4 * Math.abs(v), `output ${i}: ${got.data[i]} vs ${v}`),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
}

/** Every supported layer: Input, Flatten, Dense with each activation and without bias, Dropout, Activation. */
function everyLayerModel(): Sequential {
  return new Sequential([
    Input({ shape: [3, 4], name: 'pixels' }),
    new Flatten(),
    new Dense(16, { activation: 'relu', seed: 1 }),
    new Dropout(0.3, { seed: 2 }),
    new Dense(8, { activation: 'tanh', seed: 3 }),
    new Dense(8, { activation: 'sigmoid', useBias: false, seed: 4 }),
    new Dense(5, { seed: 5 }),
    new Activation('softmax'),
  ]);
}

test('a model trained by nabla exports to ONNX, passes onnx.checker and matches predict', async (t) => {
  const model = everyLayerModel();
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  const x = seededInputs(64, [3, 4], 1);
  const generator = new Generator(2);
  const y = new Tensor(
    Int32Array.from({ length: 64 }, () => Math.floor(generator.uniform() * 5)),
    [64],
  );
  await model.fit(x, y, { epochs: 3, batchSize: 16, verbose: 0, seed: 3 });
  const folder = mkdtempSync(join(tmpdir(), 'nabla-onnx-'));
  try {
    const { path, bytes } = await exportToFile(model, folder);
    await t.test('onnx.checker', { skip: skipChecker }, () => {
      const { status, output } = checkOnnxFile(path);
      assert.equal(status, 0, output);
    });
    await assertSameOutputs(model, bytes, 200);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

test('the ONNX file declares opset 13, a symbolic batch dimension and the weights as initializers', async () => {
  const model = everyLayerModel();
  const decoded = onnx.ModelProto.decode(await exportOnnx(model));
  assert.deepEqual(
    decoded.opsetImport.map((o) => [o.domain, Number(o.version)]),
    [['', 13]],
  );
  const graph = decoded.graph as OnnxTypes.GraphProto;
  assert.equal(graph.input.length, 1);
  assert.equal(graph.input[0].name, 'pixels');
  const dims = (info: OnnxTypes.IValueInfoProto) =>
    info.type!.tensorType!.shape!.dim!.map((d) => d.dimParam || Number(d.dimValue));
  assert.deepEqual(dims(graph.input[0]), ['N', 3, 4]);
  assert.deepEqual(dims(graph.output[0]), ['N', 5]);
  // Initializers hold every weight, in order, with its shape and values; Dropout adds no node.
  const weights = model.getWeights();
  assert.equal(graph.initializer.length, weights.length);
  graph.initializer.forEach((tensor, i) => {
    assert.deepEqual(tensor.dims!.map(Number), weights[i].shape);
    const raw = tensor.rawData!;
    assert.deepEqual(new Float32Array(raw.slice().buffer), weights[i].data);
  });
  assert.deepEqual(
    graph.node.map((n) => n.opType),
    ['Flatten', 'Gemm', 'Relu', 'Gemm', 'Tanh', 'Gemm', 'Sigmoid', 'Gemm', 'Softmax'],
  );
});

test('a model of Dropout alone exports as the identity', async () => {
  const model = new Sequential([Input({ shape: [6] }), new Dropout(0.5)]);
  const bytes = await exportOnnx(model);
  const x = seededInputs(7, [6], 9);
  const got = await runOnnx(bytes, x.data as Float32Array, x.shape);
  assert.deepEqual(got.data, x.data);
});

/** A layer the export does not know. */
class Doubling extends Layer {
  constructor() {
    super('Doubling', { name: 'doubling_layer' });
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override createStep(): LayerStep {
    throw new Error('not run in this test');
  }
}

test('the export refuses unsupported layers, unbuilt models and other formats with a ValueError', async () => {
  const unsupported = new Sequential([Input({ shape: [4] }), new Dense(3, { seed: 1 }), new Doubling()]);
  await assert.rejects(
    exportOnnx(unsupported),
    (e: unknown) => e instanceof ValueError && /'doubling_layer' \(Doubling\)/.test(e.message),
  );
  const unbuilt = new Sequential([new Dense(3)]);
  await assert.rejects(exportOnnx(unbuilt), (e: unknown) => e instanceof ValueError && /not built/.test(e.message));
  const model = new Sequential([Input({ shape: [4] }), new Dense(3, { seed: 1 })]);
  const folder = mkdtempSync(join(tmpdir(), 'nabla-onnx-'));
  try {
    const path = join(folder, 'model.onnx');
    const format = 'tf_saved_model' as unknown as 'onnx';
    await assert.rejects(
      model.export(path, { format }),
      (e: unknown) => e instanceof ValueError && /format must be 'onnx'/.test(e.message),
    );
    const typo = { format: 'onnx', opset: 13 } as unknown as { format: 'onnx' };
    await assert.rejects(
      model.export(path, typo),
      (e: unknown) => e instanceof ValueError && /unknown option 'opset'/.test(e.message),
    );
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
  await assert.rejects(exportOnnx({} as Sequential), ValueError);
});

test('onnx.checker rejects a graph that reads a tensor nothing defines', { skip: skipChecker }, async () => {
  const model = new Sequential([Input({ shape: [4] }), new Dense(3, { seed: 1 })]);
  const decoded = onnx.ModelProto.decode(await exportOnnx(model));
  decoded.graph!.node![0].input![1] = 'missing_kernel';
  const folder = mkdtempSync(join(tmpdir(), 'nabla-onnx-'));
  try {
    const path = join(folder, 'broken.onnx');
    writeFileSync(path, onnx.ModelProto.encode(decoded).finish());
    assert.notEqual(checkOnnxFile(path).status, 0);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
