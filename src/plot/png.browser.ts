// The browser build's twin of png.ts (scripts/build-browser.mjs substitutes it): the same gray PNGs written
// without pngjs, which stands on Node.js streams. A PNG is a signature and chunks (length, type, data, CRC-32);
// the pixels go in one zlib stream (fflate, a dependency already) of rows, each led by filter byte 0 (none).
import { zlibSync } from 'fflate';
import type { GrayImage } from './png.ts';

export type { GrayImage };

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk: length, type, data, CRC-32 of type and data. */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/** Encodes a gray image as PNG bytes (8-bit grayscale), each source pixel drawn as a `scale`×`scale` block. */
export function encodeGrayPng(image: GrayImage, scale = 1): Uint8Array {
  const width = image.width * scale;
  const height = image.height * scale;
  const header = new Uint8Array(13);
  const headerView = new DataView(header.buffer);
  headerView.setUint32(0, width);
  headerView.setUint32(4, height);
  header.set([8, 0, 0, 0, 0], 8); // bit depth 8, grayscale, deflate, adaptive filtering, no interlace
  const rows = new Uint8Array(height * (width + 1));
  for (let y = 0; y < height; y++) {
    const sourceRow = Math.floor(y / scale) * image.width;
    const at = y * (width + 1) + 1;
    for (let x = 0; x < width; x++) rows[at + x] = image.levels[sourceRow + Math.floor(x / scale)]!;
  }
  const parts = [
    Uint8Array.from(SIGNATURE),
    chunk('IHDR', header),
    chunk('IDAT', zlibSync(rows)),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** A `data:image/png;base64,…` URI, for embedding a PNG in SVG or HTML. */
export function pngDataUri(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return `data:image/png;base64,${btoa(binary)}`;
}
