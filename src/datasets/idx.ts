// The IDX format of MNIST and Fashion-MNIST: a big-endian header (two zero bytes, a type byte, the number of
// dimensions, then one uint32 per dimension) followed by the values, row-major and big-endian.
import { type FileHandle, open } from 'node:fs/promises';
import { createGunzip, gunzipSync, gzipSync } from 'node:zlib';
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
  const data = isGzip(bytes) ? inflate(bytes, fileName) : bytes;
  const assembler = new IdxAssembler(fileName, expectedMagic, data.length);
  assembler.push(data);
  return assembler.finish();
}

/**
 * Reads an IDX file (gzip-compressed or raw, told apart by content) into a Tensor. The file streams into an
 * array of exactly the data's size: no whole-file buffer, no second copy (first writes to fresh memory are
 * the slow part of loading 47 MB here).
 */
export async function readIdxFile(path: string, expectedMagic?: number): Promise<Tensor> {
  const handle = await open(path);
  try {
    const head = new Uint8Array(2);
    await handle.read(head, 0, 2, 0);
    const size = (await handle.stat()).size;
    const assembler = new IdxAssembler(path, expectedMagic, isGzip(head) ? maxInflatedBytes(size) : size);
    if (isGzip(head)) await inflateInto(handle, assembler, path);
    else await readInto(handle, assembler);
    return assembler.finish();
  } finally {
    await handle.close();
  }
}

