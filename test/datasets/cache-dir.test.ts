import { test } from 'node:test';
import assert from 'node:assert/strict';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { datasetCacheFolder } from '../../src/datasets/cache-dir.ts';

test('cache folder: the cacheDir option, then NABLA_DATA_DIR, then XDG_CACHE_HOME, then ~/.cache', () => {
  const env = { NABLA_DATA_DIR: '/data/nabla', XDG_CACHE_HOME: '/xdg' };
  assert.equal(datasetCacheFolder('mnist', '/mine', env), '/mine/mnist');
  assert.equal(datasetCacheFolder('mnist', 'relative', env), resolve('relative', 'mnist'));
  assert.equal(datasetCacheFolder('fashion-mnist', undefined, env), '/data/nabla/fashion-mnist');
  assert.equal(
    datasetCacheFolder('fashion-mnist', undefined, { XDG_CACHE_HOME: '/xdg' }),
    '/xdg/nabla/datasets/fashion-mnist',
  );
  assert.equal(datasetCacheFolder('mnist', undefined, {}), join(homedir(), '.cache', 'nabla', 'datasets', 'mnist'));
});

test('empty or relative XDG_CACHE_HOME is ignored, as the XDG rules say', () => {
  const fallback = join(homedir(), '.cache', 'nabla', 'datasets', 'mnist');
  assert.equal(datasetCacheFolder('mnist', undefined, { XDG_CACHE_HOME: '' }), fallback);
  assert.equal(datasetCacheFolder('mnist', undefined, { XDG_CACHE_HOME: 'cache' }), fallback);
  assert.equal(datasetCacheFolder('mnist', undefined, { NABLA_DATA_DIR: '' }), fallback);
});
