// The new optimizers, the base options and schedules in model files: training resumed from a saved file equals
// training without the interruption, and the files hold what Keras 3 writes (schedule objects in the compile
// config, no learning_rate variable next to a schedule, Nadam's u_product after the slots).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel } from '../../src/models/load-model.ts';
import { AdamW } from '../../src/optimizers/adamw.ts';
import { Adamax } from '../../src/optimizers/adamax.ts';
import { Nadam } from '../../src/optimizers/nadam.ts';
import { Adadelta } from '../../src/optimizers/adadelta.ts';
import { Lion } from '../../src/optimizers/lion.ts';
import { Ftrl } from '../../src/optimizers/ftrl.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import type { Optimizer } from '../../src/optimizers/optimizer.ts';
import { CosineDecay, ExponentialDecay } from '../../src/optimizers/schedules/index.ts';
import { compileOptionsFromKeras } from '../../src/saving/compile-config.ts';
import { readKerasZip } from '../../src/saving/keras-zip.ts';
import { getOptimizer } from '../../src/optimizers/get-optimizer.ts';
import { allWeights, randomData, smallMlp } from '../saving/models-for-tests.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-optimizer-files-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

const data = randomData(40, [12], 3, 11);
const fitOptions = { batchSize: 8, shuffle: false, verbose: 0 as const };
// Rates exact in float32, so that the learning rate stored as float32 in the files is the same number.
const LR = 2 ** -9;
const cosine = () =>
  new CosineDecay({ initialLearningRate: 0, decaySteps: 20, warmupTarget: 0.05, warmupSteps: 5, alpha: 0.1 });

const optimizers: [string, () => Optimizer][] = [
  ['AdamW with clipnorm', () => new AdamW({ learningRate: LR, clipnorm: 0.5 })],
  ['Adamax with globalClipnorm', () => new Adamax({ learningRate: LR, globalClipnorm: 0.5 })],
  ['Nadam', () => new Nadam({ learningRate: LR })],
  ['Adadelta with clipvalue', () => new Adadelta({ learningRate: 0.5, clipvalue: 0.25 })],
  ['Lion with weight decay', () => new Lion({ learningRate: LR, weightDecay: 0.5 })],
  [
    'Ftrl',
    () => new Ftrl({ learningRate: 0.125, l1RegularizationStrength: 0.001, l2ShrinkageRegularizationStrength: 0.01 }),
  ],
  [
    'SGD on a cosine schedule with warmup',
    () => new SGD({ learningRate: cosine(), momentum: 0.875, weightDecay: 0.25 }),
  ],
];

for (const [label, makeOptimizer] of optimizers) {
  for (const extension of ['.h5', '.keras']) {
    test(`${label}: 3 epochs, save("${extension}"), load, 3 more epochs = 6 uninterrupted epochs`, async () => {
      const straight = smallMlp(5);
      straight.compile({ optimizer: makeOptimizer(), loss: 'sparse_categorical_crossentropy' });
      await straight.fit(data.x, data.y, { ...fitOptions, epochs: 6 });

      const first = smallMlp(5);
      first.compile({ optimizer: makeOptimizer(), loss: 'sparse_categorical_crossentropy' });
      await first.fit(data.x, data.y, { ...fitOptions, epochs: 3 });
      const file = join(folder, `resume-${label.replace(/\W+/g, '-')}${extension}`);
      await first.save(file);
      const resumed = await loadModel(file);
      assert.equal(resumed.optimizer?.className, first.optimizer?.className);
      // (tf.keras .h5 files name the optimizer after its class)
      assert.deepEqual(
        { ...resumed.optimizer?.getConfig(), name: null },
        { ...first.optimizer?.getConfig(), name: null },
      );
      assert.equal(resumed.optimizer?.iterations, 15);
      await resumed.fit(data.x, data.y, { ...fitOptions, epochs: 3 });
      assert.deepEqual(allWeights(resumed), allWeights(straight));
    });
  }
}

