import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatKernelProfile, kernelProfile, profileBackend, resetKernelProfile } from '../../src/backend/profile.ts';
import { createReferenceBackend } from '../../src/backend/reference/reference-backend.ts';

test('a profiled backend computes the same results and counts calls, time and matmul flops, per product shape', () => {
  resetKernelProfile();
  const backend = profileBackend(createReferenceBackend());
  const out = new Float32Array(4);
  backend.matmul(Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([7, 8, 9, 10, 11, 12]), out, 2, 3, 2);
  backend.matmul(Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([7, 8, 9, 10, 11, 12]), out, 2, 3, 2);
  assert.deepEqual([...out], [58, 64, 139, 154]);
  const x = Float32Array.from([0, 1, 2]);
  backend.biasActivation(x, null, 1, 3, 'softmax');
  assert.ok(Math.abs(x[2] - 0.66524096) < 1e-6);
  const entries = kernelProfile();
  const matmul = entries.find((e) => e.kernel === 'matmul 2×3×2');
  assert.equal(matmul?.calls, 2);
  assert.equal(matmul?.flops, 2 * 2 * (2 * 3 * 2));
  backend.matmul(Float32Array.from([1, 2, 3, 4, 5, 6]), Float32Array.from([7, 8, 9, 10, 11, 12]), out, 2, 3, 2, {
    transA: true,
  });
  assert.equal(
    kernelProfile().find((e) => e.kernel === 'matmul Aᵀ 2×3×2')?.calls,
    1,
    'each shape and transpose has its row',
  );
  assert.equal(entries.find((e) => e.kernel === 'biasActivation')?.calls, 1);
  assert.match(formatKernelProfile(), /matmul 2×3×2\s+2 /);
  resetKernelProfile();
  assert.equal(kernelProfile().length, 0);
});

test('NABLA_PROFILE=1 prints the kernel table at exit', () => {
  const script = [
    "import { getBackend } from './src/backend/index.ts';",
    'const b = getBackend();',
    'b.matmul(new Float32Array(4), new Float32Array(4), new Float32Array(4), 2, 2, 2);',
  ].join('\n');
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    env: { ...process.env, NABLA_PROFILE: '1' },
    encoding: 'utf8',
  });
  assert.equal(run.status, 0, run.stderr);
  assert.match(run.stderr, /nabla kernel profile/);
  assert.match(run.stderr, /matmul 2×2×2\s+1 /);
});
