import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type LayerArgs, type LayerStep, type StepOptions, Layer } from '../../src/layers/layer.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/**
 * y = x + offset, and a non-trainable `count` of the training forward passes. Its backward pass writes a
 * gradient of 1 into count's gradient buffer on purpose: the optimizer must still leave count alone.
 */
class CountingShift extends Layer {
  constructor(args: LayerArgs = {}) {
    super('CountingShift', args);
  }

  override get weightNames(): string[] {
    return ['offset', 'count'];
  }

  override get nonTrainableWeightNames(): string[] {
    return ['count'];
  }

  override weightShapes(inputShape: readonly number[]): number[][] {
    return [[inputShape[0]], [1]];
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override createStep(options: StepOptions): LayerStep {
    const cols = this.inputShape![0];
    const output = options.alloc(options.maxRows * cols);
    const outputGrad = options.withGradients ? options.alloc(options.maxRows * cols) : null;
    return {
      output,
      outputGrad,
      forward: (rows, training) => {
        const [offset, count] = this.weightValues;
        for (let i = 0; i < rows * cols; i++) output[i] = options.input[i] + offset[i % cols];
        if (training) count[0] += 1;
      },
      backward: (rows) => {
        const [offsetGrad, countGrad] = this.weightGrads;
        offsetGrad.fill(0);
        for (let i = 0; i < rows * cols; i++) offsetGrad[i % cols] += outputGrad![i];
        countGrad[0] = 1;
        if (options.inputGrad !== null) options.inputGrad.set(outputGrad!.subarray(0, rows * cols));
      },
    };
  }
}

function model(): { model: Sequential; shift: CountingShift } {
  const shift = new CountingShift({ inputShape: [3] });
  return { model: new Sequential([shift, new Dense(2, { activation: 'softmax', seed: 1 })]), shift };
}

const x = new Tensor(
  Float32Array.from({ length: 24 }, (_, i) => Math.sin(i)),
  [8, 3],
);
const y = new Tensor(Int32Array.from([0, 1, 0, 1, 1, 0, 1, 0]), [8]);

test('a non-trainable weight gets no optimizer update and no optimizer slots', async () => {
  const { model: m, shift } = model();
  m.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy' });
  await m.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0, shuffle: false });
  const [offset, count] = shift.getWeights();
  assert.deepEqual(Array.from(count.data), [6], 'only the layer itself changed count: 2 batches × 3 epochs');
  assert.ok(
    offset.data.some((v) => v !== 0),
    'the trainable weight was trained',
  );
  // iterations, learning_rate, then m and v for offset, Dense kernel and Dense bias: none for count.
  assert.equal(m.optimizer!.getWeights().length, 2 + 2 * 3);
  assert.equal(shift.isWeightTrainable(0), true);
  assert.equal(shift.isWeightTrainable(1), false);
});

test('summary counts non-trainable weights as Non-trainable params', () => {
  const { model: m, shift } = model();
  const text = m.summaryText();
  assert.match(text, /Total params: 12\n/);
  assert.match(text, /Trainable params: 11\n/);
  assert.match(text, /Non-trainable params: 1\n/);
  shift.trainable = false;
  assert.equal(shift.countTrainableParams(), 0);
  assert.match(m.summaryText(), /Non-trainable params: 4\n/);
});
