// A thin layer over h5wasm (HDF5 compiled to WebAssembly; in Node it reads and writes the real filesystem)
// with the few operations the Keras layouts need, and errors that name the file.
import type { Dataset, Group, File as H5File } from 'h5wasm/node';
import { FileFormatError } from '../errors.ts';
import { checkHdf5File } from './file-check.ts';

export type { Group, H5File };

// HDF5's datatype class numbers (H5T_class_t).
const H5T_FLOAT = 1;

/** The element arrays a stored weight can hold. */
export type WeightArray = Float32Array | Float64Array | Int32Array | BigInt64Array;

/** One stored array: its HDF5 name (or Keras weight name), shape and values. */
export interface WeightRecord {
  name: string;
  shape: number[];
  data: WeightArray;
}

type H5Wasm = typeof import('h5wasm/node').default;
let loading: Promise<H5Wasm> | null = null;
let h5wasm: H5Wasm;

// Loaded on first use: the HDF5 library is large, and programs that never save or load should not pay for it.
async function loadH5Wasm(): Promise<H5Wasm> {
  loading ??= import('h5wasm/node').then(async (module) => {
    await module.default.ready;
    h5wasm = module.default;
    return h5wasm;
  });
  return loading;
}

/** Opens an HDF5 file for reading after checking that it is one and is complete. */
export async function openHdf5ForReading(path: string): Promise<H5File> {
  checkHdf5File(path);
  await loadH5Wasm();
  let file: H5File;
  try {
    file = new h5wasm.File(path, 'r');
  } catch (error) {
    throw new FileFormatError(`${path} could not be opened as HDF5: ${String(error)}`);
  }
  if (file.file_id < 0n) throw new FileFormatError(`${path} could not be opened as HDF5 (corrupt file?)`);
  return file;
}

/** Creates (truncating) an HDF5 file for writing; libver 'earliest' keeps it readable by old HDF5 releases. */
export async function createHdf5(path: string): Promise<H5File> {
  await loadH5Wasm();
  const file = new h5wasm.File(path, 'w', { libver: ['earliest', 'v110'] });
  if (file.file_id < 0n) throw new FileFormatError(`could not create the HDF5 file ${path}`);
  return file;
}

/** Runs `body` on the open file and always closes it. */
export async function withHdf5<T>(file: H5File, body: (file: H5File) => T | Promise<T>): Promise<T> {
  try {
    return await body(file);
  } finally {
    file.close();
  }
}

/** The group at `path` (relative to `parent`), or null when absent or not a group. */
export function getGroup(parent: Group, path: string): Group | null {
  if (!hasPath(parent, path)) return null;
  const entity = parent.get(path);
  return entity instanceof h5wasm.Group ? entity : null;
}

/** The dataset at `path`, or null when absent or not a dataset. */
export function getDataset(parent: Group, path: string): Dataset | null {
  if (!hasPath(parent, path)) return null;
  const entity = parent.get(path);
  return entity instanceof h5wasm.Dataset ? entity : null;
}

// Checking each step first keeps HDF5 from printing lookup errors for paths that do not exist.
function hasPath(parent: Group, path: string): boolean {
  let group: Group = parent;
  const parts = path.split('/').filter((p) => p !== '');
  for (let i = 0; i < parts.length; i++) {
    if (!group.keys().includes(parts[i])) return false;
    if (i === parts.length - 1) return true;
    const next = group.get(parts[i]);
    if (!(next instanceof h5wasm.Group)) return false;
    group = next;
  }
  return true;
}

/** The group at `path` under `parent`, creating every missing level (Keras names such as `dense/kernel:0` nest). */
export function ensureGroup(parent: Group, path: string): Group {
  let group = parent;
  for (const part of path.split('/').filter((p) => p !== '')) {
    group = group.keys().includes(part) ? expectGroup(group, part) : group.create_group(part);
  }
  return group;
}

