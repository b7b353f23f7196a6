import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FileFormatError } from '../../src/errors.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import {
  IDX_IMAGES_MAGIC,
  IdxAssembler,
  IDX_LABELS_MAGIC,
  encodeIdx,
  idxMagic,
  parseIdx,
  readIdxFile,
  writeIdxFile,
} from '../../src/datasets/idx.ts';

function tempFolder(): string {
  return mkdtempSync(join(tmpdir(), 'nabla-idx-'));
}

/** A labels file written byte by byte, independently of encodeIdx. */
function handMadeLabels(labels: number[]): Uint8Array {
  const n = labels.length;
  return Uint8Array.from([0, 0, 8, 1, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255, ...labels]);
}

/** A (n, 2, 3) uint8 images file written byte by byte. */
function handMadeImages(n: number): Uint8Array {
  const pixels = Array.from({ length: n * 6 }, (_, i) => (i * 37) % 256);
  return Uint8Array.from([0, 0, 8, 3, 0, 0, 0, n, 0, 0, 0, 2, 0, 0, 0, 3, ...pixels]);
}

function assertFormatError(fn: () => unknown, ...fragments: string[]): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof FileFormatError, `expected a FileFormatError, got ${String(error)}`);
    for (const fragment of fragments) assert.match(error.message, new RegExp(fragment), error.message);
    return true;
  });
}

test('magic numbers: 2049 for uint8 labels, 2051 for uint8 images', () => {
  assert.equal(idxMagic('uint8', 1), 2049);
  assert.equal(idxMagic('uint8', 3), 2051);
  assert.equal(IDX_LABELS_MAGIC, 0x00000801);
  assert.equal(IDX_IMAGES_MAGIC, 0x00000803);
});

test('parses hand-made labels and images, raw and gzip-compressed', () => {
  const labels = parseIdx(handMadeLabels([9, 0, 0, 3, 255]), 'labels', IDX_LABELS_MAGIC);
  assert.deepEqual(labels.shape, [5]);
  assert.equal(labels.dtype, 'uint8');
  assert.deepEqual(Array.from(labels.data), [9, 0, 0, 3, 255]);
  const images = parseIdx(gzipSync(handMadeImages(4)), 'images.gz', IDX_IMAGES_MAGIC);
  assert.deepEqual(images.shape, [4, 2, 3]);
  assert.deepEqual(Array.from(images.data.slice(0, 8)), [0, 37, 74, 111, 148, 185, 222, 3]);
});

test('encodeIdx writes the big-endian header byte for byte', () => {
  const labels = new Tensor(Uint8Array.from([9, 0, 0, 3, 255]), [5]);
  assert.deepEqual(encodeIdx(labels), handMadeLabels([9, 0, 0, 3, 255]));
  const images = parseIdx(handMadeImages(300 % 256), 'images');
  assert.deepEqual(encodeIdx(images), handMadeImages(300 % 256));
});

test('round trip through files for every dtype, raw and .gz, large dimensions included', async () => {
  const dir = tempFolder();
  try {
    const cases: Tensor[] = [
      new Tensor(
        Uint8Array.from({ length: 70000 }, (_, i) => (i * 7) % 256),
        [70000],
      ),
      new Tensor(
        Uint8Array.from({ length: 3 * 28 * 28 }, (_, i) => i % 251),
        [3, 28, 28],
      ),
      new Tensor(Int32Array.from([-2147483648, -1, 0, 1, 2147483647, 65536]), [2, 3]),
      new Tensor(Float32Array.from([0.1, -2.5, 3e38, -0]), [4]),
      new Tensor(Float64Array.from([Math.PI, -1e-300]), [1, 2]),
      new Tensor(new Uint8Array(0), [0, 28, 28]),
    ];
    for (const [i, tensor] of cases.entries()) {
      for (const name of [`t${i}`, `t${i}.gz`]) {
        const path = join(dir, name);
        await writeIdxFile(path, tensor);
        const back = await readIdxFile(path);
        assert.deepEqual(back.shape, tensor.shape);
        assert.equal(back.dtype, tensor.dtype);
        assert.deepEqual(Array.from(back.data), Array.from(tensor.data));
        const bytes = readFileSync(path);
        assert.equal(bytes[0] === 0x1f && bytes[1] === 0x8b, name.endsWith('.gz'), `${name} compression`);
      }
    }
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('.part')),
      [],
      'no temporary files left',
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the parsed tensor owns its buffer, also when parsed from a Node Buffer', () => {
  const fromBuffer = parseIdx(Buffer.from(handMadeLabels([4, 5])), 'labels');
  assert.equal(Object.getPrototypeOf(fromBuffer.data), Uint8Array.prototype);
  assert.equal(fromBuffer.data.buffer.byteLength, 2);

  const bytes = handMadeLabels([1, 2, 3]);
  const labels = parseIdx(bytes, 'labels');
  bytes[8] = 99;
  assert.equal(labels.data[0], 1);
  assert.equal(labels.data.byteOffset, 0);
  assert.equal(labels.data.buffer.byteLength, 3);
});

