import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * The folder that holds one dataset's files (Keras keeps them in ~/.keras/datasets/<name>/).
 * Root, first found: the `cacheDir` option, $NABLA_DATA_DIR, $XDG_CACHE_HOME/nabla/datasets,
 * ~/.cache/nabla/datasets; the dataset's files go in `<root>/<name>/`.
 */
export function datasetCacheFolder(name: string, cacheDir?: string, env: NodeJS.ProcessEnv = process.env): string {
  return join(datasetCacheRoot(cacheDir, env), name);
}

/** The root folder of nabla's dataset cache (see datasetCacheFolder for the order). */
export function datasetCacheRoot(cacheDir?: string, env: NodeJS.ProcessEnv = process.env): string {
  if (cacheDir !== undefined && cacheDir !== '') return resolve(cacheDir);
  if (env.NABLA_DATA_DIR) return resolve(env.NABLA_DATA_DIR);
  // The XDG base-directory rule: a relative XDG_CACHE_HOME is invalid and is ignored.
  const xdg = env.XDG_CACHE_HOME;
  const cacheHome = xdg?.startsWith('/') ? xdg : join(homedir(), '.cache');
  return join(cacheHome, 'nabla', 'datasets');
}
