// The order in which loadData looks for a dataset: an explicit path, the cache, a download, the offline source.
import { ValueError } from '../errors.ts';
import {
  FILE_KEYS,
  checkCachedSizes,
  downloadCanonicalFiles,
  findCanonicalFiles,
  missingFiles,
  readDatasetFiles,
  unpackCachedFiles,
} from './canonical-files.ts';
import { datasetCacheFolder } from './cache-dir.ts';
import type {
  DatasetArrays,
  DatasetSource,
  DatasetSourceKind,
  DatasetSpec,
  LoadDataOptions,
  LoadedData,
} from './dataset-types.ts';
import { checkOptions as checkOptionNames } from '../options.ts';
import { LOAD_DATA_KEYS } from '../option-keys.ts';

type FileKey = (typeof FILE_KEYS)[number];

const SOURCE_KINDS: readonly DatasetSourceKind[] = ['path', 'cache', 'download', 'npm'];
/** Datasets whose non-canonical notice was printed already (it is printed once per process). */
const announced = new Set<string>();
/** Why the download of a dataset (from given mirrors into a given folder) failed: tried once per process. */
const failedDownloads = new Map<string, string>();

/** Loads a dataset as keras.datasets.<name>.load_data() does, with the fall-backs of README.md (this folder). */
export async function loadDataset(spec: DatasetSpec, options: LoadDataOptions = {}): Promise<LoadedData> {
  checkOptionNames(`${spec.name}.loadData`, options, LOAD_DATA_KEYS);
  const forced = checkOptions(options);
  const notice = (line: string): void => {
    if (options.verbose ?? true) process.stderr.write(`${line}\n`);
  };
  if (options.path !== undefined && (forced === undefined || forced === 'path')) return fromPath(spec, options.path);
  const folder = datasetCacheFolder(spec.name, options.cacheDir);
  if (forced === undefined || forced === 'cache') {
    const cached = await fromCache(spec, folder, forced === 'cache');
    if (cached !== undefined) return cached;
  }
  const attempt = JSON.stringify([folder, options.mirrors ?? spec.mirrors]);
  let downloadFailure = failedDownloads.get(attempt);
  const tryDownload =
    forced === 'download' || (forced === undefined && !options.offline && downloadFailure === undefined);
  if (tryDownload) {
    try {
      return await fromDownload(spec, folder, options, notice, forced === 'download');
    } catch (error) {
      if (forced === 'download') throw error;
      downloadFailure = error instanceof Error ? error.message : String(error);
      failedDownloads.set(attempt, downloadFailure);
      const fallback = spec.offline?.label;
      if (fallback !== undefined)
        notice(`nabla: could not download ${spec.title}: ${downloadFailure}; using ${fallback}`);
    }
  }
  return fromOffline(spec, folder, notice, options.offline ? 'offline: true' : downloadFailure);
}

function checkOptions(options: LoadDataOptions): DatasetSourceKind | undefined {
  const forced = options.source;
  if (forced !== undefined && !SOURCE_KINDS.includes(forced)) {
    throw new ValueError(
      `unknown source '${String(forced)}': expected one of ${SOURCE_KINDS.map((k) => `'${k}'`).join(', ')}`,
    );
  }
  if (forced === 'path' && options.path === undefined) {
    throw new ValueError("source 'path' needs the path option: a folder holding the four canonical files");
  }
  if (forced === 'download' && options.offline) {
    throw new ValueError("source 'download' contradicts offline: true: drop one of them");
  }
  return forced;
}

async function fromPath(spec: DatasetSpec, path: string): Promise<LoadedData> {
  const arrays = await readCanonicalFolder(spec, path, false);
  return dress(arrays, canonicalSource('path', path, `${spec.title}, the canonical files in ${path}`));
}

async function fromCache(spec: DatasetSpec, folder: string, required: boolean): Promise<LoadedData | undefined> {
  if (!required && missingFiles(findCanonicalFiles(folder, spec.files), spec.files).length > 0) return undefined;
  const arrays = await readCanonicalFolder(spec, folder, true);
  return dress(arrays, canonicalSource('cache', folder, `${spec.title}, the canonical files cached in ${folder}`));
}

/** Reads the four canonical files of `folder`, or says which are missing. */
async function readCanonicalFolder(spec: DatasetSpec, folder: string, isCache: boolean): Promise<DatasetArrays> {
  const found = findCanonicalFiles(folder, spec.files);
  const missing = missingFiles(found, spec.files);
  if (missing.length > 0) {
    const where = isCache ? `the cache ${folder}` : folder;
    throw new ValueError(
      `${where} lacks the ${spec.title} file(s) ${missing.join(', ')} (each may be .gz or unpacked)`,
    );
  }
  if (!isCache) return readDatasetFiles(found as Record<FileKey, string>, spec);
  checkCachedSizes(found, spec.files);
  const arrays = await readDatasetFiles(found as Record<FileKey, string>, spec);
  await unpackCachedFiles(found, arrays, spec.files);
  return arrays;
}

async function fromDownload(
  spec: DatasetSpec,
  folder: string,
  options: LoadDataOptions,
  notice: (line: string) => void,
  everyFile: boolean,
): Promise<LoadedData> {
  const found = findCanonicalFiles(folder, spec.files);
  const wanted = FILE_KEYS.filter((key) => everyFile || found[key] === undefined).map((key) => spec.files[key]);
  await downloadCanonicalFiles(folder, wanted, {
    mirrors: options.mirrors ?? spec.mirrors,
    connectTimeoutMs: options.connectTimeoutMs,
    idleTimeoutMs: options.idleTimeoutMs,
    notice,
    progress: options.verbose === false ? false : undefined,
  });
  const arrays = await readCanonicalFolder(spec, folder, true);
  return dress(
    arrays,
    canonicalSource('download', folder, `${spec.title}, the canonical files downloaded into ${folder}`),
  );
}

async function fromOffline(
  spec: DatasetSpec,
  folder: string,
  notice: (line: string) => void,
  reason: string | undefined,
): Promise<LoadedData> {
  const offline = spec.offline;
  if (offline === undefined) {
    throw new ValueError(
      `${spec.title} needs its four canonical files (${FILE_KEYS.map((k) => spec.files[k].name).join(', ')}): ` +
        `they are not in the cache and were not downloaded (${reason ?? 'download skipped'}). No npm package holds ` +
        `the full set, so there is no offline copy: put the files in ${folder}, or pass { path } to a folder holding them`,
    );
  }
  const { arrays, description, warning } = await offline.load(folder);
  if (warning !== undefined) notice(`nabla: ${warning}`);
  if (!announced.has(spec.name)) {
    announced.add(spec.name);
    notice(`nabla: ${description}`);
  }
  return dress(arrays, { kind: 'npm', canonical: false, location: folder, description });
}

function canonicalSource(kind: DatasetSourceKind, location: string, description: string): DatasetSource {
  return { kind, canonical: true, location, description };
}

/** The Keras-shaped result, with a non-enumerable `source` (so it does not show in destructuring or logging). */
function dress(arrays: DatasetArrays, source: DatasetSource): LoadedData {
  const data = [
    [arrays.trainImages, arrays.trainLabels],
    [arrays.testImages, arrays.testLabels],
  ];
  Object.defineProperty(data, 'source', { value: Object.freeze(source), enumerable: false });
  return data as unknown as LoadedData;
}
