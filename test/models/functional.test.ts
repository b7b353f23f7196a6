import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.ts';
import { KerasTensor } from '../../src/layers/keras-tensor.ts';

const { Dense, Concatenate } = nb.layers;

/** Seeded uniform values in [-1, 1). */
function uniform(shape: number[], seed: number): nb.Tensor {
  const g = new nb.random.Generator(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  return new nb.Tensor(
    Float32Array.from({ length: n }, () => g.uniform() * 2 - 1),
    shape,
  );
}

/** x·W + b for a Dense layer's weights, in float64, then relu when asked. */
function dense(x: number[][], layer: nb.layers.Dense, relu = false): number[][] {
  const [w, b] = layer.getWeights();
  const units = b.shape[0];
  return x.map((row) =>
    Array.from({ length: units }, (_, u) => {
      let z = b.data[u];
      row.forEach((v, i) => (z += v * w.data[i * units + u]));
      return relu ? Math.max(0, z) : z;
    }),
  );
}

function rows(t: nb.Tensor): number[][] {
  const width = t.data.length / t.shape[0];
  return Array.from({ length: t.shape[0] }, (_, r) => Array.from(t.data.subarray(r * width, (r + 1) * width)));
}

function wideAndDeep(): { model: nb.Model; hidden: nb.layers.Dense; top: nb.layers.Dense } {
  const wide = nb.Input({ shape: [5] }),
    deep = nb.Input({ shape: [6] });
  const hidden = new Dense(30, { activation: 'relu', seed: 1 });
  const top = new Dense(1, { seed: 2 });
  const out = top.apply(new Concatenate().apply([wide, hidden.apply(deep)]));
  return { model: new nb.Model({ inputs: [wide, deep], outputs: out }), hidden, top };
}

test('Input gives a symbolic tensor; apply on it records a node, on a Tensor it computes', () => {
  const x = nb.Input({ shape: [4], name: 'features' });
  assert.ok(x instanceof KerasTensor);
  assert.deepEqual(x.shape, [null, 4]);
  assert.equal(x.sourceLayer.className, 'InputLayer');
  assert.equal(nb.Input({ shape: [3], batchSize: 8 }).shape[0], 8);
  const layer = new Dense(3);
  const y = layer.apply(x);
  assert.ok(y instanceof KerasTensor);
  assert.deepEqual(y.shape, [null, 3]);
  assert.equal(layer.input, x);
  assert.equal(layer.output, y);
  assert.equal(y.node.inputs[0], x);
  const eager = layer.apply(uniform([2, 4], 1));
  assert.ok(eager instanceof nb.Tensor);
  assert.deepEqual(eager.shape, [2, 3]);
  assert.throws(() => new Dense(2).output, nb.ValueError);
  assert.throws(() => nb.Input({ shape: [4], shap: 1 } as never), /shap/);
  assert.throws(() => layer.apply(nb.Input({ shape: [5] })), nb.ShapeError);
});

test('wide & deep: predict equals the layers computed by hand, and fit lowers the loss', async () => {
  const { model, hidden, top } = wideAndDeep();
  assert.equal(model.layers.length, 5);
  assert.deepEqual(
    model.layers.map((l) => l.className),
    ['InputLayer', 'InputLayer', 'Dense', 'Concatenate', 'Dense'],
  );
  assert.equal(model.getLayer(2), hidden);
  assert.equal(model.getLayer(top.name), top);
  assert.equal(model.countParams(), 6 * 30 + 30 + 35 + 1);
  const xWide = uniform([64, 5], 3),
    xDeep = uniform([64, 6], 4);
  const expected = dense(
    rows(xWide).map((w, r) => [...w, ...dense(rows(xDeep), hidden, true)[r]]),
    top,
  );
  const got = (await model.predict([xWide, xDeep], { verbose: 0 })) as nb.Tensor;
  assert.deepEqual(got.shape, [64, 1]);
  got.data.forEach((v, r) => assert.ok(Math.abs(v - expected[r][0]) < 1e-5, `row ${r}: ${v} vs ${expected[r][0]}`));
  const y = new nb.Tensor(
    Float32Array.from({ length: 64 }, (_, r) => xWide.data[r * 5] - xDeep.data[r * 6 + 1]),
    [64, 1],
  );
  model.compile({ optimizer: 'adam', loss: 'mse' });
  const history = await model.fit([xWide, xDeep], y, { epochs: 20, batchSize: 4, verbose: 0, seed: 0 });
  const losses = history.history.loss;
  assert.ok(losses[losses.length - 1] < losses[0] * 0.5, `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
  const byName = await model.evaluate({ [model.inputNames[0]]: xWide, [model.inputNames[1]]: xDeep }, y, {
    verbose: 0,
  });
  assert.equal(byName, await model.evaluate([xWide, xDeep], y, { verbose: 0 }));
  await assert.rejects(model.fit(xWide, y, { verbose: 0 }), /2 inputs/);
});

test('summary has the Functional form with a Connected to column', () => {
  nb.clearSession();
  const { model } = wideAndDeep();
  const text = model.summaryText();
  assert.match(text, /Layer \(type\) {16}Output Shape {17}Param # {3}Connected to/);
  assert.match(text, /input_1 \(InputLayer\) {8}\[\(None, 5\)\] {18}0 {9}\[\]/);
  assert.match(text, /concatenate \(Concatenate\) {3}\(None, 35\) {19}0 {9}\['input_1\[0\]\[0\]',/);
  assert.match(text, /\n {69}'dense\[0\]\[0\]'\]/);
  assert.match(text, /Total params: 246/);
});

/** The gradient fit applies, read back from one plain SGD step: (w - w') / lr. */
async function sgdGradient(
  model: nb.Model,
  x: nb.Tensor[],
  y: nb.Tensor | nb.Tensor[],
  lr: number,
): Promise<Float32Array> {
  const before = model.getWeights();
  await model.trainOnBatch(x, y);
  const after = model.getWeights();
  model.setWeights(before);
  const grads = before.flatMap((w, k) => Array.from(w.data, (v, i) => (v - after[k].data[i]) / lr));
  return Float32Array.from(grads);
}

/** The model's weights set from one flat vector. */
function setFlat(model: nb.Model, shapes: number[][], params: Float64Array): void {
  let at = 0;
  model.setWeights(
    shapes.map((s) => {
      const size = s.reduce((a, b) => a * b, 1);
      const t = new nb.Tensor(Float32Array.from(params.subarray(at, at + size)), s);
      at += size;
      return t;
    }),
  );
}

/**
 * Central differences of the loss (testOnBatch) over every weight against the gradient that one plain SGD
 * step applied, in float32 (hence the loose tolerances).
 */
async function checkModelGradient(
  model: nb.Model,
  x: nb.Tensor[],
  y: nb.Tensor | nb.Tensor[],
  label: string,
): Promise<void> {
  const lr = 1e-3;
  model.compile({
    optimizer: new nb.optimizers.SGD({ learningRate: lr }),
    loss: 'mse',
    ...(Array.isArray(y) ? { lossWeights: [1, 0.5] } : {}),
  });
  const analytic = await sgdGradient(model, x, y, lr);
  const shapes = model.getWeights().map((w) => [...w.shape]);
  const params = Float64Array.from(model.getWeights().flatMap((w) => Array.from(w.data)));
  const loss = async (): Promise<number> => {
    const value = (await model.testOnBatch(x, y)) as number | number[];
    return Array.isArray(value) ? value[0] : value;
  };
  const h = 2e-3;
  let worst = 0;
  for (let i = 0; i < params.length; i++) {
    const original = params[i];
    params[i] = original + h;
    setFlat(model, shapes, params);
    const plus = await loss();
    params[i] = original - h;
    setFlat(model, shapes, params);
    const minus = await loss();
    params[i] = original;
    const numeric = (plus - minus) / (2 * h);
    const ratio = Math.abs(numeric - analytic[i]) / (2e-3 + 3e-2 * Math.abs(numeric));
    worst = Math.max(worst, ratio);
    assert.ok(ratio < 1, `${label}: weight ${i}: numeric ${numeric}, analytic ${analytic[i]}`);
  }
  setFlat(model, shapes, params);
  assert.ok(worst < 1);
}

test('gradients through a graph with fan-out, a shared layer and merges match finite differences', async () => {
  const a = nb.Input({ shape: [3] }),
    b = nb.Input({ shape: [3] });
  const shared = new Dense(4, { activation: 'tanh', seed: 5 });
  const left = shared.apply(a),
    right = shared.apply(b);
  const mixed = new nb.layers.Multiply().apply([left, new Dense(4, { activation: 'tanh', seed: 6 }).apply(left)]);
  const out = new Dense(2, { seed: 7 }).apply(new Concatenate().apply([mixed, right, a]));
  const model = new nb.Model({ inputs: [a, b], outputs: out });
  assert.equal(model.layers.filter((l) => l === shared).length, 1);
  assert.equal(shared.inboundNodes.length, 2);
  await checkModelGradient(model, [uniform([6, 3], 8), uniform([6, 3], 9)], uniform([6, 2], 10), 'graph');
});

for (const name of ['Add', 'Subtract', 'Multiply', 'Average', 'Maximum', 'Minimum'] as const) {
  test(`${name}: forward by hand and gradients by finite differences`, async () => {
    const a = nb.Input({ shape: [4] }),
      b = nb.Input({ shape: [4] });
    const merge = new nb.layers[name]();
    const out = new Dense(1, { seed: 3 }).apply(
      merge.apply([new Dense(4, { seed: 1 }).apply(a), new Dense(4, { seed: 2 }).apply(b)]),
    );
    const model = new nb.Model({ inputs: [a, b], outputs: out });
    const u = uniform([3, 4], 11),
      v = uniform([3, 4], 12);
    const rule = {
      Add: (p: number, q: number) => p + q,
      Subtract: (p: number, q: number) => p - q,
      Multiply: (p: number, q: number) => p * q,
      Average: (p: number, q: number) => (p + q) / 2,
      Maximum: Math.max,
      Minimum: Math.min,
    }[name];
    const eager = merge.apply([u, v]);
    eager.data.forEach((value, i) => assert.ok(Math.abs(value - rule(u.data[i], v.data[i])) < 1e-6));
    await checkModelGradient(model, [uniform([5, 4], 13), uniform([5, 4], 14)], uniform([5, 1], 15), name);
  });
}

test('Concatenate joins any axis; merges refuse mismatched shapes', () => {
  const u = new nb.Tensor(Float32Array.from([1, 2, 3, 4]), [1, 2, 2]),
    v = new nb.Tensor(Float32Array.from([5, 6]), [1, 1, 2]);
  assert.deepEqual(Array.from(new Concatenate({ axis: 1 }).apply([u, v]).data), [1, 2, 3, 4, 5, 6]);
  const w = new nb.Tensor(Float32Array.from([7, 8]), [1, 2, 1]);
  assert.deepEqual(Array.from(new Concatenate().apply([u, w]).data), [1, 2, 7, 3, 4, 8]);
  assert.throws(
    () => new Concatenate().apply([nb.Input({ shape: [2, 2] }), nb.Input({ shape: [3, 2] })]),
    nb.ShapeError,
  );
  assert.throws(() => new nb.layers.Add().apply([nb.Input({ shape: [2] }), nb.Input({ shape: [3] })]), nb.ShapeError);
  assert.throws(
    () =>
      new nb.layers.Subtract().apply([nb.Input({ shape: [2] }), nb.Input({ shape: [2] }), nb.Input({ shape: [2] })]),
    nb.ValueError,
  );
  assert.throws(() => new nb.layers.Add().apply(nb.Input({ shape: [2] })), nb.ValueError);
  assert.throws(() => new Concatenate({ axis: 0 }), nb.ValueError);
});

test('several outputs: a loss per output, loss weights, logs named after the outputs', async () => {
  const x = nb.Input({ shape: [4] });
  const trunk = new Dense(6, { activation: 'relu', seed: 1 }).apply(x);
  const main = new Dense(1, { name: 'main', seed: 2 }).apply(trunk);
  const aux = new Dense(3, { name: 'aux', activation: 'softmax', seed: 3 }).apply(trunk);
  const model = new nb.Model({ inputs: x, outputs: [main, aux] });
  const data = uniform([20, 4], 4);
  const yMain = uniform([20, 1], 5);
  const yAux = new nb.Tensor(
    Float32Array.from({ length: 20 }, (_, i) => i % 3),
    [20],
  );
  model.compile({
    optimizer: 'sgd',
    loss: { main: 'mse', aux: 'sparse_categorical_crossentropy' },
    lossWeights: [1, 0.2],
    metrics: { aux: ['accuracy'] },
  });
  assert.deepEqual(model.metricsNames, ['loss', 'main_loss', 'aux_loss', 'aux_accuracy']);
  const logs = await model.evaluate(data, [yMain, yAux], { verbose: 0, returnDict: true });
  assert.deepEqual(Object.keys(logs), ['loss', 'main_loss', 'aux_loss', 'aux_accuracy']);
  assert.ok(Math.abs(logs.loss - (logs.main_loss + 0.2 * logs.aux_loss)) < 1e-5);
  const mainOnly = new nb.Model({ inputs: x, outputs: main });
  mainOnly.compile({ optimizer: 'sgd', loss: 'mse' });
  assert.ok(Math.abs((await mainOnly.evaluate(data, yMain, { verbose: 0 })) - logs.main_loss) < 1e-6);
  const predictions = (await model.predict(data, { verbose: 0 })) as nb.Tensor[];
  assert.deepEqual(
    predictions.map((p) => p.shape),
    [
      [20, 1],
      [20, 3],
    ],
  );
  const history = await model.fit(data, { main: yMain, aux: yAux }, { epochs: 2, verbose: 0 });
  assert.deepEqual(Object.keys(history.history), ['loss', 'main_loss', 'aux_loss', 'aux_accuracy']);
  assert.throws(() => model.compile({ loss: ['mse'] }), /one entry per output/);
  assert.throws(() => model.compile({ loss: { other: 'mse' } }), /not outputs/);
  await checkModelGradient(
    new nb.Model({ inputs: x, outputs: [main, new Dense(2, { seed: 9 }).apply(trunk)] }),
    [data],
    [yMain, uniform([20, 2], 6)],
    'two outputs',
  );
});

test('a disconnected graph and non-Input inputs are refused', () => {
  const a = nb.Input({ shape: [2] }),
    b = nb.Input({ shape: [2] });
  const out = new nb.layers.Add().apply([a, b]);
  assert.throws(() => new nb.Model({ inputs: a, outputs: out }), /disconnected/);
  assert.throws(() => new nb.Model({ inputs: out, outputs: out }), /nb.Input/);
});

test('a Sequential exposes inputs, outputs and layer outputs: a sub-model shares its weights', async () => {
  const seq = new nb.Sequential([
    new Dense(5, { activation: 'relu', inputShape: [3], seed: 1 }),
    new Dense(2, { seed: 2 }),
  ]);
  assert.deepEqual(seq.inputs[0].shape, [null, 3]);
  assert.deepEqual(seq.outputs[0].shape, [null, 2]);
  const features = new nb.Model({ inputs: seq.inputs, outputs: seq.layers[0].output });
  const x = uniform([7, 3], 3);
  const byHand = () => seq.layers[0].apply(x) as nb.Tensor;
  assert.deepEqual(
    Array.from(((await features.predict(x, { verbose: 0 })) as nb.Tensor).data),
    Array.from(byHand().data),
  );
  seq.compile({ optimizer: 'sgd', loss: 'mse' });
  await seq.fit(x, uniform([7, 2], 4), { epochs: 3, verbose: 0 });
  const after = (await features.predict(x, { verbose: 0 })) as nb.Tensor;
  assert.deepEqual(Array.from(after.data), Array.from(byHand().data));
  assert.equal(features.layers[1], seq.layers[0]);
  const whole = new nb.Model({ inputs: seq.inputs, outputs: seq.outputs });
  assert.deepEqual(
    Array.from(((await whole.predict(x, { verbose: 0 })) as nb.Tensor).data),
    Array.from((await seq.predict(x, { verbose: 0 })).data),
  );
  assert.throws(() => new nb.Sequential([new Dense(2)]).inputs, nb.ValueError);
});

test('a Sequential called as a layer of a functional model runs its layers in the graph', async () => {
  const inner = new nb.Sequential([
    new Dense(4, { activation: 'relu', inputShape: [3], seed: 1 }),
    new Dense(2, { seed: 2 }),
  ]);
  const a = nb.Input({ shape: [3] }),
    b = nb.Input({ shape: [3] });
  const out = new nb.layers.Add().apply([inner.apply(a), inner.apply(b)]);
  const model = new nb.Model({ inputs: [a, b], outputs: out });
  const u = uniform([4, 3], 5),
    v = uniform([4, 3], 6);
  const [pu, pv] = [await inner.predict(u, { verbose: 0 }), await inner.predict(v, { verbose: 0 })];
  const got = (await model.predict([u, v], { verbose: 0 })) as nb.Tensor;
  got.data.forEach((value, i) => assert.ok(Math.abs(value - (pu.data[i] + pv.data[i])) < 1e-6));
  await checkModelGradient(model, [u, v], uniform([4, 2], 7), 'nested Sequential called twice');
});

test('a functional model as a layer: inside another functional model and inside a Sequential', async () => {
  const x = nb.Input({ shape: [3] });
  const branch = new Dense(4, { activation: 'tanh', seed: 1 }).apply(x);
  const block = new nb.Model({
    inputs: x,
    outputs: new nb.layers.Add().apply([branch, new Dense(4, { seed: 2 }).apply(branch)]),
    name: 'block',
  });
  const a = nb.Input({ shape: [3] }),
    b = nb.Input({ shape: [3] });
  const outer = new nb.Model({
    inputs: [a, b],
    outputs: new Dense(2, { seed: 3 }).apply(new Concatenate().apply([block.apply(a), block.apply(b)])),
  });
  const u = uniform([5, 3], 4),
    v = uniform([5, 3], 5);
  const [bu, bv] = [
    (await block.predict(u, { verbose: 0 })) as nb.Tensor,
    (await block.predict(v, { verbose: 0 })) as nb.Tensor,
  ];
  const top = outer.layers[outer.layers.length - 1] as nb.layers.Dense;
  const expected = dense(
    rows(bu).map((r, i) => [...r, ...rows(bv)[i]]),
    top,
  );
  const got = (await outer.predict([u, v], { verbose: 0 })) as nb.Tensor;
  got.data.forEach((value, i) => assert.ok(Math.abs(value - expected[Math.floor(i / 2)][i % 2]) < 1e-5));
  assert.equal(outer.countParams(), block.countParams() + 8 * 2 + 2);
  await checkModelGradient(outer, [u, v], uniform([5, 2], 6), 'nested functional');
  const seq = new nb.Sequential([block, new Dense(1, { seed: 7 })]);
  assert.deepEqual(seq.outputShape, [null, 1]);
  const seqOut = await seq.predict(u, { verbose: 0 });
  assert.equal(seqOut.shape[0], 5);
  assert.throws(
    () => new nb.Model({ inputs: [a, b], outputs: [outer.outputs[0], outer.outputs[0]] }).asLayer(),
    nb.ValueError,
  );
});

test('callbacks work on a functional model: checkpoint of the best epoch, early stopping that restores it', async () => {
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'nabla-functional-cb-'));
  try {
    const { model } = wideAndDeep();
    const xWide = uniform([40, 5], 21),
      xDeep = uniform([40, 6], 22),
      y = uniform([40, 1], 23);
    model.compile({ optimizer: new nb.optimizers.SGD({ learningRate: 0.5 }), loss: 'mse' });
    const path = join(dir, 'best.keras');
    const stopping = new nb.callbacks.EarlyStopping({ patience: 1, restoreBestWeights: true });
    const history = await model.fit([xWide, xDeep], y, {
      epochs: 30,
      verbose: 0,
      validationSplit: 0.25,
      seed: 1,
      callbacks: [new nb.callbacks.ModelCheckpoint(path, { saveBestOnly: true }), stopping],
    });
    const valLosses = history.history.val_loss;
    assert.ok(valLosses.length < 30, `early stopping stopped after ${valLosses.length} epochs`);
    const best = Math.min(...valLosses);
    const restored = await model.evaluate([xWide.slice(30, 40), xDeep.slice(30, 40)], y.slice(30, 40), { verbose: 0 });
    assert.ok(Math.abs(restored - best) < 1e-5, `restored ${restored}, best val_loss ${best}`);
    const saved = await nb.loadModel<nb.Model>(path);
    const fromFile = await saved.evaluate([xWide.slice(30, 40), xDeep.slice(30, 40)], y.slice(30, 40), { verbose: 0 });
    assert.ok(Math.abs(fromFile - best) < 1e-5);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
