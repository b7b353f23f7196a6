import { test } from 'node:test';
import assert from 'node:assert/strict';
import { blasAvailable, getBackend, listBackends, setBackend } from '../../src/backend/index.ts';
import { ValueError } from '../../src/errors.ts';

test('the default backend is wasm when the kernels are built', () => {
  assert.equal(getBackend().name, 'wasm');
  assert.deepEqual(listBackends(), blasAvailable() ? ['wasm', 'reference', 'blas'] : ['wasm', 'reference']);
});

test('setBackend selects by name; blas is blas with a system BLAS, else falls back to wasm', () => {
  setBackend('reference');
  assert.equal(getBackend().name, 'reference');
  setBackend('blas');
  assert.equal(getBackend().name, blasAvailable() ? 'blas' : 'wasm');
  setBackend('wasm');
  assert.equal(getBackend().name, 'wasm');
});

test('an unknown backend name is a ValueError listing the valid ones', () => {
  assert.throws(
    () => setBackend('gpu' as 'wasm'),
    (e: unknown) =>
      e instanceof ValueError && /unknown backend 'gpu': expected one of 'reference', 'wasm', 'blas'/.test(e.message),
  );
});
