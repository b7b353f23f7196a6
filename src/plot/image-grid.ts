// A grid of gray images with labels (matplotlib's subplots + imshow(cmap='gray_r') + axis('off')), as SVG or PNG.
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import type { Tensor } from '../tensor/tensor.ts';
import { checkColormap, grayLevel, type ColormapName } from './colormap.ts';
import { encodeGrayPng, pngDataUri, type GrayImage } from './png.ts';
import { el, svgDocument, textEl } from './svg.ts';
import { writeFileAtomic } from './write-file.ts';

/** Options shared by the SVG and PNG forms of the grid. */
export interface ImageGridOptions {
  /** matplotlib's colour map name; 'gray_r' draws 0 as white and the maximum as black. */
  cmap?: ColormapName;
  /** Images per row (default: all in one row, up to 10). */
  columns?: number;
  /** Value drawn as the lightest (gray) / darkest (gray_r) level; default 0. */
  vmin?: number;
  /** Value drawn as the darkest (gray_r) level; default 255 for uint8, else 1 when values lie in [0, 1], else the maximum. */
  vmax?: number;
  /** Screen pixels per image pixel (default 3 in SVG, 1 in PNG). */
  scale?: number;
}

/** Options of the SVG grid: labels under the images and a title. */
export interface ImageGridSvgOptions extends ImageGridOptions {
  labels?: ReadonlyArray<string | number>;
  title?: string;
}

/** Options of the PNG grid: the gap between images, in output pixels (white). */
export interface ImageGridPngOptions extends ImageGridOptions {
  padding?: number;
}

/** Images given as one (N, H, W) tensor, one (H, W) tensor, or a list of (H, W) tensors. */
export type ImagesInput = Tensor | readonly Tensor[];

const GAP = 8;
const LABEL_HEIGHT = 20;
const TITLE_HEIGHT = 30;

/** Draws images in a grid with labels underneath → SVG text with each image embedded as a PNG data URI. */
export function imageGrid(images: ImagesInput, options: ImageGridSvgOptions = {}): string {
  const grays = toGrayImages(images, options);
  const { columns, rows } = gridSize(grays.length, options.columns);
  const scale = options.scale ?? 3;
  if (options.labels && options.labels.length !== grays.length) {
    throw new ValueError(
      `imageGrid: ${grays.length} images but ${options.labels.length} labels; give one label per image`,
    );
  }
  const cellWidth = grays[0]!.width * scale;
  const cellHeight = grays[0]!.height * scale;
  const labelHeight = options.labels ? LABEL_HEIGHT : 0;
  const top = options.title ? TITLE_HEIGHT : GAP;
  const width = columns * (cellWidth + GAP) + GAP;
  const height = top + rows * (cellHeight + labelHeight + GAP);
  const cells = grays.map((gray, i) => {
    const x = GAP + (i % columns) * (cellWidth + GAP);
    const y = top + Math.floor(i / columns) * (cellHeight + labelHeight + GAP);
    const image = el('image', {
      x,
      y,
      width: cellWidth,
      height: cellHeight,
      href: pngDataUri(encodeGrayPng(gray)),
      preserveAspectRatio: 'none',
      style: 'image-rendering: pixelated',
    });
    const label = options.labels
      ? textEl(String(options.labels[i]), {
          x: x + cellWidth / 2,
          y: y + cellHeight + 15,
          'text-anchor': 'middle',
          'font-size': 12,
        })
      : '';
    return el('g', { class: 'cell', 'data-index': i }, [image, label].filter(Boolean));
  });
  const title = options.title
    ? textEl(options.title, { x: width / 2, y: 20, 'text-anchor': 'middle', 'font-size': 15, class: 'chart-title' })
    : '';
  const body = [
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff', class: 'background' }),
    title,
    ...cells,
  ].filter(Boolean);
  return svgDocument(width, height, options.title ?? 'image grid', body, 'nabla-image-grid');
}