/** Raw file: the header, then the data read by the kernel straight into the tensor's array. */
async function readInto(handle: FileHandle, assembler: IdxAssembler): Promise<void> {
  const size = (await handle.stat()).size;
  let position = 0;
  const readAndPush = async (length: number): Promise<void> => {
    const bytes = new Uint8Array(length);
    const { bytesRead } = await handle.read(bytes, 0, length, position);
    position += bytesRead;
    assembler.push(bytes.subarray(0, bytesRead));
  };
  await readAndPush(Math.min(4, size));
  if (size < 4) return;
  await readAndPush(Math.min(size - 4, 4 * assembler.rank));
  const target = assembler.unfilledBody();
  if (target === undefined) return;
  const wanted = Math.min(target.length, size - position);
  let done = 0;
  while (done < wanted) {
    const { bytesRead } = await handle.read(target, done, wanted - done, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  assembler.bodyFilledDirectly(done, size - position - done);
}

/** Gzip file: inflated in chunks into the tensor's array. */
async function inflateInto(handle: FileHandle, assembler: IdxAssembler, path: string): Promise<void> {
  const file = handle.createReadStream({ start: 0, highWaterMark: 1 << 20, autoClose: false });
  const source = file.pipe(createGunzip({ chunkSize: 1 << 20 }));
  file.on('error', (error) => source.destroy(error));
  try {
    for await (const chunk of source) assembler.push(chunk as Buffer);
  } catch (error) {
    if (isZlibError(error)) throw inflateError(path, error);
    throw error;
  }
}

/** Builds a tensor from the bytes of an IDX file arriving in pieces (push, then finish), checking header and size. */
export class IdxAssembler {
  private readonly header = new Uint8Array(4 + 4 * 255);
  private headerFilled = 0;
  private headerSize = 4;
  private magicRead = false;
  private dtype: DType = 'uint8';
  private shape: number[] = [];
  private body: Uint8Array | undefined;
  private bodyFilled = 0;
  private extra = 0;

  constructor(
    private readonly fileName: string,
    private readonly expectedMagic?: number,
    /** The most data bytes the source can hold (its size, or the most its gzip stream can inflate to). */
    private readonly maxBodyBytes: number = 2 ** 31 - 1,
  ) {}

  push(chunk: Uint8Array): void {
    let at = 0;
    while (this.body === undefined && at < chunk.length) {
      const take = Math.min(this.headerSize - this.headerFilled, chunk.length - at);
      this.header.set(chunk.subarray(at, at + take), this.headerFilled);
      this.headerFilled += take;
      at += take;
      if (this.headerFilled < this.headerSize) continue;
      // The first 4 bytes give the type and the rank, hence the header's full size; then the dimensions.
      if (!this.magicRead) this.readMagic();
      if (this.headerFilled === this.headerSize) this.readShape();
    }
    if (this.body === undefined) return;
    const room = this.body.length - this.bodyFilled;
    const take = Math.min(room, chunk.length - at);
    this.body.set(chunk.subarray(at, at + take), this.bodyFilled);
    this.bodyFilled += take;
    this.extra += chunk.length - at - take;
  }

  /** The rank read from the magic number (0 before the first 4 bytes). */
  get rank(): number {
    return this.magicRead ? this.header[3] : 0;
  }

  /** The part of the data array still to fill, for a caller that reads into it directly; undefined before the header. */
  unfilledBody(): Uint8Array | undefined {
    return this.body?.subarray(this.bodyFilled);
  }

  /** Records `count` bytes written into unfilledBody() and `beyond` bytes that did not fit. */
  bodyFilledDirectly(count: number, beyond: number): void {
    this.bodyFilled += count;
    this.extra += beyond;
  }

  finish(): Tensor {
    const name = this.fileName;
    if (this.headerFilled < 4) {
      throw new FileFormatError(`${name}: truncated: ${this.headerFilled} bytes, an IDX header needs at least 4`);
    }
    if (this.body === undefined) {
      throw new FileFormatError(
        `${name}: truncated header: ${this.headerFilled} bytes, ${this.header[3]} dimensions need ${this.headerSize}`,
      );
    }
    const found = this.bodyFilled + this.extra;
    if (found !== this.body.length) {
      const problem = found < this.body.length ? 'truncated' : 'size mismatch (trailing bytes)';
      throw new FileFormatError(
        `${name}: ${problem}: the header's dimensions ${formatShape(this.shape)} need ${this.body.length} bytes ` +
          `of ${this.dtype} data, the file holds ${found}`,
      );
    }
    return new Tensor(decodeValues(this.body, this.dtype), this.shape);
  }

  private readMagic(): void {
    const magic = new DataView(this.header.buffer).getUint32(0);
    if (this.expectedMagic !== undefined && magic !== this.expectedMagic) {
      throw new FileFormatError(
        `${this.fileName}: wrong magic number ${magic} ` +
          `(expected ${describeMagic(this.expectedMagic)}, found ${describeMagic(magic)})`,
      );
    }
    this.dtype = dtypeOfMagic(magic, this.fileName);
    this.headerSize = 4 + 4 * this.header[3];
    this.magicRead = true;
  }

  private readShape(): void {
    const view = new DataView(this.header.buffer);
    this.shape = Array.from({ length: this.header[3] }, (_, i) => view.getUint32(4 + 4 * i));
    const bytes = shapeSize(this.shape) * ITEM_SIZES[this.dtype];
    // Checked before allocating: a damaged header must not ask for terabytes.
    if (bytes > Math.min(this.maxBodyBytes, 2 ** 31 - 1)) {
      throw new FileFormatError(
        `${this.fileName}: the header's dimensions ${formatShape(this.shape)} need ${bytes} bytes of ${this.dtype} data, ` +
          `more than the file can hold (at most ${Math.min(this.maxBodyBytes, 2 ** 31 - 1)})`,
      );
    }
    this.body = new Uint8Array(bytes);
  }
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

/** The most a gzip file of `size` bytes can inflate to: deflate's best ratio is 1032 to 1. */
function maxInflatedBytes(size: number): number {
  return size * 1032 + 1024;
}

function inflate(bytes: Uint8Array, fileName: string): Uint8Array {
  try {
    return gunzipSync(bytes, { maxOutputLength: Math.min(maxInflatedBytes(bytes.length), 2 ** 31 - 1) });
  } catch (error) {
    throw inflateError(fileName, error);
  }
}

function inflateError(fileName: string, error: unknown): FileFormatError {
  const reason = error instanceof Error ? error.message : String(error);
  return new FileFormatError(`${fileName}: gzip data does not inflate (${reason}): the file is corrupt or truncated`);
}

function isZlibError(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code.startsWith('Z_');
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
  const name =
    (Object.keys(TYPE_CODES) as DType[]).find((d) => TYPE_CODES[d] === type) ?? `type 0x${type.toString(16)}`;
  return `${magic} = ${name}, ${magic & 0xff} dimension${(magic & 0xff) === 1 ? '' : 's'}`;
}

/** The values of an exactly-sized body: uint8 as is, wider types byte-swapped from big-endian. */
function decodeValues(body: Uint8Array, dtype: DType): TypedArray {
  if (dtype === 'uint8') return body;
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
