import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FileFormatError, ValueError } from '../../src/errors.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { encodeIdx } from '../../src/datasets/idx.ts';
import { loadDataset } from '../../src/datasets/load-data.ts';
import { mnist } from '../../src/datasets/mnist.ts';
import type { CanonicalFiles, DatasetArrays, DatasetSpec, LoadedData } from '../../src/datasets/dataset-types.ts';
import { type LocalServer, serve, startServer } from './local-server.ts';

/** A small dataset of the MNIST layout: pixel values encode (split, index) so any mix-up shows. */
function makeArrays(): DatasetArrays {
  const split = (n: number, salt: number): [Tensor, Tensor] => [
    new Tensor(
      Uint8Array.from({ length: n * 784 }, (_, i) => (Math.floor(i / 784) * 11 + (i % 784) + salt) % 256),
      [n, 28, 28],
    ),
    new Tensor(
      Uint8Array.from({ length: n }, (_, i) => (i * 3 + salt) % 10),
      [n],
    ),
  ];
  const [trainImages, trainLabels] = split(20, 0);
  const [testImages, testLabels] = split(10, 5);
  return { trainImages, trainLabels, testImages, testLabels };
}

const arrays = makeArrays();
const names = {
  trainLabels: 'train-labels-idx1-ubyte.gz',
  trainImages: 'train-images-idx3-ubyte.gz',
  testLabels: 't10k-labels-idx1-ubyte.gz',
  testImages: 't10k-images-idx3-ubyte.gz',
} as const;
type Key = keyof typeof names;
const keys = Object.keys(names) as Key[];
const gz = Object.fromEntries(keys.map((k) => [k, new Uint8Array(gzipSync(encodeIdx(arrays[k])))])) as Record<
  Key,
  Uint8Array
>;
const files = Object.fromEntries(
  keys.map((k) => [k, { name: names[k], size: gz[k].length, md5: createHash('md5').update(gz[k]).digest('hex') }]),
) as unknown as CanonicalFiles;

let server: LocalServer;
let root: string;
let offlineLoads = 0;

function spec(name: string, withOffline = true): DatasetSpec {
  return {
    name,
    title: `Tiny ${name}`,
    files,
    trainCount: 20,
    testCount: 10,
    classCount: 10,
    mirrors: [`${server.origin}/nowhere/`, `${server.origin}/mirror/`],
    offline: withOffline
      ? {
          label: 'a test substitute',
          async load() {
            offlineLoads++;
            return { arrays, description: 'the test substitute, not canonical' };
          },
        }
      : undefined,
  };
}

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'nabla-load-'));
  const routes = Object.fromEntries(keys.map((k) => [`/mirror/${names[k]}`, serve(gz[k])]));
  const wrong = Uint8Array.from(gz.trainLabels, (v, i) => (i === 20 ? v ^ 1 : v));
  server = await startServer({ ...routes, [`/corrupt/${names.trainLabels}`]: serve(wrong) });
});

after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});

function assertSameData(data: LoadedData): void {
  const [[trainImages, trainLabels], [testImages, testLabels]] = data;
  const got: DatasetArrays = { trainImages, trainLabels, testImages, testLabels };
  for (const k of keys) {
    assert.deepEqual(got[k].shape, arrays[k].shape, k);
    assert.equal(got[k].dtype, 'uint8');
    assert.deepEqual(got[k].data, arrays[k].data, k);
  }
}

/** Runs `fn` with stderr captured; returns its lines. */
async function captureStderr(fn: () => Promise<unknown>): Promise<string[]> {
  const lines: string[] = [];
  const original = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array) => {
    lines.push(...String(chunk).split('\n').filter(Boolean));
    return true;
  }) as typeof process.stderr.write;
  try {
    await fn();
  } finally {
    process.stderr.write = original;
  }
  return lines;
}

test('an explicit path: .gz, unpacked and dotted names; source says so and is not enumerable', async () => {
  const folder = join(root, 'given');
  mkdirSync(folder);
  writeFileSync(join(folder, names.trainLabels), gz.trainLabels);
  writeFileSync(join(folder, 'train-images-idx3-ubyte'), gunzipSync(gz.trainImages));
  writeFileSync(join(folder, 't10k-labels.idx1-ubyte'), gunzipSync(gz.testLabels));
  writeFileSync(join(folder, names.testImages), gz.testImages);
  const before = readdirSync(folder).sort();
  const data = await loadDataset(spec('given'), { path: folder, cacheDir: join(root, 'unused') });
  assertSameData(data);
  assert.deepEqual(readdirSync(folder).sort(), before, 'nothing is written into a folder the user gave');
  assert.deepEqual(data.source, {
    kind: 'path',
    canonical: true,
    location: folder,
    description: data.source.description,
  });
  assert.deepEqual(Object.keys(data), ['0', '1']);
  assert.equal(JSON.stringify(data).includes('source'), false);
});

