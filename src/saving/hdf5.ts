// HDF5 files as in-memory trees. The file I/O runs in a worker (hdf5-worker.mjs) on h5wasm, HDF5 compiled to
// WebAssembly; the Keras layouts are built and read here, in plain data.
import { statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { FileFormatError } from '../errors.ts';
import { checkHdf5File } from './file-check.ts';

/** The element arrays a stored weight can hold. */
export type WeightArray = Float32Array | Float64Array | Int32Array | BigInt64Array;

/** One stored array: its HDF5 name (or Keras weight name), shape and values. */
export interface WeightRecord {
  name: string;
  shape: number[];
  data: WeightArray;
}

/** An attribute as read: a string, a list of strings, or numbers (an empty Keras list reads as an empty array). */
export type AttributeValue = string | string[] | number | bigint | ArrayBufferView | unknown[];

/** An attribute to write, with its HDF5 type. */
export type AttributeSpec =
  | { string: string; charset: 'ascii' | 'utf-8' }
  | { strings: string[] }
  | { numbers: Float64Array | Float32Array | Int32Array; dtype: '<d' | '<f' | '<i'; shape: number[] };

/** A dataset in a tree. */
export interface H5Dataset<A = AttributeValue | AttributeSpec> {
  type: 'dataset';
  shape: number[];
  data: WeightArray;
  attrs: Record<string, A>;
}

/** A group in a tree; `children` in creation order. */
export interface H5Group<A = AttributeValue | AttributeSpec> {
  type: 'group';
  attrs: Record<string, A>;
  children: Record<string, H5Group<A> | H5Dataset<A>>;
}

/** A tree read from a file. */
export type ReadGroup = H5Group<AttributeValue>;
/** A tree to write. */
export type WriteGroup = H5Group<AttributeSpec>;

// ---------------------------------------------------------------------------------------- the worker
interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
  owner: Worker;
}

let worker: Worker | null = null;
/** The workers that have loaded the HDF5 library (a read's time limit starts then, not at the worker's start). */
const readyWorkers = new WeakMap<Worker, Promise<void>>();
const pending = new Map<number, Pending>();
let nextId = 0;

function hdf5Worker(): Worker {
  if (worker !== null) return worker;
  // execArgv [] keeps the TypeScript loader out of the worker (see hdf5-worker.mjs).
  const created = new Worker(new URL('./hdf5-worker.mjs', import.meta.url), { execArgv: [] });
  let markReady = (): void => {};
  readyWorkers.set(created, new Promise((resolve) => (markReady = resolve)));
  created.on(
    'message',
    ({ id, result, error, ready }: { id: number; result?: unknown; error?: string; ready?: boolean }) => {
      if (ready === true) return markReady();
      const request = pending.get(id);
      pending.delete(id);
      if (pending.size === 0) created.unref();
      if (error !== undefined) request?.reject(new Error(error));
      else request?.resolve(result);
    },
  );
  created.on('error', (error) => failAll(created, error));
  created.on('exit', (code) => {
    if (worker === created) worker = null;
    failAll(created, new Error(`the HDF5 worker stopped (exit code ${code})`));
  });
  created.unref();
  worker = created;
  return created;
}

function failAll(owner: Worker, error: Error): void {
  for (const [id, request] of pending) {
    if (request.owner !== owner) continue;
    pending.delete(id);
    request.reject(error);
  }
}

function call(
  message: { op: 'read' | 'write'; path: string; tree?: WriteGroup },
  timeoutMs?: number,
): Promise<unknown> {
  const target = hdf5Worker();
  const id = nextId++;
  // Referenced while a request is open, so that the process waits for the answer.
  target.ref();
  return new Promise((resolve, reject) => {
    if (timeoutMs === undefined) {
      pending.set(id, { resolve, reject, owner: target });
    } else {
      // A damaged file can send the HDF5 library into an endless loop: the worker is stopped (and made afresh
      // for the next request) instead of hanging the process.
      let timer: NodeJS.Timeout | undefined;
      let settled = false;
      void readyWorkers.get(target)?.then(() => {
        if (settled) return;
        timer = setTimeout(() => {
          pending.delete(id);
          reject(
            new Error(`the HDF5 library did not finish reading it within ${Math.round(timeoutMs / 1000)} s (stopped)`),
          );
          if (worker === target) worker = null;
          void target.terminate();
        }, timeoutMs);
      });
      const settle =
        <T>(done: (value: T) => void) =>
        (value: T) => {
          settled = true;
          clearTimeout(timer);
          done(value);
        };
      pending.set(id, { resolve: settle(resolve), reject: settle(reject), owner: target });
    }
    target.postMessage({ id, ...message });
  });
}

/** Time a read may take once the library is loaded: 4 s, plus a second per 20 MB (reading runs at hundreds of MB/s). */
function readTimeoutMs(path: string): number {
  return 4000 + Math.ceil(statSync(path).size / 20e6) * 1000;
}

