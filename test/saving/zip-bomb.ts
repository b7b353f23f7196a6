// Archives for the zip-safety tests, made in milliseconds: a deflate stream of zeros flushed at a block boundary
// repeats byte for byte, so a stream that inflates to gigabytes is that block written many times.
import { constants, crc32, deflateRawSync } from 'node:zlib';

const BLOCK_BYTES = 1 << 24;

/** Raw deflate data inflating to `blocks` × 16 MiB of zeros. */
export function zerosDeflate(blocks: number): Uint8Array {
  const block = deflateRawSync(Buffer.alloc(BLOCK_BYTES), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const out = new Uint8Array(block.length * blocks + 2);
  for (let i = 0; i < blocks; i++) out.set(block, i * block.length);
  // A final, empty fixed-Huffman block ends the stream.
  out.set([0x03, 0x00], block.length * blocks);
  return out;
}

/** The CRC-32 of `blocks` × 16 MiB of zeros, computed block by block (node:zlib's crc32 takes a running value). */
export function zerosCrc(blocks: number): number {
  const zeros = new Uint8Array(BLOCK_BYTES);
  let crc = 0;
  for (let i = 0; i < blocks; i++) crc = crc32(zeros, crc);
  return crc >>> 0;
}

/** A one-member zip archive whose member holds `data` (deflated) and declares `size` and `crc`. */
export function zipWithMember(name: string, data: Uint8Array, size: number, crc: number): Uint8Array {
  const nameBytes = new TextEncoder().encode(name);
  const local = new DataView(new ArrayBuffer(30));
  local.setUint32(0, 0x04034b50, true);
  local.setUint16(4, 20, true);
  local.setUint16(8, 8, true);
  local.setUint32(14, crc, true);
  local.setUint32(18, data.length, true);
  local.setUint32(22, size, true);
  local.setUint16(26, nameBytes.length, true);
  const central = new DataView(new ArrayBuffer(46));
  central.setUint32(0, 0x02014b50, true);
  central.setUint16(4, 20, true);
  central.setUint16(6, 20, true);
  central.setUint16(10, 8, true);
  central.setUint32(16, crc, true);
  central.setUint32(20, data.length, true);
  central.setUint32(24, size, true);
  central.setUint16(28, nameBytes.length, true);
  const directoryOffset = 30 + nameBytes.length + data.length;
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, 1, true);
  end.setUint16(10, 1, true);
  end.setUint32(12, 46 + nameBytes.length, true);
  end.setUint32(16, directoryOffset, true);
  const parts = [
    new Uint8Array(local.buffer),
    nameBytes,
    data,
    new Uint8Array(central.buffer),
    nameBytes,
    new Uint8Array(end.buffer),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
