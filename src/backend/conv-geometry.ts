// The geometry of a 2-D window (convolution kernel or pooling window) sliding over channels-last images, and
// Keras's padding arithmetic (docs/convolutions.md). Kernels receive it as these thirteen integers.
import { ValueError } from '../errors.ts';
import { checkLength } from './kernel-checks.ts';

/** One window over images of inHeight × inWidth × channels (channels-last), as the kernels see it. */
export interface ConvGeometry {
  readonly inHeight: number;
  readonly inWidth: number;
  readonly channels: number;
  readonly kernelHeight: number;
  readonly kernelWidth: number;
  readonly strideHeight: number;
  readonly strideWidth: number;
  readonly dilationHeight: number;
  readonly dilationWidth: number;
  /** Rows of zeros (or of nothing, for pooling) above the image; those below follow from outHeight. */
  readonly padTop: number;
  readonly padLeft: number;
  readonly outHeight: number;
  readonly outWidth: number;
}

/** Keras's padding modes: 'valid' (no padding), 'same' (output = ceil(input / stride)), 'causal' (Conv1D: all on the left). */
export type Padding = 'valid' | 'same' | 'causal';

/** Output length and leading padding of one spatial axis (TensorFlow's rules, which Keras follows). */
export function axisGeometry(
  input: number,
  kernel: number,
  stride: number,
  dilation: number,
  padding: Padding,
): { out: number; padBefore: number } {
  const span = dilation * (kernel - 1) + 1;
  if (padding === 'valid') return { out: Math.max(Math.floor((input - span) / stride) + 1, 0), padBefore: 0 };
  if (padding === 'causal') return { out: Math.floor((input - 1) / stride) + 1, padBefore: span - 1 };
  const out = Math.ceil(input / stride);
  const total = Math.max((out - 1) * stride + span - input, 0);
  return { out, padBefore: Math.floor(total / 2) };
}

/** The geometry of a window over inHeight × inWidth × channels images. */
export function convGeometry(
  inHeight: number,
  inWidth: number,
  channels: number,
  kernel: readonly [number, number],
  strides: readonly [number, number],
  dilation: readonly [number, number],
  padding: Padding,
): ConvGeometry {
  const rows = axisGeometry(inHeight, kernel[0], strides[0], dilation[0], padding);
  const cols = axisGeometry(inWidth, kernel[1], strides[1], dilation[1], padding);
  return {
    inHeight,
    inWidth,
    channels,
    kernelHeight: kernel[0],
    kernelWidth: kernel[1],
    strideHeight: strides[0],
    strideWidth: strides[1],
    dilationHeight: dilation[0],
    dilationWidth: dilation[1],
    padTop: rows.padBefore,
    padLeft: cols.padBefore,
    outHeight: rows.out,
    outWidth: cols.out,
  };
}

/** The thirteen integers in the order the WASM kernels read them. */
export function geometryFields(g: ConvGeometry): number[] {
  return [
    g.inHeight,
    g.inWidth,
    g.channels,
    g.kernelHeight,
    g.kernelWidth,
    g.strideHeight,
    g.strideWidth,
    g.dilationHeight,
    g.dilationWidth,
    g.padTop,
    g.padLeft,
    g.outHeight,
    g.outWidth,
  ];
}

/** Values per image in the input, per image in the output window grid, per im2col row. */
export function geometrySizes(g: ConvGeometry): { image: number; positions: number; patch: number } {
  return {
    image: g.inHeight * g.inWidth * g.channels,
    positions: g.outHeight * g.outWidth,
    patch: g.kernelHeight * g.kernelWidth * g.channels,
  };
}

/** Throws a ValueError unless every field is a suitable integer (kernels index memory with them). */
export function checkGeometry(kernel: string, g: ConvGeometry, images: number): void {
  const fields = geometryFields(g);
  const positive = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  fields.forEach((value, i) => {
    const min = positive.includes(i) ? 1 : 0;
    if (!(Number.isInteger(value) && value >= min)) {
      throw new ValueError(`${kernel}: geometry field ${i} must be an integer ≥ ${min}, got ${value}`);
    }
  });
  if (!(Number.isInteger(images) && images >= 0))
    throw new ValueError(`${kernel}: images must be a non-negative integer, got ${images}`);
}

/** Checks the geometry and the lengths of an image batch and of a per-position buffer of `width` values. */
export function checkWindowBuffers(
  kernel: string,
  g: ConvGeometry,
  images: number,
  x: ArrayLike<number>,
  xName: string,
  y: ArrayLike<number>,
  yName: string,
  width: number,
): void {
  checkGeometry(kernel, g, images);
  const { image, positions } = geometrySizes(g);
  checkLength(kernel, xName, x, images * image);
  checkLength(kernel, yName, y, images * positions * width);
}
