// CSVLogger writes what Keras's CSVLogger writes: sorted columns, Python number forms, \r\n rows, NA gaps.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CSVLogger } from '../../src/callbacks/csv-logger.ts';
import type { Logs } from '../../src/callbacks/callback.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-csv-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

function run(logger: CSVLogger, logs: Logs[]): void {
  logger.onTrainBegin();
  logs.forEach((l, epoch) => logger.onEpochEnd(epoch, l));
  logger.onTrainEnd();
}

test('header is epoch then the sorted log keys; values are written as Python writes floats', () => {
  const file = join(folder, 'training.log');
  run(new CSVLogger(file), [
    { loss: 1, accuracy: 0.5, val_loss: 0.25, val_accuracy: 1e-5 },
    { loss: 0.1, accuracy: 0.75, val_loss: 0.3333333333333333, val_accuracy: 0.123456789 },
  ]);
  assert.equal(
    readFileSync(file, 'utf8'),
    'epoch,accuracy,loss,val_accuracy,val_loss\r\n' +
      '0,0.5,1.0,1e-05,0.25\r\n' +
      '1,0.75,0.1,0.123456789,0.3333333333333333\r\n',
  );
});

test('without validation logs the val_ columns are reserved and filled with NA; append keeps one header', () => {
  const file = join(folder, 'appended.csv');
  run(new CSVLogger(file, { separator: ';' }), [{ loss: 2 }]);
  run(new CSVLogger(file, { separator: ';', append: true }), [{ loss: 1.5 }]);
  assert.equal(readFileSync(file, 'utf8'), 'epoch;loss;val_loss\r\n0;2.0;NA\r\n0;1.5;NA\r\n');
});

test('each row is on disk when its epoch ends', () => {
  const file = join(folder, 'flushed.csv');
  const logger = new CSVLogger(file);
  logger.onTrainBegin();
  logger.onEpochEnd(0, { loss: 0.5 });
  assert.equal(readFileSync(file, 'utf8'), 'epoch,loss,val_loss\r\n0,0.5,NA\r\n');
  logger.onTrainEnd();
});
