// The shared wasm memory and its allocator: growth keeps old views valid, alignment, reuse, misuse errors,
// and the message when the kernels were never built.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WasmMemory } from '../../src/backend/wasm/wasm-memory.ts';
import { loadKernels } from '../../src/backend/wasm/load-kernels.ts';
import { NablaError, ValueError } from '../../src/errors.ts';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.ts';

test('growing the memory keeps earlier views valid and still recognised as wasm memory', () => {
  const backend = createWasmBackend();
  const early = backend.allocFloat32(1000);
  early.forEach((_, i) => (early[i] = i % 10));
  const big = backend.allocFloat32(8 * 1024 * 1024); // 32 MiB: more than the initial 16 MiB
  assert.equal(early.length, 1000);
  assert.equal(early[999], 9);
  assert.notEqual(big.buffer.byteLength, early.buffer.byteLength, 'the memory grew');
  // An early view still works in place: a product written through it is visible through the new buffer too.
  const out = backend.allocFloat32(1);
  backend.matmul(early, early, out, 1, 1000, 1);
  assert.equal(out[0], 100 * 285); // Σ (i mod 10)², exact in float32
  const alias = new Float32Array(big.buffer, early.byteOffset, 1000);
  assert.equal(alias[503], 3);
  backend.free(big);
});

test('allocations are 16-byte aligned, zero-filled on reuse, and freed blocks merge', () => {
  const memory = new WasmMemory(1, 64);
  memory.startHeap(100);
  const a = memory.allocate(10);
  const b = memory.allocate(20);
  const c = memory.allocate(30);
  for (const offset of [a, b, c]) assert.equal(offset % 16, 0);
  assert.ok(a >= 100 && b >= a + 16 && c >= b + 32);
  memory.release(b);
  memory.release(a);
  assert.equal(memory.allocate(48), a, 'a and b merged into one 48-byte block');
  assert.throws(() => memory.release(a + 16), ValueError);
  const backend = createWasmBackend();
  const x = backend.allocFloat32(7);
  x.fill(3);
  backend.free(x);
  assert.deepEqual([...backend.allocFloat32(7)], [0, 0, 0, 0, 0, 0, 0]);
});

test('freeing twice or freeing a foreign buffer is a ValueError', () => {
  const backend = createWasmBackend();
  const x = backend.allocFloat32(4);
  backend.free(x);
  assert.throws(() => backend.free(x), ValueError);
  assert.throws(() => backend.free(new Float32Array(4)), ValueError);
});

test('missing kernels say to run npm install', () => {
  const memory = new WasmMemory(1, 65536);
  assert.throws(
    () => loadKernels(memory.memory, '/nonexistent/kernels.wasm'),
    (error: unknown) =>
      error instanceof NablaError && /run npm install \(builds the WASM kernels\)/.test(error.message),
  );
});

test('a buffer too short for the sizes is a ShapeError, not a silent overrun', () => {
  const backend = createWasmBackend();
  assert.throws(
    () => backend.matmul(new Float32Array(5), new Float32Array(6), new Float32Array(4), 2, 3, 2),
    /a has 5 elements, expected at least 6/,
  );
  assert.throws(() => backend.biasActivation(new Float32Array(3), null, 2, 2, 'relu'), /x has 3 elements/);
  assert.throws(
    () => backend.biasActivation(new Float32Array(4), null, 2, 2, 'swish' as 'relu'),
    /unknown activation 'swish'/,
  );
  assert.throws(
    () => backend.matmul(new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 1.5, 2),
    /matmul: k must be a non-negative integer, got 1.5/,
  );
  assert.throws(() => backend.mul(new Float32Array(4), new Float32Array(4), new Float32Array(4), -1), ValueError);
});
