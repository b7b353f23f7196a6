// Reference convolution windows: im2col, its adjoint col2im, max and average pooling, as plain loops over
// channels-last images. The definitions the WASM kernels (assembly/conv.ts, assembly/pooling.ts) are tested against.
import { type ConvGeometry, checkWindowBuffers, geometrySizes } from '../conv-geometry.ts';

/** Calls visit(column, pixel) for every tap of every window: column indexes the im2col row, pixel x (−1 in the padding). */
function forEachTap(
  g: ConvGeometry,
  image: number,
  position: number,
  visit: (tap: number, pixel: number) => void,
): void {
  const oh = Math.floor(position / g.outWidth);
  const ow = position % g.outWidth;
  for (let kh = 0; kh < g.kernelHeight; kh++) {
    const ih = oh * g.strideHeight - g.padTop + kh * g.dilationHeight;
    for (let kw = 0; kw < g.kernelWidth; kw++) {
      const iw = ow * g.strideWidth - g.padLeft + kw * g.dilationWidth;
      const inside = ih >= 0 && ih < g.inHeight && iw >= 0 && iw < g.inWidth;
      visit(kh * g.kernelWidth + kw, inside ? ((image * g.inHeight + ih) * g.inWidth + iw) * g.channels : -1);
    }
  }
}

export function referenceIm2col(x: Float32Array, cols: Float32Array, images: number, g: ConvGeometry): void {
  const { positions, patch } = geometrySizes(g);
  checkWindowBuffers('im2col', g, images, x, 'x', cols, 'cols', patch);
  const c = g.channels;
  for (let n = 0; n < images; n++) {
    for (let p = 0; p < positions; p++) {
      const row = (n * positions + p) * patch;
      forEachTap(g, n, p, (tap, pixel) => {
        for (let k = 0; k < c; k++) cols[row + tap * c + k] = pixel < 0 ? 0 : x[pixel + k];
      });
    }
  }
}

export function referenceCol2im(cols: Float32Array, dx: Float32Array, images: number, g: ConvGeometry): void {
  const { image, positions, patch } = geometrySizes(g);
  checkWindowBuffers('col2im', g, images, dx, 'dx', cols, 'cols', patch);
  const sums = new Float64Array(images * image);
  const c = g.channels;
  for (let n = 0; n < images; n++) {
    for (let p = 0; p < positions; p++) {
      const row = (n * positions + p) * patch;
      forEachTap(g, n, p, (tap, pixel) => {
        if (pixel >= 0) for (let k = 0; k < c; k++) sums[pixel + k] += cols[row + tap * c + k];
      });
    }
  }
  for (let i = 0; i < sums.length; i++) dx[i] = sums[i];
}

export function referenceMaxPool(
  x: Float32Array,
  out: Float32Array,
  argmax: Int32Array,
  images: number,
  g: ConvGeometry,
): void {
  const { image, positions } = geometrySizes(g);
  const c = g.channels;
  checkWindowBuffers('maxPool', g, images, x, 'x', out, 'out', c);
  checkWindowBuffers('maxPool', g, images, x, 'x', argmax, 'argmax', c);
  for (let n = 0; n < images; n++) {
    for (let p = 0; p < positions; p++) {
      const at = (n * positions + p) * c;
      for (let k = 0; k < c; k++) {
        let best = -Infinity;
        let bestAt = -1;
        forEachTap(g, n, p, (_tap, pixel) => {
          // The first maximum of the window wins (strictly greater).
          if (pixel >= 0 && (bestAt < 0 || x[pixel + k] > best)) {
            best = x[pixel + k];
            bestAt = pixel + k;
          }
        });
        out[at + k] = best;
        argmax[at + k] = bestAt < 0 ? -1 : bestAt - n * image;
      }
    }
  }
}

export function referenceMaxPoolGrad(
  dy: Float32Array,
  argmax: Int32Array,
  dx: Float32Array,
  images: number,
  g: ConvGeometry,
): void {
  const { image, positions } = geometrySizes(g);
  checkWindowBuffers('maxPoolGrad', g, images, dx, 'dx', dy, 'dy', g.channels);
  checkWindowBuffers('maxPoolGrad', g, images, dx, 'dx', argmax, 'argmax', g.channels);
  dx.fill(0, 0, images * image);
  const outputs = positions * g.channels;
  for (let i = 0; i < images * outputs; i++)
    if (argmax[i] >= 0) dx[Math.floor(i / outputs) * image + argmax[i]] += dy[i];
}

/** Pixels of a window inside the image (the divisor of the average). */
function insideCount(g: ConvGeometry, position: number): number {
  let count = 0;
  forEachTap(g, 0, position, (_tap, pixel) => {
    if (pixel >= 0) count++;
  });
  return count;
}

export function referenceAvgPool(x: Float32Array, out: Float32Array, images: number, g: ConvGeometry): void {
  const { positions } = geometrySizes(g);
  const c = g.channels;
  checkWindowBuffers('avgPool', g, images, x, 'x', out, 'out', c);
  for (let n = 0; n < images; n++) {
    for (let p = 0; p < positions; p++) {
      const sums = new Float64Array(c);
      forEachTap(g, n, p, (_tap, pixel) => {
        if (pixel >= 0) for (let k = 0; k < c; k++) sums[k] += x[pixel + k];
      });
      const count = insideCount(g, p);
      for (let k = 0; k < c; k++) out[(n * positions + p) * c + k] = count > 0 ? sums[k] / count : 0;
    }
  }
}

export function referenceAvgPoolGrad(dy: Float32Array, dx: Float32Array, images: number, g: ConvGeometry): void {
  const { image, positions } = geometrySizes(g);
  const c = g.channels;
  checkWindowBuffers('avgPoolGrad', g, images, dx, 'dx', dy, 'dy', c);
  const sums = new Float64Array(images * image);
  for (let n = 0; n < images; n++) {
    for (let p = 0; p < positions; p++) {
      const count = insideCount(g, p);
      forEachTap(g, n, p, (_tap, pixel) => {
        if (pixel >= 0) for (let k = 0; k < c; k++) sums[pixel + k] += dy[(n * positions + p) * c + k] / count;
      });
    }
  }
  for (let i = 0; i < sums.length; i++) dx[i] = sums[i];
}
