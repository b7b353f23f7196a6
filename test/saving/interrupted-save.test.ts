// Saves are atomic: a process killed in the middle of a save, or a write that fails, leaves the previous
// checkpoint whole and loadable.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadModel } from '../../src/models/load-model.ts';
import { writeAtomically } from '../../src/saving/atomic-write.ts';
import { readKerasH5, writeKerasH5Model } from '../../src/saving/keras-h5.ts';
import { allWeights, smallMlp } from './models-for-tests.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-interrupted-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));
const CHILD = fileURLToPath(new URL('./helpers/save-forever.ts', import.meta.url));

test('killing a process in the middle of model.save() leaves the previous checkpoint loadable', {
  timeout: 120_000,
}, async () => {
  const path = join(folder, 'checkpoint.h5');
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, path], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += String(chunk)));
  // Wait for one complete save, then for the next save's temporary file, and kill while it exists.
  const caughtMidSave = await new Promise<boolean>((resolve, reject) => {
    child.on('exit', () => reject(new Error(`the saving process ended early:\n${output}`)));
    const poll = setInterval(() => {
      if (!output.includes('saved 0')) return;
      if (readdirSync(folder).some((name) => name.endsWith('.tmp'))) {
        child.kill('SIGKILL');
        clearInterval(poll);
        resolve(true);
      }
    }, 2);
  }).catch((error) => {
    child.kill('SIGKILL');
    throw error;
  });
  await new Promise((resolve) => child.once('close', resolve));
  assert.ok(caughtMidSave);
  assert.ok(
    readdirSync(folder).some((name) => name.endsWith('.tmp')),
    'the killed save left its unfinished temporary file',
  );
  const model = await loadModel(path);
  const checksum = Number(/checksum (\S+)/.exec(output)![1]);
  const loaded = Array.from(allWeights(model)).reduce((a, b) => a + b, 0);
  assert.ok(
    Math.abs(loaded - checksum) <= 1e-6 * Math.max(1, Math.abs(checksum)),
    `loaded ${loaded}, saved ${checksum}`,
  );
});

test('a save whose writing fails leaves the previous file untouched and no temporary file behind', async () => {
  const path = join(folder, 'kept.h5');
  const model = smallMlp(3);
  await model.save(path);
  const before = readFileSync(path);
  const contents = await readKerasH5(path);
  // A weight whose data does not fill its shape makes the HDF5 writer fail part-way through the file.
  const broken = {
    ...contents,
    layers: contents.layers.map((l, i) => (i === 1 ? { ...l, weights: [{ ...l.weights[0], shape: [999, 999] }] } : l)),
  };
  await assert.rejects(writeKerasH5Model(path, broken));
  assert.deepEqual(readFileSync(path), before);
  assert.deepEqual(allWeights(await loadModel(path)), allWeights(model));
  assert.deepEqual(
    readdirSync(folder).filter((n) => n.startsWith('.kept.h5')),
    [],
  );
});

test('writeAtomically removes its temporary file when the writer throws after writing', async () => {
  const path = join(folder, 'atomic.txt');
  writeFileSync(path, 'old');
  await assert.rejects(
    writeAtomically(path, (temp) => {
      writeFileSync(temp, 'half of the new conte');
      throw new Error('disk full');
    }),
    /disk full/,
  );
  assert.equal(readFileSync(path, 'utf8'), 'old');
  assert.deepEqual(
    readdirSync(folder).filter((n) => n.startsWith('.atomic.txt')),
    [],
  );
});
