// HDF5 file I/O on a worker thread, as plain JavaScript: whole files are read into a tree of groups,
// datasets and attributes, or written from one. It runs without the TypeScript loader on purpose: the loader
// rewrites h5wasm's 4 MB module on every start, which costs seconds; plain Node loads it in about one second.
import fs from 'node:fs';
import { parentPort } from 'node:worker_threads';

// HDF5 prints its error stack (~40 lines per failure) straight to file descriptor 2: h5wasm's file system writes
// through fs.writeSync. This worker's own fs module keeps those lines instead, and the telling one joins the
// thrown error; nothing reaches the terminal.
let diagnostics = '';
const writeSync = fs.writeSync;
fs.writeSync = function (fd, buffer, ...rest) {
  if (fd !== 2 || !ArrayBuffer.isView(buffer)) return writeSync.call(this, fd, buffer, ...rest);
  const [offset = 0, length = buffer.byteLength - offset] = rest;
  diagnostics = (diagnostics + Buffer.from(buffer.buffer, buffer.byteOffset + offset, length).toString()).slice(-65536);
  return length;
};
const { default: h5wasm } = await import('h5wasm/node');

const FLOAT = 1; // HDF5 datatype class H5T_FLOAT

await h5wasm.ready;

parentPort.on('message', ({ id, op, path, tree }) => {
  diagnostics = '';
  try {
    const result = op === 'read' ? readFile(path) : writeFile(path, tree);
    parentPort.postMessage({ id, result });
  } catch (error) {
    const message = String(error instanceof Error ? error.message : error);
    const cause = innermostCause();
    parentPort.postMessage({ id, error: cause === null ? message : `${message} (HDF5: ${cause})` });
  }
});

// The main thread starts a read's time limit once the library is loaded.
parentPort.postMessage({ ready: true });

// The last entry of HDF5's error stack is the innermost cause, e.g. "H5FD__sec2_open(): unable to open file:
// name = '…', errno = 2, error message = 'No such file or directory'".
function innermostCause() {
  const frames = diagnostics.split('\n').filter((line) => /^\s*#\d+:/.test(line));
  if (frames.length === 0) return null;
  const last = frames[frames.length - 1];
  const reason = /error message = '([^']*)'/.exec(last);
  return reason !== null ? reason[1] : last.replace(/^.* in /, '').trim();
}

function readFile(path) {
  const file = new h5wasm.File(path, 'r');
  if (file.file_id < 0n) throw new Error('not a readable HDF5 file');
  try {
    return readGroup(file);
  } finally {
    file.close();
  }
}

function readGroup(group) {
  const children = {};
  for (const name of group.keys()) {
    const child = group.get(name);
    if (child instanceof h5wasm.Group) children[name] = readGroup(child);
    else if (child instanceof h5wasm.Dataset) children[name] = readDataset(child);
  }
  return { type: 'group', attrs: readAttributes(group), children };
}

function readDataset(dataset) {
  const { type, size } = dataset.metadata;
  return {
    type: 'dataset',
    shape: dataset.shape ?? [],
    data: toTypedArray(dataset.value, type, size),
    attrs: readAttributes(dataset),
  };
}

function readAttributes(entity) {
  const attrs = {};
  for (const name of Object.keys(entity.attrs)) attrs[name] = entity.get_attribute(name, false);
  return attrs;
}

// Scalars come back as plain numbers: keep the stored width (a float32 learning rate stays float32).
function toTypedArray(value, type, size) {
  if (ArrayBuffer.isView(value)) return value;
  if (typeof value === 'bigint') return BigInt64Array.of(value);
  if (typeof value === 'number') {
    if (type === FLOAT) return size === 4 ? Float32Array.of(value) : Float64Array.of(value);
    return size === 8 ? BigInt64Array.of(BigInt(value)) : Int32Array.of(value);
  }
  throw new Error(`dataset ${String(value).slice(0, 40)} does not hold numbers`);
}

function writeFile(path, tree) {
  // libver 'earliest' keeps the file readable by the old HDF5 releases that Keras 2.x installs shipped with.
  const file = new h5wasm.File(path, 'w', { libver: ['earliest', 'v110'] });
  if (file.file_id < 0n) throw new Error(`could not create ${path}`);
  try {
    writeGroup(file, tree);
  } finally {
    file.close();
  }
  return null;
}

function writeGroup(group, node) {
  writeAttributes(group, node.attrs);
  for (const [name, child] of Object.entries(node.children)) {
    if (child.type === 'group') writeGroup(group.create_group(name), child);
    else writeAttributes(group.create_dataset({ name, data: child.data, shape: child.shape }), child.attrs);
  }
}

// Attribute values to write carry their HDF5 type: {string, charset} | {strings} | {numbers, dtype, shape}.
function writeAttributes(entity, attrs) {
  for (const [name, attr] of Object.entries(attrs)) {
    if ('string' in attr) entity.create_attribute(name, attr.string, null, attr.charset === 'ascii' ? 'A' : 'S');
    else if ('strings' in attr) writeStringList(entity, name, attr.strings);
    else entity.create_attribute(name, attr.numbers, attr.shape, attr.dtype);
  }
}

// numpy stores an empty list as an empty float64 array; other lists as variable-length ASCII strings.
function writeStringList(entity, name, strings) {
  if (strings.length === 0) entity.create_attribute(name, new Float64Array(0), [0], '<d');
  else entity.create_attribute(name, strings, [strings.length], 'A');
}
