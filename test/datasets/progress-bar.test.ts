import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatProgress } from '../../src/datasets/progress-bar.ts';

test('the download bar has Keras get_file layout: count/total, 30 columns, elapsed seconds', () => {
  assert.equal(formatProgress(0, 100, 0), '  0/100 [..............................] - 0s');
  assert.equal(formatProgress(50, 100, 1.4), ' 50/100 [==============>...............] - 1s');
  assert.equal(formatProgress(100, 100, 2.6), '100/100 [==============================] - 3s');
  for (const done of [1, 33, 67, 99]) {
    const bar = /\[(.*)\]/.exec(formatProgress(done, 100, 0))?.[1] ?? '';
    assert.equal(bar.length, 30, `width at ${done}`);
  }
});
