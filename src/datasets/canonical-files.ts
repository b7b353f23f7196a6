// Finding, reading and downloading the four canonical IDX files of an MNIST-like dataset.
import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { FileFormatError, formatShape } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import type { CanonicalFile, CanonicalFiles, DatasetArrays, DatasetSpec } from './dataset-types.ts';
import { DownloadError, downloadFile } from './download.ts';
import { IDX_IMAGES_MAGIC, IDX_LABELS_MAGIC, readIdxFile, writeIdxFile } from './idx.ts';

type FileKey = keyof CanonicalFiles;
/** Keras's download order. */
export const FILE_KEYS: readonly FileKey[] = ['trainLabels', 'trainImages', 'testLabels', 'testImages'];

/** The paths of the four files in `folder` (each .gz, or unpacked under its own name or the dotted variant). */
export function findCanonicalFiles(folder: string, files: CanonicalFiles): Partial<Record<FileKey, string>> {
  const found: Partial<Record<FileKey, string>> = {};
  for (const key of FILE_KEYS) {
    const path = candidateNames(files[key].name)
      .map((name) => join(folder, name))
      .find((p) => existsSync(p) && statSync(p).isFile());
    if (path !== undefined) found[key] = path;
  }
  return found;
}

/**
 * `train-images-idx3-ubyte`, `train-images.idx3-ubyte` (as some archives name it), `train-images-idx3-ubyte.gz`:
 * unpacked first, since it loads without inflating.
 */
function candidateNames(gzName: string): string[] {
  const bare = unpackedName(gzName);
  return [bare, bare.replace('-idx', '.idx'), gzName];
}

/** `train-images-idx3-ubyte` for `train-images-idx3-ubyte.gz`. */
export function unpackedName(gzName: string): string {
  return gzName.replace(/\.gz$/, '');
}

/**
 * Writes an unpacked copy next to each .gz just read from the cache, so later loads skip inflating (0.3 s
 * instead of 0.7 s for Fashion-MNIST here). The copy is a convenience: when it cannot be written, nothing fails.
 */
export async function unpackCachedFiles(
  found: Partial<Record<FileKey, string>>,
  arrays: DatasetArrays,
  files: CanonicalFiles,
): Promise<void> {
  for (const key of FILE_KEYS) {
    const path = found[key];
    if (path === undefined || !path.endsWith('.gz')) continue;
    await writeIdxFile(join(dirname(path), unpackedName(files[key].name)), arrays[key], { gzip: false }).catch(
      () => {},
    );
  }
}

/** The names of the files `found` lacks. */
export function missingFiles(found: Partial<Record<FileKey, string>>, files: CanonicalFiles): string[] {
  return FILE_KEYS.filter((key) => found[key] === undefined).map((key) => files[key].name);
}

/** Throws when a cached .gz does not have its published size (a file nabla did not write, or a damaged one). */
export function checkCachedSizes(found: Partial<Record<FileKey, string>>, files: CanonicalFiles): void {
  for (const key of FILE_KEYS) {
    const path = found[key];
    if (path === undefined || !path.endsWith('.gz')) continue;
    const size = statSync(path).size;
    if (size !== files[key].size) {
      throw new FileFormatError(
        `${path}: ${size} bytes, the canonical file has ${files[key].size}: delete it and load again to download it afresh`,
      );
    }
  }
}

/** Reads the four files and checks that they fit together as one dataset. */
export async function readDatasetFiles(
  paths: Record<FileKey, string>,
  spec: Pick<DatasetSpec, 'classCount'>,
): Promise<DatasetArrays> {
  const [trainLabels, trainImages, testLabels, testImages] = await Promise.all([
    readIdxFile(paths.trainLabels, IDX_LABELS_MAGIC),
    readIdxFile(paths.trainImages, IDX_IMAGES_MAGIC),
    readIdxFile(paths.testLabels, IDX_LABELS_MAGIC),
    readIdxFile(paths.testImages, IDX_IMAGES_MAGIC),
  ]);
  checkPair(trainImages, trainLabels, paths.trainImages, paths.trainLabels, spec.classCount);
  checkPair(testImages, testLabels, paths.testImages, paths.testLabels, spec.classCount);
  return { trainImages, trainLabels, testImages, testLabels };
}

function checkPair(images: Tensor, labels: Tensor, imagesPath: string, labelsPath: string, classCount: number): void {
  if (images.shape[1] !== 28 || images.shape[2] !== 28) {
    throw new FileFormatError(`${imagesPath}: images of shape ${formatShape(images.shape)}, expected (N, 28, 28)`);
  }
  if (images.shape[0] !== labels.shape[0]) {
    throw new FileFormatError(
      `${labelsPath}: ${labels.shape[0]} labels for the ${images.shape[0]} images of ${imagesPath}: ` +
        'the files do not belong together',
    );
  }
  const labelData = labels.data;
  for (let i = 0; i < labelData.length; i++) {
    if (labelData[i] >= classCount) {
      throw new FileFormatError(`${labelsPath}: label ${labelData[i]} at index ${i}, expected 0 to ${classCount - 1}`);
    }
  }
}

/** How downloads are made and reported. */
export interface FetchSettings {
  mirrors: readonly string[];
  connectTimeoutMs?: number;
  idleTimeoutMs?: number;
  notice: (line: string) => void;
  /** Draw progress bars (default: when stderr is a terminal). */
  progress?: boolean;
}

/**
 * Downloads the named canonical files into `folder`, each from the first mirror that delivers it whole with the
 * published size and MD5. Stops at the first file no mirror delivers (the set is useless without it).
 */
export async function downloadCanonicalFiles(
  folder: string,
  wanted: readonly CanonicalFile[],
  settings: FetchSettings,
): Promise<void> {
  const created = await mkdir(folder, { recursive: true });
  try {
    for (const file of wanted) await downloadFromMirrors(folder, file, settings);
  } catch (error) {
    // Leave no trace of a download that never delivered a file: remove the folders made for it, if still empty.
    if (created !== undefined) await removeEmptyFolders(folder, created);
    throw error;
  }
}

/** Removes `folder` and its parents up to and including `top`, as long as each is empty. */
async function removeEmptyFolders(folder: string, top: string): Promise<void> {
  for (let current = folder; ; current = dirname(current)) {
    if ((await readdir(current)).length > 0) return;
    await rmdir(current);
    if (current === top || dirname(current) === current) return;
  }
}

async function downloadFromMirrors(folder: string, file: CanonicalFile, settings: FetchSettings): Promise<void> {
  const reasons: string[] = [];
  for (const mirror of settings.mirrors) {
    const url = mirror.endsWith('/') ? `${mirror}${file.name}` : `${mirror}/${file.name}`;
    try {
      await downloadFile(url, join(folder, file.name), {
        expectedSize: file.size,
        md5: file.md5,
        connectTimeoutMs: settings.connectTimeoutMs,
        idleTimeoutMs: settings.idleTimeoutMs,
        progress: settings.progress,
        onStart: (started) => settings.notice(`Downloading data from ${started}`),
      });
      return;
    } catch (error) {
      // The messages begin with the URL; the host is enough to tell the mirrors apart.
      const message = error instanceof Error ? error.message : String(error);
      reasons.push(`${new URL(url).host}: ${message.startsWith(`${url}: `) ? message.slice(url.length + 2) : message}`);
    }
  }
  throw new DownloadError(`no mirror delivered ${file.name} (${reasons.join('; ') || 'no mirrors given'})`);
}