test('an explicit path lacking a file is an error naming it (no quiet substitute)', async () => {
  const folder = join(root, 'partial');
  mkdirSync(folder);
  writeFileSync(join(folder, names.trainLabels), gz.trainLabels);
  await assert.rejects(loadDataset(spec('partial'), { path: folder }), (error: unknown) => {
    assert.ok(error instanceof ValueError);
    assert.match(error.message, /train-images-idx3-ubyte\.gz, t10k-labels-idx1-ubyte\.gz, t10k-images-idx3-ubyte\.gz/);
    return true;
  });
});

test('download from the second mirror into <cacheDir>/<name>/, then the cache without the network', async () => {
  const cacheDir = join(root, 'dl');
  const lines = await captureStderr(async () => {
    const data = await loadDataset(spec('tiny'), { cacheDir, connectTimeoutMs: 1000 });
    assertSameData(data);
    assert.equal(data.source.kind, 'download');
    assert.equal(data.source.canonical, true);
    assert.equal(data.source.location, join(cacheDir, 'tiny'));
  });
  assert.deepEqual(
    lines,
    keys.map((k) => `Downloading data from ${server.origin}/mirror/${names[k]}`),
  );
  // The verified .gz files, and unpacked copies for fast loads.
  const unpacked = Object.values(names).map((name) => name.replace(/\.gz$/, ''));
  assert.deepEqual(readdirSync(join(cacheDir, 'tiny')).sort(), [...Object.values(names), ...unpacked].sort());
  const hitsBefore = [...server.hits.values()].reduce((a, b) => a + b, 0);
  const again = await loadDataset(spec('tiny'), { cacheDir, verbose: false });
  assertSameData(again);
  assert.equal(again.source.kind, 'cache');
  assert.equal(
    [...server.hits.values()].reduce((a, b) => a + b, 0),
    hitsBefore,
    'no request for a cached dataset',
  );
  // The unpacked copies alone hold the same data.
  for (const name of Object.values(names)) rmSync(join(cacheDir, 'tiny', name));
  const unpackedOnly = await loadDataset(spec('tiny'), { cacheDir, verbose: false });
  assertSameData(unpackedOnly);
  assert.equal(unpackedOnly.source.kind, 'cache');
});

test('a failed download into an existing folder leaves the folder and its files alone', async () => {
  const folder = join(root, 'kept', 'tiny');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'notes.txt'), 'mine');
  await loadDataset(spec('tiny'), {
    cacheDir: join(root, 'kept'),
    mirrors: [`${server.origin}/nowhere/`],
    verbose: false,
  });
  assert.deepEqual(readdirSync(folder), ['notes.txt']);
});

test('a partly filled cache downloads only the missing files', async () => {
  const folder = join(root, 'part', 'tiny');
  mkdirSync(folder, { recursive: true });
  for (const k of ['trainLabels', 'trainImages', 'testImages'] as const) writeFileSync(join(folder, names[k]), gz[k]);
  const before = server.hits.get(`/mirror/${names.trainImages}`) ?? 0;
  const data = await loadDataset(spec('tiny'), { cacheDir: join(root, 'part'), verbose: false });
  assertSameData(data);
  assert.equal(server.hits.get(`/mirror/${names.trainImages}`) ?? 0, before, 'a cached file is not fetched again');
});

test('failed downloads fall through to the offline source: one notice, tried once per process', async () => {
  const cacheDir = join(root, 'fail');
  const options = { cacheDir, mirrors: [`${server.origin}/nowhere/`] };
  const loadsBefore = offlineLoads;
  const lines = await captureStderr(async () => {
    const data = await loadDataset(spec('fails'), options);
    assertSameData(data);
    assert.deepEqual(data.source, {
      kind: 'npm',
      canonical: false,
      location: join(cacheDir, 'fails'),
      description: 'the test substitute, not canonical',
    });
  });
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[0], /could not download Tiny fails: no mirror delivered train-labels-idx1-ubyte\.gz \(/);
  assert.match(lines[0], /HTTP 404.*; using a test substitute$/);
  assert.equal(lines[1], 'nabla: the test substitute, not canonical');
  const hits = server.hits.get(`/nowhere/${names.trainLabels}`);
  const second = await captureStderr(() => loadDataset(spec('fails'), options));
  assert.deepEqual(second, [], 'the second load is silent');
  assert.equal(server.hits.get(`/nowhere/${names.trainLabels}`), hits, 'no second download attempt');
  assert.equal(offlineLoads, loadsBefore + 2);
});

