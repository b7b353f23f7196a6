// A .keras archive is checked as Python's zipfile checks it (CRC-32 of every member) and inflated only within
// limits: a damaged archive or a zip bomb is refused with a FileFormatError naming the file.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { FileFormatError } from '../../src/errors.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { crc32, listZipEntries } from '../../src/saving/zip-reader.ts';
import { smallMlp } from './models-for-tests.ts';
import { zerosCrc, zerosDeflate, zipWithMember } from './zip-bomb.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-zip-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

test('crc32 matches the check value of the CRC-32 standard', () => {
  // The standard's check value: CRC-32 of the ASCII bytes "123456789" is 0xcbf43926.
  assert.equal(crc32(new TextEncoder().encode('123456789')), 0xcbf43926);
});

test('one flipped bit inside a stored weight is refused by the CRC-32 check', async () => {
  const whole = join(folder, 'whole.keras');
  await smallMlp().save(whole);
  const bytes = readFileSync(whole);
  const weights = listZipEntries(bytes, whole).find((e) => e.name === 'model.weights.h5')!;
  // Flip a bit in the last bytes of the weights member (float data, not an HDF5 header).
  const flipped = Buffer.from(bytes);
  const at = weights.localHeaderOffset + 30 + weights.name.length + weights.compressedSize - 8;
  flipped[at] ^= 0x40;
  const damaged = join(folder, 'flipped.keras');
  writeFileSync(damaged, flipped);
  await assert.rejects(loadModel(damaged), (error: Error) => {
    assert.ok(error instanceof FileFormatError, `${error.name}: ${error.message}`);
    assert.match(error.message, /flipped\.keras/);
    assert.match(error.message, /CRC-32/);
    return true;
  });
});

test('a member declaring 3 GiB is refused from its declared size, before inflating', async () => {
  const path = join(folder, 'declared.keras');
  writeFileSync(path, zipWithMember('model.weights.h5', zerosDeflate(1), 3 * 2 ** 30, 0));
  await assert.rejects(loadModel(path), /declared.keras.*above the \d+-byte limit/);
});

test('a member with an honest size but a 1000-fold compression ratio is refused as a zip bomb', async () => {
  const path = join(folder, 'ratio.keras');
  writeFileSync(path, zipWithMember('model.weights.h5', zerosDeflate(4), 4 << 24, zerosCrc(4)));
  await assert.rejects(loadModel(path), /ratio\.keras.*ratio cap.*zip bomb/);
});

test('a member that inflates past its declared size is stopped there', async () => {
  const path = join(folder, 'liar.keras');
  const start = process.memoryUsage().rss;
  writeFileSync(path, zipWithMember('model.weights.h5', zerosDeflate(64), 1 << 20, 0));
  await assert.rejects(loadModel(path), /liar\.keras.*more than its declared 1048576 bytes/);
  // 1 GiB of zeros was on offer; at most the declared MiB (and the file) may have been spent.
  assert.ok(process.memoryUsage().rss - start < 200 * 2 ** 20);
});

test('config.json whose CRC-32 is wrong is refused even when the JSON still parses', async () => {
  const good = zipSync({ 'config.json': new TextEncoder().encode('{"a": 1}') });
  const entry = listZipEntries(good, 'x')[0];
  const bad = Buffer.from(good);
  bad[entry.localHeaderOffset + 30 + entry.name.length + 6] = '2'.charCodeAt(0);
  const path = join(folder, 'json.keras');
  writeFileSync(path, bad);
  await assert.rejects(loadModel(path), /json\.keras.*config\.json fails its CRC-32 check/);
});

test('loading a folder is refused as a directory, naming it', async () => {
  await assert.rejects(
    loadModel(folder),
    (error: Error) => error instanceof FileFormatError && /is a directory/.test(error.message),
  );
  await assert.rejects(
    smallMlp().loadWeights(folder),
    (error: Error) => error instanceof FileFormatError && error.message.includes(folder),
  );
});
