import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteProgressBar, formatProgress } from '../../src/datasets/progress-bar.ts';

test('the download bar has Keras get_file layout: count/total, 30 columns, elapsed seconds', () => {
  assert.equal(formatProgress(0, 100, 0), '  0/100 [..............................] - 0s');
  assert.equal(formatProgress(50, 100, 1.4), ' 50/100 [==============>...............] - 1s');
  assert.equal(formatProgress(100, 100, 2.6), '100/100 [==============================] - 3s');
  for (const done of [1, 33, 67, 99]) {
    const bar = /\[(.*)\]/.exec(formatProgress(done, 100, 0))?.[1] ?? '';
    assert.equal(bar.length, 30, `width at ${done}`);
  }
});

test('a bar redraws on one line, ends it when complete, and a stopped bar can end its line', () => {
  const written: string[] = [];
  const stream = { write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream;
  const bar = new ByteProgressBar(stream, 100);
  bar.update(50);
  assert.deepEqual(written, ['\r 50/100 [==============>...............] - 0s']);
  bar.abandon();
  assert.deepEqual(written.slice(1), ['\n']);
  const done = new ByteProgressBar(stream, 100);
  done.update(100);
  done.abandon();
  assert.deepEqual(written.slice(2), ['\r100/100 [==============================] - 0s', '\n']);
});
