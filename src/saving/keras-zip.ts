// The Keras 3 `.keras` archive: metadata.json, config.json and model.weights.h5, whose groups follow the
// saved object paths (`layers/dense/vars/0`, `optimizer/vars/1`, ...).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { FileFormatError } from '../errors.ts';
import { writeBytesAtomically } from './atomic-write.ts';
import {
  type ReadGroup,
  type WeightRecord,
  type WriteGroup,
  addDataset,
  ensureGroup,
  newGroup,
  readHdf5,
  readStringAttribute,
  setStringAttribute,
  writeHdf5,
} from './hdf5.ts';
import { type JsonObject, isJsonObject, parseJson } from './json.ts';
import { KERAS_TEMP_PREFIX, removeStaleKerasFolders } from './stale-temporaries.ts';
import { DEFAULT_ZIP_LIMITS, checkDeclaredSizes, extractZipEntry, listZipEntries } from './zip-reader.ts';

/** The variables of one saveable object (the model, a layer, the optimizer) at its saved path. */
export interface SavedObjectVariables {
  /** Path inside model.weights.h5 without the leading slash: '' for the model, 'layers/dense', 'optimizer'. */
  path: string;
  /** The object's own name (stored as the `name` attribute of its `vars` group). */
  name: string | null;
  /** Its variables in `vars/0`, `vars/1`, ... order. */
  vars: WeightRecord[];
}

/** What a `.keras` archive holds. */
export interface KerasZipContents {
  metadata: JsonObject;
  config: JsonObject;
  objects: SavedObjectVariables[];
}

/** The Keras version whose `.keras` layout nabla writes. */
export const KERAS3_VERSION = '3.10.0';

const CONFIG = 'config.json';
const METADATA = 'metadata.json';
const WEIGHTS = 'model.weights.h5';
const MEMBERS = [METADATA, CONFIG, WEIGHTS];

/** Reads a `.keras` archive; refuses unexpected or path-traversing member names. Nothing in it is executed. */
export async function readKerasZip(path: string): Promise<KerasZipContents> {
  const members = unzipMembers(path);
  const configBytes = members.get(CONFIG);
  const weightBytes = members.get(WEIGHTS);
  if (!configBytes) throw new FileFormatError(`${path} has no ${CONFIG}: not a Keras 3 .keras archive`);
  if (!weightBytes)
    throw new FileFormatError(
      `${path} has no ${WEIGHTS}: not a Keras 3 .keras archive (or weights were stored another way)`,
    );
  const config = parseJsonMember(configBytes, `${CONFIG} in ${path}`);
  const metadataBytes = members.get(METADATA);
  const metadata = metadataBytes ? parseJsonMember(metadataBytes, `${METADATA} in ${path}`) : {};
  const objects = await withTemporaryFile(weightBytes, (h5) => readWeightStore(h5, `${WEIGHTS} in ${path}`));
  return { metadata, config, objects };
}

function unzipMembers(path: string): Map<string, Uint8Array> {
  const size = statSync(path).size;
  if (size > DEFAULT_ZIP_LIMITS.maxTotalBytes) {
    throw new FileFormatError(
      `${path} is ${size} bytes, above the ${DEFAULT_ZIP_LIMITS.maxTotalBytes}-byte limit of a .keras archive`,
    );
  }
  const bytes = readFileSync(path);
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50) {
    throw new FileFormatError(
      `${path} is not a zip archive (a .keras file is a zip of config.json and model.weights.h5)`,
    );
  }
  const entries = listZipEntries(bytes, path).filter((entry) => !entry.name.endsWith('/'));
  const rejected = entries.filter((entry) => !MEMBERS.includes(entry.name)).map((entry) => entry.name);
  if (rejected.length > 0) throw rejectedMembersError(path, rejected);
  checkDeclaredSizes(entries, path);
  return new Map(entries.map((entry) => [entry.name, extractZipEntry(bytes, entry, path)]));
}

function rejectedMembersError(path: string, names: string[]): FileFormatError {
  const traversing = names.filter(isPathTraversing);
  if (traversing.length > 0) {
    return new FileFormatError(
      `${path} contains path-traversing member names (${traversing.map((n) => JSON.stringify(n)).join(', ')}); refusing to load it`,
    );
  }
  return new FileFormatError(
    `${path} contains unexpected members (${names.map((n) => JSON.stringify(n)).join(', ')}); a .keras archive holds only ${MEMBERS.join(', ')}`,
  );
}

