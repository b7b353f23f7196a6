// A careful reader of zip archives (the .keras format; fflate writes them): the central directory is read first, every member's
// declared size is checked against a limit and a compression-ratio cap before any memory is spent on it, the
// inflation stops as soon as it produces more than was declared, and every member is checked against its CRC-32
// (as Python's zipfile, hence Keras, does). See docs/robustness.md for the limits.
import * as zlib from 'node:zlib';
import { FileFormatError } from '../errors.ts';

/** Limits applied while reading an archive. */
export interface ZipLimits {
  /** Largest declared uncompressed size of one member, and of all members together (bytes). */
  maxTotalBytes: number;
  /** Largest ratio of uncompressed to compressed size of a member above `ratioFloorBytes`. */
  maxRatio: number;
  /** Members smaller than this (uncompressed) are exempt from the ratio cap: small JSON compresses well. */
  ratioFloorBytes: number;
}

/** Default limits: 2 GiB in all (half the WASM memory the weights go to), deflate ratio at most 100. */
export const DEFAULT_ZIP_LIMITS: ZipLimits = { maxTotalBytes: 2 ** 31, maxRatio: 100, ratioFloorBytes: 1 << 24 };

/** One member as listed by the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localHeaderOffset: number;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const STORED = 0;
const DEFLATED = 8;
const ZIP64_MARK = 0xffffffff;

/** Lists the archive's members from its central directory, checking every record lies inside the file. */
export function listZipEntries(bytes: Uint8Array, path: string): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = findEndOfCentralDirectory(view, path);
  const count = view.getUint16(eocd + 10, true);
  const directoryOffset = view.getUint32(eocd + 16, true);
  const entries: ZipEntry[] = [];
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.length || view.getUint32(at, true) !== CENTRAL_SIGNATURE) {
      throw damaged(path, `central directory record ${i} of ${count} is missing`);
    }
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    if (at + 46 + nameLength > bytes.length) throw damaged(path, `central directory record ${i} runs past the end`);
    entries.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength)),
      flags: view.getUint16(at + 8, true),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      compressedSize: view.getUint32(at + 20, true),
      size: view.getUint32(at + 24, true),
      localHeaderOffset: view.getUint32(at + 42, true),
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function findEndOfCentralDirectory(view: DataView, path: string): number {
  // The record is 22 bytes plus a comment of at most 65535 bytes, at the very end of the file.
  const lowest = Math.max(0, view.byteLength - 22 - 65535);
  for (let at = view.byteLength - 22; at >= lowest; at--) {
    if (view.getUint32(at, true) === EOCD_SIGNATURE) return at;
  }
  throw damaged(path, 'no end-of-central-directory record (the file is truncated or not a zip archive)');
}

/** Checks the declared sizes of the members against the limits, before anything is inflated. */
export function checkDeclaredSizes(
  entries: readonly ZipEntry[],
  path: string,
  limits: ZipLimits = DEFAULT_ZIP_LIMITS,
): void {
  let total = 0;
  for (const entry of entries) {
    if (entry.size === ZIP64_MARK || entry.compressedSize === ZIP64_MARK) {
      throw new FileFormatError(
        `${path}: member ${entry.name} is a ZIP64 member (over 4 GiB), above the ${limits.maxTotalBytes}-byte limit`,
      );
    }
    total += entry.size;
    if (total > limits.maxTotalBytes) {
      throw new FileFormatError(
        `${path}: its members declare ${total} bytes or more once inflated, above the ${limits.maxTotalBytes}-byte limit`,
      );
    }
    const ratio = entry.size / Math.max(entry.compressedSize, 1);
    if (entry.size > limits.ratioFloorBytes && ratio > limits.maxRatio) {
      throw new FileFormatError(
        `${path}: member ${entry.name} inflates ${Math.round(ratio)}-fold (${entry.compressedSize} → ${entry.size} bytes), ` +
          `above the ratio cap of ${limits.maxRatio}: refusing a likely zip bomb`,
      );
    }
  }
}

/** Extracts one member: bounds-checked, inflated no further than its declared size, then CRC-checked. */
export function extractZipEntry(bytes: Uint8Array, entry: ZipEntry, path: string): Uint8Array {
  const what = `${path}: member ${entry.name}`;
  if ((entry.flags & 1) !== 0) throw new FileFormatError(`${what} is encrypted; .keras archives are not`);
  const at = entry.localHeaderOffset;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (at + 30 > bytes.length || view.getUint32(at, true) !== LOCAL_SIGNATURE)
    throw damaged(path, `${entry.name} has no local header`);
  const start = at + 30 + view.getUint16(at + 26, true) + view.getUint16(at + 28, true);
  const end = start + entry.compressedSize;
  if (end > bytes.length) throw damaged(path, `${entry.name} runs past the end of the file (truncated?)`);
  const compressed = bytes.subarray(start, end);
  let data: Uint8Array;
  if (entry.method === STORED) {
    if (entry.compressedSize !== entry.size)
      throw damaged(path, `stored member ${entry.name} declares two different sizes`);
    data = compressed;
  } else if (entry.method === DEFLATED) {
    data = inflateBounded(compressed, entry.size, what);
  } else {
    throw new FileFormatError(
      `${what} uses compression method ${entry.method}; only stored (0) and deflate (8) are read`,
    );
  }
  const crc = crc32(data);
  if (crc !== entry.crc) {
    throw new FileFormatError(
      `${what} fails its CRC-32 check (stored ${hex(entry.crc)}, computed ${hex(crc)}): the file is damaged`,
    );
  }
  return data;
}

// Inflated by node:zlib (native, ~1 GB/s) with an output limit of the declared size: zlib stops as soon as the
// stream produces more, so memory never exceeds what the central directory promised.
function inflateBounded(compressed: Uint8Array, declared: number, what: string): Uint8Array {
  let data: Uint8Array;
  try {
    data = zlib.inflateRawSync(compressed, { maxOutputLength: Math.max(declared, 1) });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FileFormatError(`${what} inflates to more than its declared ${declared} bytes: refusing it`);
    }
    throw new FileFormatError(`${what} is not valid deflate data: ${(error as Error).message}`);
  }
  if (data.length !== declared) {
    throw new FileFormatError(
      `${what} inflates to ${data.length} bytes, not its declared ${declared} (the archive is damaged)`,
    );
  }
  return data;
}

/** CRC-32 (the zip and gzip polynomial). */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
  if (native !== undefined) return native(data) >>> 0;
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = CRC_TABLE[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function damaged(path: string, why: string): FileFormatError {
  return new FileFormatError(`${path} is a damaged or truncated zip archive: ${why}`);
}

function hex(value: number): string {
  return `0x${value.toString(16).padStart(8, '0')}`;
}
