import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PNG } from 'pngjs';
import { encodeGrayPng, pngDataUri } from '../../src/plot/png.browser.ts';
import { pngDataUri as nodePngDataUri } from '../../src/plot/png.ts';

// The browser build's PNG writer, decoded by pngjs (an independent reader): the same gray levels come back.

test('the browser PNG writer gives a PNG that pngjs decodes to the same gray levels, scaled', () => {
  const levels = Uint8Array.from({ length: 3 * 2 }, (_, i) => (i * 97) % 256);
  const scale = 3;
  const decoded = PNG.sync.read(Buffer.from(encodeGrayPng({ width: 3, height: 2, levels }, scale)));
  assert.equal(decoded.width, 9);
  assert.equal(decoded.height, 6);
  for (let y = 0; y < 6; y++) {
    for (let x = 0; x < 9; x++) {
      const o = (y * 9 + x) * 4;
      const level = levels[Math.floor(y / scale) * 3 + Math.floor(x / scale)];
      assert.deepEqual([...decoded.data.subarray(o, o + 4)], [level, level, level, 255], `pixel (${x}, ${y})`);
    }
  }
});

test('the browser data URI is the Node.js one, also past one chunk of characters', () => {
  const bytes = Uint8Array.from({ length: 70_001 }, (_, i) => (i * 31) % 256);
  assert.equal(pngDataUri(bytes), nodePngDataUri(bytes));
});