function isPathTraversing(name: string): boolean {
  return name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..');
}

function parseJsonMember(bytes: Uint8Array, what: string): JsonObject {
  const value = parseJson(new TextDecoder().decode(bytes), what, FileFormatError);
  if (!isJsonObject(value)) throw new FileFormatError(`${what} is not a JSON object`);
  return value;
}

// The HDF5 library works on files, so the archive member goes through a private temporary folder.
async function withTemporaryFile<T>(bytes: Uint8Array, body: (path: string) => Promise<T>): Promise<T> {
  return withTemporaryFolder(async (folder) => {
    const file = join(folder, WEIGHTS);
    writeFileSync(file, bytes);
    return body(file);
  });
}

/** Reads the object-path tree of a Keras 3 weight store (model.weights.h5 or a .weights.h5 file). */
export async function readWeightStore(h5Path: string, what: string): Promise<SavedObjectVariables[]> {
  let root: ReadGroup;
  try {
    root = await readHdf5(h5Path);
  } catch (error) {
    throw new FileFormatError(`${what}: ${(error as Error).message}`);
  }
  return weightStoreObjects(root);
}

/** The saved objects of a Keras 3 weight store tree: every group holding a `vars` group. */
export function weightStoreObjects(root: ReadGroup): SavedObjectVariables[] {
  const found: SavedObjectVariables[] = [];
  collectVars(root, '', found);
  return found;
}

function collectVars(group: ReadGroup, path: string, found: SavedObjectVariables[]): void {
  for (const [key, child] of Object.entries(group.children)) {
    if (child.type !== 'group') continue;
    if (key === 'vars') found.push({ path, name: readStringAttribute(child, 'name'), vars: readVars(child, path) });
    else collectVars(child, path === '' ? key : `${path}/${key}`, found);
  }
}

function readVars(group: ReadGroup, path: string): WeightRecord[] {
  const indices = Object.keys(group.children)
    .filter((k) => /^\d+$/.test(k))
    .map(Number)
    .sort((a, b) => a - b);
  return indices.map((i, position) => {
    if (i !== position) throw new FileFormatError(`${path}/vars skips variable ${position}`);
    const node = group.children[String(i)];
    if (node.type !== 'dataset') throw new FileFormatError(`${path}/vars/${i} is not a dataset`);
    return { name: String(i), shape: node.shape, data: node.data };
  });
}

/** Writes a `.keras` archive with Keras 3's member order and HDF5 tree, atomically. */
export async function writeKerasZip(path: string, contents: KerasZipContents): Promise<void> {
  const weightBytes = await withTemporaryFolder(async (folder) => {
    const h5Path = join(folder, WEIGHTS);
    await writeHdf5(h5Path, weightStoreTree(contents.objects));
    return readFileSync(h5Path);
  });
  const encode = (value: JsonObject) => new TextEncoder().encode(JSON.stringify(value));
  // Keras writes the JSON members with the zip format's earliest date and the weights with the save time.
  const epoch = new Date(1980, 0, 1);
  const archive = zipSync({
    [METADATA]: [encode(contents.metadata), { level: 0, mtime: epoch }],
    [CONFIG]: [encode(contents.config), { level: 0, mtime: epoch }],
    [WEIGHTS]: [new Uint8Array(weightBytes), { level: 0 }],
  });
  await writeBytesAtomically(path, archive);
}

async function withTemporaryFolder<T>(body: (folder: string) => Promise<T>): Promise<T> {
  removeStaleKerasFolders();
  const folder = mkdtempSync(join(tmpdir(), `${KERAS_TEMP_PREFIX}${process.pid}-`));
  try {
    return await body(folder);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

/** The object-path tree of a Keras 3 weight store, ready to write. */
export function weightStoreTree(objects: SavedObjectVariables[]): WriteGroup {
  const root = newGroup();
  for (const object of objects) {
    const vars = ensureGroup(root, object.path === '' ? 'vars' : `${object.path}/vars`);
    if (object.name !== null) setStringAttribute(vars, 'name', object.name, 'utf-8');
    object.vars.forEach((v, i) => addDataset(vars, String(i), v));
  }
  return root;
}

/** Keras 3's metadata.json for a save made now. */
export function kerasZipMetadata(now: Date = new Date()): JsonObject {
  const pad = (n: number) => String(n).padStart(2, '0');
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}:${pad(now.getMinutes())}:${pad(now.getSeconds())}`;
  return { keras_version: KERAS3_VERSION, date_saved: `${date}@${time}` };
}