/** Draws images in a grid (no text) → PNG bytes; the raster counterpart of `imageGrid`. */
export function imageGridPng(images: ImagesInput, options: ImageGridPngOptions = {}): Buffer {
  const grays = toGrayImages(images, options);
  const { columns, rows } = gridSize(grays.length, options.columns);
  const padding = options.padding ?? 2;
  const w = grays[0]!.width;
  const h = grays[0]!.height;
  const width = columns * (w + padding) + padding;
  const height = rows * (h + padding) + padding;
  const levels = new Uint8Array(width * height).fill(255);
  grays.forEach((gray, i) => {
    const x0 = padding + (i % columns) * (w + padding);
    const y0 = padding + Math.floor(i / columns) * (h + padding);
    for (let y = 0; y < h; y++) levels.set(gray.levels.subarray(y * w, (y + 1) * w), (y0 + y) * width + x0);
  });
  return encodeGrayPng({ width, height, levels }, options.scale ?? 1);
}

/** Writes the PNG grid of `imageGridPng` to `path` atomically (matplotlib's `plt.savefig('grid.png')`). */
export function savePng(path: string, images: ImagesInput, options: ImageGridPngOptions = {}): void {
  writeFileAtomic(path, imageGridPng(images, options));
}

function gridSize(count: number, columnsOption: number | undefined): { columns: number; rows: number } {
  if (columnsOption !== undefined && !(Number.isInteger(columnsOption) && columnsOption > 0)) {
    throw new ValueError(`imageGrid: columns must be a positive integer, got ${columnsOption}`);
  }
  const columns = Math.min(count, columnsOption ?? 10);
  return { columns, rows: Math.ceil(count / columns) };
}

/** Splits the input into (H, W) images and maps them through the colour map. */
function toGrayImages(images: ImagesInput, options: ImageGridOptions): GrayImage[] {
  const cmap = checkColormap(options.cmap ?? 'gray_r');
  const planes = splitImages(images);
  if (planes.length === 0) throw new ValueError('imageGrid: no images to draw');
  const [vmin, vmax] = valueRange(planes, options);
  return planes.map((p) => toGray(p, vmin, vmax, cmap));
}

interface Plane {
  width: number;
  height: number;
  values: ArrayLike<number>;
  isUint8: boolean;
}

function splitImages(images: ImagesInput): Plane[] {
  const list = Array.isArray(images) ? (images as readonly Tensor[]) : [images as Tensor];
  const planes: Plane[] = [];
  for (const t of list) {
    const shape = t.shape;
    if (shape.length === 2) planes.push(plane(t, 0, shape[0]!, shape[1]!));
    else if (shape.length === 3 && !Array.isArray(images)) {
      for (let i = 0; i < shape[0]!; i++) planes.push(plane(t, i, shape[1]!, shape[2]!));
    } else {
      throw new ShapeError(`imageGrid expects an (N, H, W) tensor or (H, W) tensors, got shape ${formatShape(shape)}`);
    }
  }
  const { width, height } = planes[0] ?? { width: 0, height: 0 };
  if (planes.some((p) => p.width !== width || p.height !== height)) {
    throw new ShapeError(`imageGrid: every image must have the same (H, W), got (${height}, ${width}) and others`);
  }
  return planes;
}

function plane(t: Tensor, index: number, height: number, width: number): Plane {
  const size = height * width;
  return { width, height, values: t.data.subarray(index * size, (index + 1) * size), isUint8: t.dtype === 'uint8' };
}

/** matplotlib scales each image to its own range; a fixed range keeps a grid comparable, so one range is used. */
function valueRange(planes: Plane[], options: ImageGridOptions): [number, number] {
  let hi = -Infinity;
  let lo = Infinity;
  for (const p of planes) {
    for (let i = 0; i < p.values.length; i++) {
      const v = p.values[i]!;
      if (v > hi) hi = v;
      if (v < lo) lo = v;
    }
  }
  const vmin = options.vmin ?? Math.min(0, lo);
  const defaultMax = planes[0]!.isUint8 ? 255 : hi <= 1 && lo >= 0 ? 1 : hi;
  return [vmin, options.vmax ?? defaultMax];
}

function toGray(p: Plane, vmin: number, vmax: number, cmap: ColormapName): GrayImage {
  const levels = new Uint8Array(p.width * p.height);
  for (let i = 0; i < levels.length; i++) levels[i] = grayLevel(p.values[i]!, vmin, vmax, cmap);
  return { width: p.width, height: p.height, levels };
}
