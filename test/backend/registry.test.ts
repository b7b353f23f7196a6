import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getBackend, listBackends, setBackend } from '../../src/backend/index.ts';
import { ValueError } from '../../src/errors.ts';

test('setBackend selects by name and rejects unknown names listing the valid ones', () => {
  setBackend('reference');
  assert.equal(getBackend().name, 'reference');
  assert.throws(() => setBackend('gpu' as 'wasm'), (e: unknown) => e instanceof ValueError && /'reference', 'wasm', 'blas'/.test(e.message));
  assert.ok(listBackends().includes('reference'));
});