/** Reads a whole HDF5 file after checking that it is one and is complete. */
export async function readHdf5(path: string): Promise<ReadGroup> {
  checkHdf5File(path);
  try {
    return (await call({ op: 'read', path }, readTimeoutMs(path))) as ReadGroup;
  } catch (error) {
    throw new FileFormatError(`${path} could not be read as HDF5: ${(error as Error).message}`);
  }
}

/** Writes a tree as a new HDF5 file (replacing `path`; use writeAtomically around it). */
export async function writeHdf5(path: string, tree: WriteGroup): Promise<void> {
  await call({ op: 'write', path, tree });
}

// ---------------------------------------------------------------------------------------- reading trees
/** The child at a slash-separated path, or null. */
function child(group: ReadGroup, path: string): ReadGroup | H5Dataset<AttributeValue> | null {
  let node: ReadGroup | H5Dataset<AttributeValue> = group;
  for (const part of path.split('/').filter((p) => p !== '')) {
    if (node.type !== 'group' || !Object.hasOwn(node.children, part)) return null;
    node = node.children[part];
  }
  return node;
}

/** The group at `path`, or null when absent or not a group. */
export function getGroup(group: ReadGroup, path: string): ReadGroup | null {
  const node = child(group, path);
  return node !== null && node.type === 'group' ? node : null;
}

/** The dataset at `path` as a WeightRecord named `name`, or null. */
export function getDataset(group: ReadGroup, path: string, name = path): WeightRecord | null {
  const node = child(group, path);
  return node !== null && node.type === 'dataset' ? { name, shape: node.shape, data: node.data } : null;
}

/** A string-list attribute, also when stored in numbered chunks (`layer_names0`, `layer_names1`, …). */
export function readStringListAttribute(group: ReadGroup, name: string): string[] | null {
  if (Object.hasOwn(group.attrs, name)) return toStringList(group.attrs[name], name);
  if (!Object.hasOwn(group.attrs, `${name}0`)) return null;
  const all: string[] = [];
  for (let i = 0; Object.hasOwn(group.attrs, `${name}${i}`); i++)
    all.push(...toStringList(group.attrs[`${name}${i}`], name));
  return all;
}

/** A scalar string attribute (fixed- or variable-length), or null when absent. */
export function readStringAttribute(group: ReadGroup, name: string): string | null {
  if (!Object.hasOwn(group.attrs, name)) return null;
  const value = group.attrs[name];
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.length === 1 && typeof value[0] === 'string') return value[0];
  throw new FileFormatError(`attribute ${name} is not a string`);
}

// An empty list is stored by Keras (through numpy) as an empty float64 array.
function toStringList(value: AttributeValue, name: string): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.map((v) => String(v));
  if (ArrayBuffer.isView(value) && (value as unknown as ArrayLike<unknown>).length === 0) return [];
  throw new FileFormatError(`attribute ${name} is not a list of strings`);
}

// ---------------------------------------------------------------------------------------- building trees
/** An empty group to write. */
export function newGroup(): WriteGroup {
  return { type: 'group', attrs: {}, children: {} };
}

/** The group at `path` under `parent`, creating every missing level (Keras names such as `dense/kernel:0` nest). */
export function ensureGroup(parent: WriteGroup, path: string): WriteGroup {
  let group = parent;
  for (const part of path.split('/').filter((p) => p !== '')) {
    const existing = group.children[part];
    if (existing !== undefined && existing.type !== 'group')
      throw new FileFormatError(`${path}: ${part} is a dataset, not a group`);
    group = (existing as WriteGroup | undefined) ?? (group.children[part] = newGroup());
  }
  return group;
}

/** Adds one dataset (creating parent groups); scalars have shape []. */
export function addDataset(parent: WriteGroup, path: string, record: { shape: number[]; data: WeightArray }): void {
  const slash = path.lastIndexOf('/');
  const group = slash < 0 ? parent : ensureGroup(parent, path.slice(0, slash));
  group.children[slash < 0 ? path : path.slice(slash + 1)] = {
    type: 'dataset',
    shape: record.shape,
    data: record.data,
    attrs: {},
  };
}

/** How Keras's h5py writes strings: 'ascii' for encoded bytes, 'utf-8' for Python str. */
export type StringKind = 'ascii' | 'utf-8';

/** Sets a scalar variable-length string attribute. */
export function setStringAttribute(group: WriteGroup, name: string, value: string, kind: StringKind): void {
  group.attrs[name] = { string: value, charset: kind };
}

/** Sets a list of names: variable-length ASCII strings, or an empty float64 array as numpy stores []. */
export function setStringListAttribute(group: WriteGroup, name: string, values: readonly string[]): void {
  group.attrs[name] = { strings: [...values] };
}
