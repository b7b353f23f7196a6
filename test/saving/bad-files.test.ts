// Files that are not what they claim, or do not fit the model, are refused with errors that say why.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { FileFormatError, NotImplementedLayerError, ShapeError, ValueError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { readKerasH5, writeKerasH5Model } from '../../src/saving/keras-h5.ts';
import { readKerasZip, writeKerasZip } from '../../src/saving/keras-zip.ts';
import { allWeights, smallMlp } from './models-for-tests.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-badfiles-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

function errorLike(type: new (...args: never[]) => Error, ...patterns: RegExp[]) {
  return (error: Error) => {
    assert.ok(error instanceof type, `expected ${type.name}, got ${error.name}: ${error.message}`);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  };
}

test('a truncated .h5 file is reported as truncated, naming the file', async () => {
  const whole = join(folder, 'whole.h5');
  await smallMlp().save(whole);
  const cut = join(folder, 'cut.h5');
  const bytes = readFileSync(whole);
  writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(loadModel(cut), errorLike(FileFormatError, /cut\.h5/, /truncated/));
});

test('a file that is neither HDF5 nor zip, an empty file and a missing file are refused', async () => {
  const text = join(folder, 'notes.h5');
  writeFileSync(text, 'just some text, not a model');
  await assert.rejects(loadModel(text), errorLike(FileFormatError, /notes\.h5/, /neither an HDF5 file/));
  const empty = join(folder, 'empty.keras');
  writeFileSync(empty, '');
  await assert.rejects(loadModel(empty), errorLike(FileFormatError, /empty\.keras/, /empty file/));
  await assert.rejects(loadModel(join(folder, 'absent.h5')), errorLike(FileFormatError, /absent\.h5/, /no such file/));
  await assert.rejects(smallMlp().loadWeights(text), errorLike(FileFormatError, /notes\.h5/));
});

test('an HDF5 file without Keras groups is not taken for a model', async () => {
  const contents = await readKerasH5FromModel();
  const plain = join(folder, 'plain.h5');
  // A valid HDF5 file whose root has no layer_names: a Keras weights file with its groups renamed away.
  await writeKerasH5Model(plain, contents);
  const h5 = readFileSync(plain);
  const renamed = Buffer.from(h5.toString('latin1').replaceAll('layer_names', 'other_names'), 'latin1');
  writeFileSync(plain, renamed);
  await assert.rejects(
    readKerasH5(plain),
    errorLike(FileFormatError, /plain\.h5/, /not a Keras model or weights file/),
  );
});

async function readKerasH5FromModel() {
  const file = join(folder, 'source.h5');
  await smallMlp().save(file);
  return readKerasH5(file);
}

test('a damaged or truncated .keras archive is refused, naming the file', async () => {
  const whole = join(folder, 'whole.keras');
  await smallMlp().save(whole);
  const cut = join(folder, 'cut.keras');
  writeFileSync(cut, readFileSync(whole).subarray(0, 200));
  await assert.rejects(loadModel(cut), errorLike(FileFormatError, /cut\.keras/));
});

function archive(members: Record<string, string | Uint8Array>): Uint8Array {
  const encoded = Object.fromEntries(
    Object.entries(members).map(([k, v]) => [k, typeof v === 'string' ? new TextEncoder().encode(v) : v]),
  );
  return zipSync(encoded);
}

test('.keras archives with unexpected or path-traversing members are refused before anything is read', async () => {
  const model = join(folder, 'ok.keras');
  await smallMlp().save(model);
  const { config, objects, metadata } = await readKerasZip(model);
  assert.ok(objects.length > 0);
  const members = { 'metadata.json': JSON.stringify(metadata), 'config.json': JSON.stringify(config) };
  const extra = join(folder, 'extra.keras');
  writeFileSync(extra, archive({ ...members, 'payload.py': 'import os' }));
  await assert.rejects(
    loadModel(extra),
    errorLike(FileFormatError, /extra\.keras/, /unexpected members/, /payload\.py/),
  );
  const traversing = join(folder, 'traversing.keras');
  writeFileSync(traversing, archive({ ...members, '../escaped.txt': 'x' }));
  await assert.rejects(loadModel(traversing), errorLike(FileFormatError, /path-traversing/, /\.\.\/escaped\.txt/));
  assert.ok(!existsSync(join(folder, '..', 'escaped.txt')));
  const noWeights = join(folder, 'no-weights.keras');
  writeFileSync(noWeights, archive(members));
  await assert.rejects(loadModel(noWeights), errorLike(FileFormatError, /no model\.weights\.h5/));
});

