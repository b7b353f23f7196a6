// The IDX format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type byte, the number of
// dimensions, then one uint32 per dimension) followed by the values, row-major and big-endian.
import { readFile } from 'node:fs/promises';
import { gunzipSync, gzipSync } from 'node:zlib';
import { FileFormatError, formatShape } from '../errors.ts';
import { Tensor, shapeSize } from '../tensor/tensor.ts';
import type { DType, TypedArray } from '../tensor/dtype.ts';
import { writeFileAtomic } from './atomic-write.ts';

/** Magic number of an IDX file of uint8 labels: type 0x08, one dimension. */
export const IDX_LABELS_MAGIC = 2049;
/** Magic number of an IDX file of uint8 images: type 0x08, three dimensions. */
export const IDX_IMAGES_MAGIC = 2051;

const TYPE_CODES: Readonly<Record<DType, number>> = { uint8: 0x08, int32: 0x0c, float32: 0x0d, float64: 0x0e };
const ITEM_SIZES: Readonly<Record<DType, number>> = { uint8: 1, int32: 4, float32: 4, float64: 8 };

/** The IDX magic number for a tensor of this dtype and rank (2049 for uint8 vectors, 2051 for uint8 3-D). */
export function idxMagic(dtype: DType, rank: number): number {
  return TYPE_CODES[dtype] * 256 + rank;
}

/** Parses the bytes of an IDX file, gzip-compressed or raw, into a Tensor (the reader behind keras.datasets). */
export function parseIdx(bytes: Uint8Array, fileName: string, expectedMagic?: number): Tensor {
  const raw = isGzip(bytes) ? inflate(bytes, fileName) : bytes;
  if (raw.length < 4) {
    throw new FileFormatError(`${fileName}: truncated: ${raw.length} bytes, an IDX header needs at least 4`);
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const magic = view.getUint32(0);
  if (expectedMagic !== undefined && magic !== expectedMagic) {
    throw new FileFormatError(
      `${fileName}: wrong magic number ${magic} (expected ${describeMagic(expectedMagic)}, found ${describeMagic(magic)})`,
    );
  }
  const dtype = dtypeOfMagic(magic, fileName);
  const rank = raw[3];
  const headerSize = 4 + 4 * rank;
  if (raw.length < headerSize) {
    throw new FileFormatError(`${fileName}: truncated header: ${raw.length} bytes, ${rank} dimensions need ${headerSize}`);
  }
  const shape = Array.from({ length: rank }, (_, i) => view.getUint32(4 + 4 * i));
  const expectedBytes = shapeSize(shape) * ITEM_SIZES[dtype];
  const foundBytes = raw.length - headerSize;
  if (foundBytes !== expectedBytes) {
    const problem = foundBytes < expectedBytes ? 'truncated' : 'size mismatch (trailing bytes)';
    throw new FileFormatError(
      `${fileName}: ${problem}: the header's dimensions ${formatShape(shape)} need ${expectedBytes} bytes of ${dtype} data, the file holds ${foundBytes}`,
    );
  }
  return new Tensor(decodeValues(raw.subarray(headerSize), dtype), shape);
}

/** Reads an IDX file (gzip-compressed or raw, told apart by content) into a Tensor. */
export async function readIdxFile(path: string, expectedMagic?: number): Promise<Tensor> {
  return parseIdx(await readFile(path), path, expectedMagic);
}

/** The bytes of an IDX file holding `tensor` (uncompressed). */
export function encodeIdx(tensor: Tensor): Uint8Array {
  if (tensor.rank > 255) throw new FileFormatError(`IDX files hold at most 255 dimensions, got ${tensor.rank}`);
  const headerSize = 4 + 4 * tensor.rank;
  const out = new Uint8Array(headerSize + tensor.size * ITEM_SIZES[tensor.dtype]);
  const view = new DataView(out.buffer);
  view.setUint32(0, idxMagic(tensor.dtype, tensor.rank));
  tensor.shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  encodeValues(tensor.data, view, headerSize);
  return out;
}

/** Writes `tensor` as an IDX file, atomically; gzip-compressed when asked or when the name ends in `.gz`. */
export async function writeIdxFile(path: string, tensor: Tensor, options: { gzip?: boolean } = {}): Promise<void> {
  const bytes = encodeIdx(tensor);
  const gzip = options.gzip ?? path.endsWith('.gz');
  await writeFileAtomic(path, gzip ? gzipSync(bytes) : bytes);
}

function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function inflate(bytes: Uint8Array, fileName: string): Uint8Array {
  try {
    return gunzipSync(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new FileFormatError(`${fileName}: gzip data does not inflate (${reason}): the file is corrupt or truncated`);
  }
}

function dtypeOfMagic(magic: number, fileName: string): DType {
  const type = (magic >>> 8) & 0xff;
  const dtype = (Object.keys(TYPE_CODES) as DType[]).find((d) => TYPE_CODES[d] === type);
  if (magic >>> 16 !== 0 || dtype === undefined) {
    throw new FileFormatError(
      `${fileName}: not an IDX file of uint8, int32, float32 or float64: magic number 0x${magic.toString(16).padStart(8, '0')} ` +
        `(expected 0x0000TTDD with type TT 08, 0c, 0d or 0e; MNIST labels are 2049, images 2051)`,
    );
  }
  return dtype;
}

function describeMagic(magic: number): string {
  const type = (magic >>> 8) & 0xff;
  const name = (Object.keys(TYPE_CODES) as DType[]).find((d) => TYPE_CODES[d] === type) ?? `type 0x${type.toString(16)}`;
  return `${magic} = ${name}, ${magic & 0xff} dimension${(magic & 0xff) === 1 ? '' : 's'}`;
}

function decodeValues(body: Uint8Array, dtype: DType): TypedArray {
  // A copy, so the tensor owns a buffer of exactly its own size. (Not slice(): on a Node Buffer it is a view.)
  if (dtype === 'uint8') return new Uint8Array(body);
  const view = new DataView(body.buffer, body.byteOffset, body.byteLength);
  const count = body.byteLength / ITEM_SIZES[dtype];
  if (dtype === 'float64') {
    const out = new Float64Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i);
    return out;
  }
  if (dtype === 'int32') {
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i);
    return out;
  }
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i);
  return out;
}

function encodeValues(data: TypedArray, view: DataView, offset: number): void {
  if (data instanceof Uint8Array) {
    new Uint8Array(view.buffer, offset).set(data);
  } else if (data instanceof Int32Array) {
    for (let i = 0; i < data.length; i++) view.setInt32(offset + 4 * i, data[i]);
  } else if (data instanceof Float64Array) {
    for (let i = 0; i < data.length; i++) view.setFloat64(offset + 8 * i, data[i]);
  } else {
    for (let i = 0; i < data.length; i++) view.setFloat32(offset + 4 * i, data[i]);
  }
}