function expectGroup(parent: Group, name: string): Group {
  const entity = parent.get(name);
  if (!(entity instanceof h5wasm.Group)) throw new FileFormatError(`${parent.path}/${name} exists and is not a group`);
  return entity;
}

/** Reads a dataset as a typed array with its shape (float16/64 and int types as stored, float32 kept). */
export function readDataset(dataset: Dataset, name: string): WeightRecord {
  const shape = dataset.shape ?? [];
  const value = dataset.value;
  return { name, shape, data: toWeightArray(value, dataset.metadata, `${dataset.path}`) };
}

function toWeightArray(value: unknown, metadata: { type: number; size: number }, where: string): WeightArray {
  if (value instanceof Float32Array || value instanceof Float64Array || value instanceof Int32Array || value instanceof BigInt64Array) {
    return value;
  }
  // Scalars come back as plain numbers: keep the stored width (a float32 learning rate stays float32).
  if (typeof value === 'bigint') return BigInt64Array.of(value);
  if (typeof value === 'number') {
    if (metadata.type === H5T_FLOAT) return metadata.size === 4 ? Float32Array.of(value) : Float64Array.of(value);
    return metadata.size === 8 ? BigInt64Array.of(BigInt(value)) : Int32Array.of(value);
  }
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    const numbers = Array.from(value as unknown as ArrayLike<number | bigint>, Number);
    return Float64Array.from(numbers);
  }
  throw new FileFormatError(`${where} does not hold numbers (found ${typeof value})`);
}

/** Writes one dataset (creating parent groups); scalars get shape []. */
export function writeDataset(parent: Group, path: string, record: { shape: number[]; data: WeightArray }): void {
  const slash = path.lastIndexOf('/');
  const group = slash < 0 ? parent : ensureGroup(parent, path.slice(0, slash));
  const name = slash < 0 ? path : path.slice(slash + 1);
  group.create_dataset({ name, data: record.data, shape: record.shape });
}

/** Reads a string-list attribute, also when stored in numbered chunks (`layer_names0`, `layer_names1`, ...). */
export function readStringListAttribute(group: Group, name: string): string[] | null {
  const attrs = Object.keys(group.attrs);
  if (attrs.includes(name)) return toStringList(group.get_attribute(name, false));
  if (!attrs.includes(`${name}0`)) return null;
  const all: string[] = [];
  for (let i = 0; attrs.includes(`${name}${i}`); i++) all.push(...toStringList(group.get_attribute(`${name}${i}`, false)));
  return all;
}

/** Reads a scalar string attribute (fixed- or variable-length, bytes or text), or null when absent. */
export function readStringAttribute(group: Group, name: string): string | null {
  if (!Object.keys(group.attrs).includes(name)) return null;
  const value = group.get_attribute(name, false);
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  throw new FileFormatError(`attribute ${group.path}@${name} is not a string`);
}

// An empty list is stored by Keras (through numpy) as an empty float64 array.
function toStringList(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (ArrayBuffer.isView(value) && (value as unknown as ArrayLike<unknown>).length === 0) return [];
  throw new FileFormatError(`expected a list of strings, found ${String(value)}`);
}

/** How Keras's h5py writes strings: 'ascii' for encoded bytes, 'utf-8' for Python str. */
export type StringKind = 'ascii' | 'utf-8';

/** Writes a scalar variable-length string attribute. */
export function writeStringAttribute(group: Group, name: string, value: string, kind: StringKind): void {
  group.create_attribute(name, value, null, kind === 'ascii' ? 'A' : 'S');
}

/** Writes a list of names as a variable-length string array, or an empty float64 array as numpy does for []. */
export function writeStringListAttribute(group: Group, name: string, values: readonly string[]): void {
  if (values.length === 0) group.create_attribute(name, new Float64Array(0), [0], '<d');
  else group.create_attribute(name, [...values], [values.length], 'A');
}
