// Cheap checks on a file's first bytes, so that a wrong or truncated file gets a clear error before any
// library tries to parse it.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { FileFormatError } from '../errors.ts';

const HDF5_SIGNATURE = [0x89, 0x48, 0x44, 0x46, 0x0d, 0x0a, 0x1a, 0x0a];
const ZIP_SIGNATURE = [0x50, 0x4b, 0x03, 0x04];

/** The kinds of model file nabla reads. */
export type ModelFileKind = 'hdf5' | 'zip';

/** Tells an HDF5 file from a zip archive by its signature; throws FileFormatError for anything else. */
export function detectModelFileKind(path: string): ModelFileKind {
  const head = readHead(path, 8);
  if (startsWith(head, HDF5_SIGNATURE)) return 'hdf5';
  if (startsWith(head, ZIP_SIGNATURE)) return 'zip';
  // An HDF5 file may start with a user block (512, 1024, ... bytes) before its superblock.
  if (findSuperblock(path) !== null) return 'hdf5';
  throw new FileFormatError(
    `${path} is neither an HDF5 file (.h5) nor a zip archive (.keras): its first bytes are ${hex(head)}`,
  );
}

/**
 * Throws FileFormatError unless `path` is an HDF5 file whose superblock says it is no longer than it is
 * (a copy or download cut short fails here instead of deep inside the HDF5 library).
 */
export function checkHdf5File(path: string): void {
  const superblock = findSuperblock(path);
  if (superblock === null) {
    throw new FileFormatError(`${path} is not an HDF5 file: no HDF5 signature found (expected a Keras .h5 file)`);
  }
  const { fileSize, endOfFile } = superblock;
  if (endOfFile === null || fileSize < endOfFile) {
    const expected = endOfFile === null ? 'an unfinished file' : `${endOfFile} bytes`;
    throw new FileFormatError(
      `${path} is truncated: the HDF5 superblock promises ${expected}, the file has ${fileSize} bytes`,
    );
  }
}

interface Superblock {
  fileSize: number;
  /** Absolute end-of-file address promised by the superblock, null when it is undefined. */
  endOfFile: number | null;
}

function findSuperblock(path: string): Superblock | null {
  const fd = openOrThrow(path);
  try {
    const fileSize = fstatSync(fd).size;
    // The superblock sits at 0 or at a power of two >= 512 (after a user block).
    for (let offset = 0; offset + 8 <= fileSize; offset = offset === 0 ? 512 : offset * 2) {
      const bytes = Buffer.alloc(64);
      const got = readSync(fd, bytes, 0, 64, offset);
      if (got >= 8 && startsWith(bytes, HDF5_SIGNATURE)) {
        return { fileSize, endOfFile: parseEndOfFile(bytes.subarray(0, got), offset) };
      }
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

// Superblock layouts from the HDF5 file format specification (versions 0-1 and 2-3).
function parseEndOfFile(bytes: Buffer, superblockOffset: number): number | null {
  const version = bytes[8];
  let offsetSize: number;
  let baseAt: number;
  if (version === 0 || version === 1) {
    offsetSize = bytes[13];
    baseAt = version === 0 ? 24 : 28;
  } else {
    offsetSize = bytes[9];
    baseAt = 12;
  }
  if (offsetSize !== 8 && offsetSize !== 4) return null;
  const endAt = baseAt + 2 * offsetSize;
  if (endAt + offsetSize > bytes.length) return null;
  const base = readAddress(bytes, baseAt, offsetSize);
  const end = readAddress(bytes, endAt, offsetSize);
  if (base === null || end === null) return null;
  return (base === 0 ? superblockOffset : base) + end;
}

function readAddress(bytes: Buffer, at: number, size: number): number | null {
  const value = size === 8 ? bytes.readBigUInt64LE(at) : BigInt(bytes.readUInt32LE(at));
  const undefinedAddress = size === 8 ? 0xffffffffffffffffn : 0xffffffffn;
  return value === undefinedAddress ? null : Number(value);
}

function readHead(path: string, length: number): Buffer {
  const fd = openOrThrow(path);
  try {
    const bytes = Buffer.alloc(length);
    const got = readSync(fd, bytes, 0, length, 0);
    return bytes.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function openOrThrow(path: string): number {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new FileFormatError(`cannot open ${path}: ${code === 'ENOENT' ? 'no such file' : String(error)}`);
  }
  if (fstatSync(fd).isDirectory()) {
    closeSync(fd);
    throw new FileFormatError(`${path} is a directory, not a model file: expected a .keras, .h5 or .weights.h5 file`);
  }
  return fd;
}

function startsWith(bytes: Uint8Array, signature: readonly number[]): boolean {
  return signature.every((b, i) => bytes[i] === b);
}

function hex(bytes: Uint8Array): string {
  return bytes.length === 0 ? '(empty file)' : Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join(' ');
}
