import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Flatten } from '../../src/layers/flatten.ts';
import { clearSession } from '../../src/layers/naming.ts';

// The tutorial's tf.keras 2.x summary (seed/tutorial-ann-fashion-mnist.md, chapter 18), names from a fresh session.
const EXPECTED = [
  'Model: "sequential"',
  '_________________________________________________________________',
  ' Layer (type)                Output Shape              Param #   ',
  '=================================================================',
  ' flatten (Flatten)           (None, 784)               0         ',
  '                                                                 ',
  ' dense (Dense)               (None, 100)               78500     ',
  '                                                                 ',
  ' dense_1 (Dense)             (None, 10)                1010      ',
  '                                                                 ',
  '=================================================================',
  'Total params: 79,510',
  'Trainable params: 79,510',
  'Non-trainable params: 0',
  '_________________________________________________________________',
  '',
].join('\n');

test('summaryText matches the tf.keras layout character for character', () => {
  clearSession();
  const model = new Sequential();
  model.add(new Flatten({ inputShape: [28, 28] }));
  model.add(new Dense(100, { activation: 'relu' }));
  model.add(new Dense(10, { activation: 'softmax' }));
  assert.equal(model.summaryText(), EXPECTED);
  assert.equal(new Sequential().name, 'sequential_1');
});

test('summary: user names, Korean model name, dropout rows, non-trainable counts, long names wrap', () => {
  clearSession();
  const hidden = new Dense(100, { activation: 'relu', name: 'hidden', inputShape: [784] });
  hidden.trainable = false;
  const model = new Sequential(
    [hidden, new Dropout(0.3), new Dense(10, { activation: 'softmax', name: 'a_very_long_output_layer_name' })],
    { name: '패션 MNIST 모델' },
  );
  const lines = model.summaryText().split('\n');
  assert.equal(lines[0], 'Model: "패션 MNIST 모델"');
  assert.equal(lines[4], ' hidden (Dense)              (None, 100)               78500     ');
  assert.equal(lines[6], ' dropout (Dropout)           (None, 100)               0         ');
  assert.equal(lines[8], ' a_very_long_output_layer_n  (None, 10)                1010      ');
  assert.equal(lines[9], ' ame (Dense)                                                     ');
  assert.ok(
    lines.every(
      (l) => l.length === 0 || l.startsWith('Model') || l.startsWith('Total') || /params/.test(l) || l.length === 65,
    ),
  );
  assert.ok(lines.includes('Trainable params: 1,010'));
  assert.ok(lines.includes('Non-trainable params: 78,500'));
});