test('a config that is neither a Sequential nor a Functional model, or uses a class nabla lacks, is refused by name', async () => {
  const source = join(folder, 'for-config.keras');
  await smallMlp().save(source);
  const contents = await readKerasZip(source);
  const functional = join(folder, 'functional.keras');
  await writeKerasZip(functional, { ...contents, config: { ...contents.config, class_name: 'Functional' } });
  await assert.rejects(loadModel(functional), errorLike(FileFormatError, /functional\.keras/, /input_layers/));
  const subclassed = join(folder, 'subclassed.keras');
  await writeKerasZip(subclassed, { ...contents, config: { ...contents.config, class_name: 'MyModel' } });
  await assert.rejects(
    loadModel(subclassed),
    errorLike(NotImplementedLayerError, /subclassed\.keras/, /MyModel model/, /Sequential and Functional models only/),
  );

  const layers = (contents.config.config as { layers: { class_name: string }[] }).layers;
  const withLambda = {
    ...contents.config,
    config: {
      ...(contents.config.config as object),
      layers: [
        layers[0],
        { class_name: 'Lambda', config: { name: 'lambda', function: ['4wEAAAAA', null, null] } },
        ...layers.slice(1),
      ],
    },
  };
  const lambda = join(folder, 'lambda.keras');
  await writeKerasZip(lambda, { ...contents, config: withLambda });
  await assert.rejects(loadModel(lambda), errorLike(NotImplementedLayerError, /lambda\.keras/, /'lambda' is a Lambda/));

  const h5Contents = await readKerasH5FromModel();
  const notJson = join(folder, 'bad-config.h5');
  await writeKerasH5Model(notJson, { ...h5Contents, modelConfig: { class_name: 'Model', config: { layers: [] } } });
  await assert.rejects(loadModel(notJson), errorLike(FileFormatError, /bad-config\.h5/, /input_layers/));
});

test('a layer option nabla does not implement is refused instead of being silently dropped', async () => {
  const h5Contents = await readKerasH5FromModel();
  const config = structuredClone(h5Contents.modelConfig!) as {
    config: { layers: { config: Record<string, unknown> }[] };
  };
  config.config.layers[1].config.kernel_regularizer = {
    class_name: 'OrthogonalRegularizer',
    config: { factor: 0.01, mode: 'rows' },
  };
  const file = join(folder, 'regularized.h5');
  await writeKerasH5Model(file, { ...h5Contents, modelConfig: config as never });
  await assert.rejects(loadModel(file), errorLike(ValueError, /kernel_regularizer/, /not supported/));
});

test('weights that do not fit the model name the layer, the expected and the found shape, and change nothing', async () => {
  const file = join(folder, 'sixteen.h5');
  await smallMlp().saveWeights(file);
  const other = new Sequential([
    new Dense(8, { activation: 'relu', inputShape: [12], seed: 1 }),
    new Dense(3, { seed: 2 }),
  ]);
  const before = allWeights(other);
  await assert.rejects(
    other.loadWeights(file),
    errorLike(ShapeError, /layer '/, /\(12, 16\) in the file/, /expects \(12, 8\)/),
  );
  assert.deepEqual(allWeights(other), before);
  const deeper = new Sequential([new Dense(16, { inputShape: [12] }), new Dense(3), new Dense(3)]);
  await assert.rejects(
    deeper.loadWeights(file),
    errorLike(ValueError, /layer count mismatch/, /model has 3 layers with weights/, /file has 2/),
  );
  const keras = join(folder, 'sixteen.weights.h5');
  await smallMlp().saveWeights(keras);
  await assert.rejects(other.loadWeights(keras), errorLike(ShapeError, /layers\/dense/, /expects \(12, 8\)/));
});

test('unknown file extensions for saving are refused with the accepted forms', async () => {
  await assert.rejects(smallMlp().save(join(folder, 'model.bin')), errorLike(ValueError, /'\.keras'/, /'\.h5'/));
  await assert.rejects(smallMlp().saveWeights(join(folder, 'model.ckpt')), errorLike(ValueError, /'\.weights\.h5'/));
});
