// Sizes and keys of a layer config read from a file are checked before anything is allocated, naming the
// file and the layer: absurd units or shapes, keys the layer class does not have (Keras refuses them too).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, MemoryLimitError, type NablaError, ValueError } from '../../src/errors.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { readKerasZip, writeKerasZip } from '../../src/saving/keras-zip.ts';
import type { JsonObject } from '../../src/saving/json.ts';
import { smallMlp } from './models-for-tests.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-stored-config-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

/** A copy of a small saved model whose config for layer `index` (counting the InputLayer) is edited. */
async function withLayerConfig(name: string, index: number, edit: (config: JsonObject) => void): Promise<string> {
  const source = join(folder, 'source.keras');
  await smallMlp().save(source);
  const contents = await readKerasZip(source);
  const layers = (contents.config.config as JsonObject).layers as JsonObject[];
  edit(layers[index].config as JsonObject);
  const path = join(folder, name);
  await writeKerasZip(path, contents);
  return path;
}

function refusal(type: new (...args: never[]) => NablaError, file: string, ...patterns: RegExp[]) {
  return (error: Error): boolean => {
    assert.ok(error instanceof type, `${error.name}: ${error.message}`);
    assert.ok(error.message.includes(file), error.message);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  };
}

test('absurd units or shapes are refused by file and layer, before allocating', async () => {
  for (const [units, name] of [
    [1e12, 'huge'],
    [-3, 'negative'],
    [2.5, 'fraction'],
    ['64', 'string'],
  ] as const) {
    const path = await withLayerConfig(`units-${name}.keras`, 1, (c) => (c.units = units));
    await assert.rejects(
      loadModel(path),
      refusal(FileFormatError, path, /layer 'dense\w*': units must be a positive integer/),
    );
  }
  const shape = await withLayerConfig('shape.keras', 0, (c) => (c.batch_shape = [null, 1e10]));
  await assert.rejects(
    loadModel(shape),
    refusal(FileFormatError, shape, /batch_shape\[1\] must be a positive integer/),
  );
  const wide = await withLayerConfig('wide.keras', 0, (c) => (c.batch_shape = [null, 100000, 100000]));
  await assert.rejects(loadModel(wide), refusal(FileFormatError, wide, /values per sample/));
});

test('a model from a file too big for memory names the file, its size and the largest layer', async () => {
  const path = await withLayerConfig('too-big.keras', 1, (c) => (c.units = 2 ** 30));
  await assert.rejects(
    loadModel(path),
    refusal(MemoryLimitError, path, /GB for its \d[\d,]* parameters/, /largest layer is 'dense\w*'/),
  );
});

test('a key the layer class does not have is refused unless it is off', async () => {
  const path = await withLayerConfig('rate.keras', 1, (c) => (c.rate = 0.5));
  await assert.rejects(loadModel(path), refusal(ValueError, path, /Dense has no option 'rate'/));
  const off = await withLayerConfig('off.keras', 1, (c) => (c.lora_rank = null));
  assert.equal((await loadModel(off)).layers.length, 2);
});
