// 'auto' mode of the monitoring callbacks: the direction Keras 3 gives each metric (its `_direction`; losses
// go down), for the training and the validation names, and an error for a name with no known direction.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveMonitorMode } from '../../src/callbacks/monitor-mode.ts';
import { ValueError } from '../../src/errors.ts';

test("'auto' minimises losses, errors and wrong-prediction counts and maximises the rest of Keras's metrics", () => {
  const down = [
    'loss',
    'val_loss',
    'output_1_loss',
    'mean_squared_error',
    'root_mean_squared_error',
    'false_positives',
  ];
  const up = [
    'accuracy',
    'val_sparse_categorical_accuracy',
    'auc',
    'val_precision',
    'recall',
    'true_positives',
    'true_negatives',
    'precision_at_recall',
    'specificity_at_sensitivity',
  ];
  for (const name of [...down, 'val_false_negatives'])
    assert.equal(resolveMonitorMode('auto', name, 'EarlyStopping'), 'min', name);
  for (const name of up) assert.equal(resolveMonitorMode('auto', name, 'EarlyStopping'), 'max', name);
  assert.equal(resolveMonitorMode('max', 'loss', 'EarlyStopping'), 'max', 'an explicit mode wins');
  assert.throws(() => resolveMonitorMode('auto', 'lr', 'EarlyStopping'), ValueError);
  assert.throws(() => resolveMonitorMode('upward', 'loss', 'EarlyStopping'), /mode must be 'auto', 'min' or 'max'/);
});
