// PNG encoding of gray images through pngjs (pure JavaScript, no native install).
import { PNG } from 'pngjs';

/** A gray image: `width * height` levels 0–255, row-major. */
export interface GrayImage {
  width: number;
  height: number;
  levels: Uint8Array;
}

/** Encodes a gray image as PNG bytes (8-bit grayscale), each source pixel drawn as a `scale`×`scale` block. */
export function encodeGrayPng(image: GrayImage, scale = 1): Buffer {
  const width = image.width * scale;
  const height = image.height * scale;
  const png = new PNG({ width, height, colorType: 0, inputColorType: 6, inputHasAlpha: true });
  for (let y = 0; y < height; y++) {
    const sourceRow = Math.floor(y / scale) * image.width;
    for (let x = 0; x < width; x++) {
      const level = image.levels[sourceRow + Math.floor(x / scale)]!;
      const o = (y * width + x) * 4;
      png.data[o] = level;
      png.data[o + 1] = level;
      png.data[o + 2] = level;
      png.data[o + 3] = 255;
    }
  }
  return PNG.sync.write(png, { colorType: 0, inputColorType: 6, inputHasAlpha: true });
}

/** A `data:image/png;base64,…` URI, for embedding a PNG in SVG or HTML. */
export function pngDataUri(bytes: Uint8Array): string {
  return `data:image/png;base64,${Buffer.from(bytes).toString('base64')}`;
}
