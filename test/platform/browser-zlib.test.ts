import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nodeZlib from 'node:zlib';
import { gunzipSync, gzipSync, inflateRawSync } from '../../src/platform/browser/zlib.ts';

// The browser build's node:zlib against Node.js's own: what one compresses, the other inflates.

const bytes = Uint8Array.from({ length: 5000 }, (_, i) => (i * i) % 251);

test('gzip and raw deflate data from Node.js inflate to the same bytes', () => {
  assert.deepEqual(gunzipSync(nodeZlib.gzipSync(bytes)), bytes);
  assert.deepEqual(inflateRawSync(nodeZlib.deflateRawSync(bytes)), bytes);
  assert.deepEqual(new Uint8Array(nodeZlib.gunzipSync(gzipSync(bytes))), bytes);
});

test('an output past maxOutputLength fails with the code Node.js gives', () => {
  const compressed = nodeZlib.deflateRawSync(bytes);
  assert.throws(() => nodeZlib.inflateRawSync(compressed, { maxOutputLength: 100 }), { code: 'ERR_BUFFER_TOO_LARGE' });
  assert.throws(() => inflateRawSync(compressed, { maxOutputLength: 100 }), { code: 'ERR_BUFFER_TOO_LARGE' });
});