test('.keras files hold the schedule as Keras writes it and no learning_rate variable next to it', async () => {
  const model = smallMlp(3);
  model.compile({
    optimizer: new SGD({ learningRate: cosine(), momentum: 0.5 }),
    loss: 'sparse_categorical_crossentropy',
  });
  await model.fit(data.x, data.y, { ...fitOptions, epochs: 1 });
  const file = join(folder, 'schedule.keras');
  await model.save(file);
  const contents = await readKerasZip(file);
  const compileConfig = contents.config.compile_config as { optimizer: { config: Record<string, unknown> } };
  assert.deepEqual(compileConfig.optimizer.config.learning_rate, {
    module: 'keras.optimizers.schedules',
    class_name: 'CosineDecay',
    config: {
      initial_learning_rate: 0,
      decay_steps: 20,
      alpha: 0.1,
      name: 'CosineDecay',
      warmup_target: 0.05,
      warmup_steps: 5,
    },
    registered_name: null,
  });
  const vars = contents.objects.find((o) => o.path === 'optimizer')!.vars;
  // iteration, then one momentum slot per variable (kernel, bias, kernel, bias): no learning_rate.
  assert.deepEqual(
    vars.map((v) => v.shape.join('x')),
    ['', '12x16', '16', '16x3', '3'],
  );
  assert.equal(Number(vars[0].data[0]), 5);
});

test("Nadam's u_product is the last optimizer variable, a float32 scalar", async () => {
  const model = smallMlp(3);
  model.compile({ optimizer: 'nadam', loss: 'sparse_categorical_crossentropy' });
  await model.fit(data.x, data.y, { ...fitOptions, epochs: 1 });
  const file = join(folder, 'nadam.keras');
  await model.save(file);
  const vars = (await readKerasZip(file)).objects.find((o) => o.path === 'optimizer')!.vars;
  assert.equal(vars.length, 2 + 2 * 4 + 1);
  const last = vars[vars.length - 1];
  assert.deepEqual(last.shape, []);
  // Π over t = 1..5 of 0.9·(1 − 0.5·0.96^t).
  let product = 1;
  for (let t = 1; t <= 5; t++) product = Math.fround(product * 0.9 * (1 - 0.5 * 0.96 ** t));
  assert.equal(last.data[0], product);
});

test('a Keras 3 compile_config with a schedule and the base options loads into the same optimizer', () => {
  const stored = {
    optimizer: {
      module: 'keras.optimizers',
      class_name: 'AdamW',
      registered_name: null,
      config: {
        name: 'adamw',
        learning_rate: {
          module: 'keras.optimizers.schedules',
          class_name: 'ExponentialDecay',
          registered_name: null,
          config: {
            initial_learning_rate: 0.01,
            decay_steps: 100,
            decay_rate: 0.9,
            staircase: true,
            name: 'ExponentialDecay',
          },
        },
        weight_decay: 0.004,
        clipnorm: null,
        global_clipnorm: 1.5,
        clipvalue: null,
        use_ema: false,
        ema_momentum: 0.99,
        ema_overwrite_frequency: null,
        loss_scale_factor: null,
        gradient_accumulation_steps: null,
        beta_1: 0.9,
        beta_2: 0.999,
        epsilon: 1e-7,
        amsgrad: false,
      },
    },
    loss: 'sparse_categorical_crossentropy',
    loss_weights: null,
    metrics: null,
    weighted_metrics: null,
  };
  const options = compileOptionsFromKeras(stored, 'model.keras');
  const optimizer = getOptimizer(options.optimizer);
  assert.equal(optimizer.className, 'AdamW');
  assert.equal(optimizer.globalClipnorm, 1.5);
  assert.equal(optimizer.weightDecay, 0.004);
  const schedule = optimizer.learningRateSchedule;
  assert.ok(schedule instanceof ExponentialDecay);
  assert.equal(schedule.call(250), 0.01 * 0.9 ** 2);
  const useEma = {
    ...stored,
    optimizer: { ...stored.optimizer, config: { ...stored.optimizer.config, use_ema: true } },
  };
  assert.throws(
    () => getOptimizer(compileOptionsFromKeras(useEma, 'model.keras').optimizer),
    /useEma=true is not supported/,
  );
});