test('truncated files: header and data', () => {
  assertFormatError(() => parseIdx(Uint8Array.from([0, 0, 8]), 'short.idx'), 'short\\.idx', 'truncated');
  assertFormatError(
    () => parseIdx(Uint8Array.from([0, 0, 8, 3, 0, 0, 0, 2]), 'head.idx'),
    'head\\.idx',
    'truncated header',
  );
  const images = handMadeImages(4);
  assertFormatError(
    () => parseIdx(images.subarray(0, images.length - 1), 'cut.idx', IDX_IMAGES_MAGIC),
    'cut\\.idx',
    'truncated',
    '\\(4, 2, 3\\)',
    'need 24 bytes',
    'holds 23',
  );
});

test('wrong magic: an expected kind, or not IDX at all', () => {
  assertFormatError(
    () => parseIdx(handMadeLabels([1, 2]), 'labels-as-images', IDX_IMAGES_MAGIC),
    'labels-as-images',
    'wrong magic number 2049',
    'expected 2051',
  );
  const png = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assertFormatError(() => parseIdx(png, 'picture.png'), 'picture\\.png', 'not an IDX file', '0x89504e47');
  const int8 = Uint8Array.from([0, 0, 9, 1, 0, 0, 0, 1, 5]);
  assertFormatError(() => parseIdx(int8, 'int8.idx'), 'int8\\.idx', 'not an IDX file');
});

test('dimension/size mismatch: trailing bytes after the data', () => {
  const bytes = Uint8Array.from([...handMadeLabels([1, 2, 3]), 7]);
  assertFormatError(() => parseIdx(bytes, 'long.idx'), 'long\\.idx', 'size mismatch', 'need 3 bytes', 'holds 4');
  const int32Short = Uint8Array.from([0, 0, 0x0c, 1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 0, 0]);
  assertFormatError(() => parseIdx(int32Short, 'ints.idx'), 'ints\\.idx', 'truncated', 'need 8 bytes of int32');
});

test('gzip that does not inflate: corrupt body and cut-off stream', async () => {
  const gz = gzipSync(handMadeImages(4));
  const corrupt = Uint8Array.from(gz);
  for (let i = 10; i < corrupt.length - 8; i++) corrupt[i] ^= 0x5a;
  assertFormatError(() => parseIdx(corrupt, 'corrupt.gz'), 'corrupt\\.gz', 'does not inflate');
  assertFormatError(() => parseIdx(gz.subarray(0, gz.length - 12), 'cut.gz'), 'cut\\.gz', 'does not inflate');
  const dir = tempFolder();
  try {
    const path = join(dir, 'train-images-idx3-ubyte.gz');
    writeFileSync(path, Uint8Array.from([0x1f, 0x8b, 1, 2, 3, 4]));
    await assert.rejects(readIdxFile(path, IDX_IMAGES_MAGIC), (error: unknown) => {
      assert.ok(error instanceof FileFormatError);
      assert.ok(error.message.startsWith(path), error.message);
      return true;
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('bytes arriving in pieces of any size give the same tensor and the same errors', () => {
  const whole = handMadeImages(5);
  const expected = parseIdx(whole, 'images');
  for (const piece of [1, 2, 3, 5, 7, 17, 1000]) {
    const assembler = new IdxAssembler('images', IDX_IMAGES_MAGIC);
    for (let at = 0; at < whole.length; at += piece) assembler.push(whole.subarray(at, at + piece));
    const got = assembler.finish();
    assert.deepEqual(got.shape, expected.shape);
    assert.deepEqual(got.data, expected.data);
    const cut = new IdxAssembler('cut');
    for (let at = 0; at < 10; at += piece) cut.push(whole.subarray(at, Math.min(10, at + piece)));
    assertFormatError(() => cut.finish(), 'cut', 'truncated header: 10 bytes, 3 dimensions need 16');
  }
  const scalar = new IdxAssembler('scalar');
  scalar.push(Uint8Array.from([0, 0, 8, 0]));
  scalar.push(Uint8Array.from([42]));
  assert.deepEqual(Array.from(scalar.finish().data), [42]);
});

test('files with the problems above fail the same way when streamed from disk', async () => {
  const dir = tempFolder();
  try {
    const images = handMadeImages(4);
    const cases: [string, Uint8Array, string][] = [
      ['cut', images.subarray(0, images.length - 1), 'truncated'],
      ['long', Uint8Array.from([...images, 1, 2]), 'size mismatch.*holds 26'],
      ['labels', handMadeLabels([1]), 'wrong magic number 2049'],
      ['cut.gz', gzipSync(images).subarray(0, 20), 'does not inflate'],
      ['long.gz', gzipSync(Uint8Array.from([...images, 1])), 'size mismatch'],
    ];
    for (const [name, bytes, problem] of cases) {
      const path = join(dir, name);
      writeFileSync(path, bytes);
      await assert.rejects(readIdxFile(path, IDX_IMAGES_MAGIC), (error: unknown) => {
        assert.ok(error instanceof FileFormatError, `${name}: ${String(error)}`);
        assert.ok(error.message.startsWith(`${path}: `), error.message);
        assert.match(error.message, new RegExp(problem));
        return true;
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
