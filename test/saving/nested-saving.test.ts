// Saving and loading models nested in other models (a Sequential or a functional model used as a layer),
// in Keras 3's .keras and tf.keras 2's .h5 layouts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as nb from '../../src/index.ts';
import { readKerasH5 } from '../../src/saving/keras-h5.ts';
import { readKerasZip } from '../../src/saving/keras-zip.ts';
import { parseFunctionalConfig } from '../../src/saving/functional-config.ts';
import type { JsonObject, JsonValue } from '../../src/saving/json.ts';
import { functionalWithNestedModels, sequentialWithFunctional } from './nested-models-for-tests.ts';

const FIXTURES = new URL('../fixtures/saving/nested/', import.meta.url).pathname;
const folder = mkdtempSync(join(tmpdir(), 'nabla-nested-saving-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

function rows(n: number, d: number, seed: number): nb.Tensor {
  const g = new nb.random.Generator(seed);
  return new nb.Tensor(
    Float32Array.from({ length: n * d }, () => g.uniform() * 2 - 1),
    [n, d],
  );
}

const predict = async (model: nb.Model | nb.Sequential, x: nb.Tensor | number[][]): Promise<Float32Array> =>
  ((await model.predict(x, { verbose: 0 })) as nb.Tensor).data as Float32Array;

const weightsOf = (model: { getWeights(): nb.Tensor[] }): number[][] => model.getWeights().map((w) => [...w.data]);

for (const extension of ['.keras', '.h5']) {
  test(`a functional model nesting a Sequential and a twice-called functional model survives ${extension}`, async () => {
    const { model } = functionalWithNestedModels();
    const x = rows(16, 5, 1);
    model.compile({ optimizer: 'adam', loss: 'mse' });
    await model.fit(x, rows(16, 2, 2), { epochs: 2, batchSize: 8, verbose: 0, seed: 3 });
    const path = join(folder, `functional${extension}`);
    await model.save(path);
    const loaded = await nb.loadModel<nb.Model>(path);
    assert.deepEqual(
      loaded.layers.map((l) => `${l.className}:${l.name}`),
      ['InputLayer:features', 'Sequential:block', 'Functional:base', 'Add:sum', 'Dense:head'],
    );
    assert.equal(loaded.getLayer('base').inboundNodes.length, 2, 'base is called twice, sharing its weights');
    assert.deepEqual(weightsOf(loaded), weightsOf(model));
    assert.deepEqual(await predict(loaded, x), await predict(model, x));
    assert.equal(loaded.optimizer?.iterations, model.optimizer?.iterations);
  });

  test(`a Sequential holding a functional model survives ${extension}`, async () => {
    const model = sequentialWithFunctional();
    const x = rows(8, 4, 4);
    const path = join(folder, `sequential${extension}`);
    await model.save(path);
    const loaded = await nb.loadModel(path);
    assert.deepEqual(
      loaded.layers.map((l) => `${l.className}:${l.name}`),
      ['Functional:base', 'Dense:head'],
    );
    assert.deepEqual(weightsOf(loaded), weightsOf(model));
    assert.deepEqual(await predict(loaded, x), await predict(model, x));
  });
}

test('a frozen nested model stays frozen through a save', async () => {
  const { model, block } = functionalWithNestedModels();
  block.trainable = false;
  for (const extension of ['.keras', '.h5']) {
    const path = join(folder, `frozen${extension}`);
    await model.save(path);
    const loaded = await nb.loadModel<nb.Model>(path);
    assert.equal(
      loaded.getLayer('block').trainable && (loaded.getLayer('block') as nb.NestedModel).layers[0].trainable,
      false,
    );
    assert.match(loaded.summaryText(), /Non-trainable params: 64\n/, extension);
  }
});

// Keras's layouts of the model of functionalWithNestedModels, from the Keras sources: Keras 3's saving_lib
// stores each layer under layers/<snake_case class name, numbered per list>, a nested model's layers under its
// own path; tf.keras 2 stores one group per outer layer, the nested model's weights in it under their names.
const KERAS3_DATASETS = [
  'layers/dense/vars/0 [4,2]',
  'layers/dense/vars/1 [2]',
  'layers/functional/layers/dense/vars/0 [4,4]',
  'layers/functional/layers/dense/vars/1 [4]',
  'layers/sequential/layers/dense/vars/0 [5,6]',
  'layers/sequential/layers/dense/vars/1 [6]',
  'layers/sequential/layers/dense_1/vars/0 [6,4]',
  'layers/sequential/layers/dense_1/vars/1 [4]',
];
const KERAS3_OBJECTS = [
  '',
  'layers/add',
  'layers/dense',
  'layers/functional',
  'layers/functional/layers/dense',
  'layers/functional/layers/input_layer',
  'layers/input_layer',
  'layers/sequential',
  'layers/sequential/layers/dense',
  'layers/sequential/layers/dense_1',
];
const H5_WEIGHTS = {
  block: ['block_hidden/kernel:0 [5,6]', 'block_hidden/bias:0 [6]', 'block_out/kernel:0 [6,4]', 'block_out/bias:0 [4]'],
  base: ['base_dense/kernel:0 [4,4]', 'base_dense/bias:0 [4]'],
  head: ['head/kernel:0 [4,2]', 'head/bias:0 [2]'],
};
// Keras 3 numbers calls from 0 in inbound nodes; tf.keras 2 counts a nested model built on its own input from 1.
const KERAS3_CALLS = {
  block: [[['features', 0, 0]]],
  base: [[['block', 0, 0]], [['base', 0, 0]]],
  sum: [
    [
      ['base', 0, 0],
      ['base', 1, 0],
    ],
  ],
  head: [[['sum', 0, 0]]],
};
const TF2_CALLS = {
  block: [[['features', 0, 0]]],
  base: [[['block', 1, 0]], [['base', 1, 0]]],
  sum: [
    [
      ['base', 1, 0],
      ['base', 2, 0],
    ],
  ],
  head: [[['sum', 0, 0]]],
};

type Member = { path: string; shape?: number[]; weight_names?: string[] };
type Layout = Record<string, { config: { layers: { name: string; inbound?: JsonValue }[] }; weights: Member[] }>;

const callsOf = (layers: { name: string; inbound?: JsonValue }[]): Record<string, JsonValue> =>
  Object.fromEntries(layers.filter((l) => l.name !== 'features').map((l) => [l.name, l.inbound ?? null]));

test('h5py sees Keras 3 and tf.keras 2 layouts in the nested-model files nabla saved (layout.json)', () => {
  const layout = JSON.parse(readFileSync(join(FIXTURES, 'layout.json'), 'utf8')) as Layout;
  const keras = layout['functional.keras'];
  assert.deepEqual(
    keras.weights
      .filter((m) => m.shape)
      .map((m) => `${m.path} ${JSON.stringify(m.shape)}`)
      .sort(),
    KERAS3_DATASETS,
  );
  assert.deepEqual(
    keras.weights
      .filter((m) => m.path === 'vars' || m.path.endsWith('/vars'))
      .map((m) => m.path.replace(/\/?vars$/, ''))
      .sort(),
    KERAS3_OBJECTS,
  );
  assert.deepEqual(callsOf(keras.config.layers), KERAS3_CALLS);
  const h5 = layout['functional.h5'];
  for (const [group, weights] of Object.entries(H5_WEIGHTS)) {
    const names = weights.map((w) => w.split(' ')[0]);
    assert.deepEqual(h5.weights.find((m) => m.path === group)?.weight_names, names, group);
    for (const w of weights) {
      const [name, shape] = w.split(' ');
      const member = h5.weights.find((m) => m.path === `${group}/${name}`);
      assert.equal(JSON.stringify(member?.shape), shape, `${group}/${name}`);
    }
  }
  assert.deepEqual(callsOf(h5.config.layers), TF2_CALLS);
});

// nabla's own reading of what it writes now: the same layout as the fixture (catches a change in the writer).
test('nabla writes the same nested layouts now', async () => {
  const { model } = functionalWithNestedModels();
  const kerasPath = join(folder, 'layout.keras');
  await model.save(kerasPath);
  const zip = await readKerasZip(kerasPath);
  assert.deepEqual(zip.objects.map((o) => o.path).sort(), KERAS3_OBJECTS);
  const datasets = zip.objects.flatMap((o) => o.vars.map((v, k) => `${o.path}/vars/${k} ${JSON.stringify(v.shape)}`));
  assert.deepEqual(datasets.sort(), KERAS3_DATASETS);
  assert.deepEqual(callsOf(summarize(zip.config)), KERAS3_CALLS);
  assert.deepEqual((zip.config.config as JsonObject).output_layers, [['head', 0, 0]]);

  const h5Path = join(folder, 'layout.h5');
  await model.save(h5Path);
  const contents = await readKerasH5(h5Path);
  for (const [group, weights] of Object.entries(H5_WEIGHTS)) {
    const stored = contents.layers.find((l) => l.name === group)!;
    assert.deepEqual(
      stored.weights.map((w) => `${w.name} ${JSON.stringify(w.shape)}`),
      weights,
    );
  }
  assert.deepEqual(callsOf(summarize(contents.modelConfig!)), TF2_CALLS);
});

function summarize(modelConfig: JsonObject): { name: string; inbound?: JsonValue }[] {
  const layers = (modelConfig.config as JsonObject).layers as JsonObject[];
  return layers.map((layer) => ({
    name: layer.name as string,
    inbound: (layer.inbound_nodes as JsonValue[]).map((node) => {
      if (Array.isArray(node)) return node.map((item) => (item as JsonValue[]).slice(0, 3));
      const args = (node as JsonObject).args as JsonValue[];
      const tensors = (args.length === 1 && Array.isArray(args[0]) ? args[0] : args) as JsonObject[];
      return tensors.map((t) => (t.config as JsonObject).keras_history as JsonValue);
    }),
  }));
}

const reference = JSON.parse(readFileSync(join(FIXTURES, 'keras-nested.json'), 'utf8')) as {
  x: number[][];
  y: number[][];
  weights: Record<string, number[][] | number[][][]>;
};

for (const file of ['tfkeras-nested.h5', 'keras3-nested.keras']) {
  test(`${file}, nested models written the way Keras writes them, loads and predicts what numpy computes`, async () => {
    const model = await nb.loadModel<nb.Model>(join(FIXTURES, file));
    assert.deepEqual(
      model.layers.map((l) => l.className),
      ['InputLayer', 'Sequential', 'Functional'],
    );
    const y = await predict(model, reference.x);
    const expected = reference.y.flat();
    assert.equal(y.length, expected.length);
    for (let i = 0; i < expected.length; i++)
      assert.ok(Math.abs(y[i] - expected[i]) < 1e-5, `output ${i}: ${y[i]} vs ${expected[i]}`);
  });
}

// tf.keras 2 and Keras 2.x wrote a nested model's calls from 1 when it held its own first node, by rules that
// changed between versions; the stored numbers tell which (the highest reaches the call count).
test('stored node numbers of nested models become call indices, whichever way Keras counted them', () => {
  const dense = { class_name: 'Dense', config: { name: 'd', units: 2 } };
  const tfKeras = (blockRef: number, outputRef: number): JsonObject => ({
    class_name: 'Functional',
    config: {
      name: 'outer',
      layers: [
        { class_name: 'InputLayer', config: { batch_input_shape: [null, 3], name: 'x' }, name: 'x', inbound_nodes: [] },
        {
          class_name: 'Sequential',
          config: { name: 'block', layers: [dense] },
          name: 'block',
          inbound_nodes: [[['x', 0, 0, {}]]],
        },
        {
          class_name: 'Sequential',
          config: { name: 'twice', layers: [{ ...dense, config: { name: 'e', units: 2 } }] },
          name: 'twice',
          inbound_nodes: [[['block', blockRef, 0, {}]], [['twice', outputRef - 1, 0, {}]]],
        },
      ],
      input_layers: [['x', 0, 0]],
      output_layers: [['twice', outputRef, 0]],
    },
  });
  const calls = (d: ReturnType<typeof parseFunctionalConfig>) => [
    d.layers[2].nodes.map((n) => `${n.inputs[0].layer}[${n.inputs[0].node}]`),
    d.outputs.map((r) => `${r.layer}[${r.node}]`),
  ];
  // Counted from 1 (Keras 2.2's Sequential without an InputLayer in its config, built inside the model).
  assert.deepEqual(calls(parseFunctionalConfig(tfKeras(1, 2), 'from-one.h5')), [
    ['block[0]', 'twice[0]'],
    ['twice[1]'],
  ]);
  // Counted from 0 (tf.keras 2's Sequential built by its call).
  assert.deepEqual(calls(parseFunctionalConfig(tfKeras(0, 1), 'from-zero.h5')), [
    ['block[0]', 'twice[0]'],
    ['twice[1]'],
  ]);
});