test('a checksum mismatch leaves nothing in the cache and falls through', async () => {
  const cacheDir = join(root, 'corrupt');
  const data = await loadDataset(spec('tiny'), { cacheDir, mirrors: [`${server.origin}/corrupt/`], verbose: false });
  assert.equal(data.source.kind, 'npm');
  assert.equal(existsSync(cacheDir), false, 'the folders made for the failed download are gone');
});

test('offline: true skips the network; with no offline source the error says what to do', async () => {
  const cacheDir = join(root, 'offline');
  const hitsBefore = [...server.hits.values()].reduce((a, b) => a + b, 0);
  const data = await loadDataset(spec('tiny'), { cacheDir, offline: true, verbose: false });
  assert.equal(data.source.kind, 'npm');
  assert.equal(
    [...server.hits.values()].reduce((a, b) => a + b, 0),
    hitsBefore,
  );
  await assert.rejects(loadDataset(spec('tiny', false), { cacheDir, offline: true }), (error: unknown) => {
    assert.ok(error instanceof ValueError);
    assert.match(
      error.message,
      /needs its four canonical files .*train-labels-idx1-ubyte\.gz.*offline: true.*no offline copy/,
    );
    assert.ok(error.message.includes(join(cacheDir, 'tiny')), error.message);
    return true;
  });
});

test('MNIST has no offline source: offline loading fails with a clear message', async () => {
  await assert.rejects(mnist.loadData({ cacheDir: join(root, 'mnist'), offline: true }), (error: unknown) => {
    assert.ok(error instanceof ValueError);
    assert.match(error.message, /^MNIST needs its four canonical files/);
    assert.match(error.message, /pass \{ path \}/);
    return true;
  });
});

test('forced sources and contradictory options', async () => {
  const cacheDir = join(root, 'forced');
  await assert.rejects(loadDataset(spec('tiny'), { cacheDir, source: 'cache' }), /the cache .* lacks/);
  await assert.rejects(loadDataset(spec('tiny'), { source: 'path' }), ValueError);
  await assert.rejects(loadDataset(spec('tiny'), { source: 'download', offline: true }), /contradicts offline/);
  // @ts-expect-error an unknown source id, as plain JavaScript could pass
  await assert.rejects(loadDataset(spec('tiny'), { source: 'web' }), /unknown source 'web'/);
  await assert.rejects(
    loadDataset(spec('tiny'), { cacheDir, source: 'download', mirrors: [`${server.origin}/nowhere/`] }),
    /HTTP 404/,
  );
  const npm = await loadDataset(spec('tiny'), { cacheDir, source: 'npm', verbose: false });
  assert.equal(npm.source.kind, 'npm');
  const downloaded = await loadDataset(spec('tiny'), { cacheDir, source: 'download', verbose: false });
  assert.equal(downloaded.source.kind, 'download');
});

test('a cached .gz of the wrong size is reported, naming the file', async () => {
  const folder = join(root, 'badcache', 'tiny');
  mkdirSync(folder, { recursive: true });
  for (const k of keys) writeFileSync(join(folder, names[k]), gz[k]);
  writeFileSync(join(folder, names.testLabels), gzipSync(encodeIdx(arrays.testLabels), { level: 1 }).subarray(0, 5));
  await assert.rejects(loadDataset(spec('tiny'), { cacheDir: join(root, 'badcache') }), (error: unknown) => {
    assert.ok(error instanceof FileFormatError);
    assert.match(error.message, /t10k-labels-idx1-ubyte\.gz: 5 bytes, the canonical file has \d+: delete it/);
    return true;
  });
});

test('files that do not belong together are refused', async () => {
  const folder = join(root, 'mixed');
  mkdirSync(folder);
  for (const k of keys) writeFileSync(join(folder, names[k]), gz[k]);
  // Test labels (10) next to train images (20).
  copyFileSync(join(folder, names.testLabels), join(folder, names.trainLabels));
  await assert.rejects(loadDataset(spec('tiny'), { path: folder }), /10 labels for the 20 images/);
  writeFileSync(join(folder, names.trainLabels), gzipSync(encodeIdx(new Tensor(new Uint8Array(20).fill(10), [20]))));
  await assert.rejects(loadDataset(spec('tiny'), { path: folder }), /label 10 at index 0, expected 0 to 9/);
  writeFileSync(join(folder, names.trainLabels), gz.trainImages);
  await assert.rejects(loadDataset(spec('tiny'), { path: folder }), /wrong magic number 2051 .*expected 2049/);
});
