import { extname } from 'node:path';
import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { GLYPHS, GLYPH_ASCENT, GLYPH_HEIGHT, GLYPH_WIDTH } from '../plot/font/mono-font.ts';
import { encodeGrayPng } from '../plot/png.ts';
import { el, svgDocument, textEl } from '../plot/svg.ts';
import { writeFile } from '../plot/write-file.ts';
import { type Diagram, type DiagramOptions, type PlottableModel, layoutDiagram, lineTop } from './model-diagram.ts';

/** Options of plotModel (keras.utils.plot_model). */
export interface PlotModelOptions extends DiagramOptions {
  /** Writes the diagram here too: '.svg' as SVG, '.png' as PNG. */
  toFile?: string;
}

const ACCEPTED = ['toFile', 'showShapes', 'showLayerNames', 'showLayerActivations'];
const ARROW = 6;
// The widths are laid out for a monospace font of 7 px per character at 12 px (the PNG's bundled font).
const MONOSPACE = 'DejaVu Sans Mono, Menlo, Consolas, monospace';

/**
 * A diagram of a Sequential model, one box per layer from the input down (keras.utils.plot_model), as SVG
 * text; with toFile, also written to that file (SVG or PNG by its extension).
 */
export function plotModel(model: PlottableModel, options: PlotModelOptions = {}): string {
  checkOptions('plotModel', options, ACCEPTED);
  const diagram = layoutDiagram(model, options);
  const svg = diagramSvg(model.name, diagram);
  if (options.toFile !== undefined) {
    const extension = extname(options.toFile).toLowerCase();
    if (extension === '.svg') writeFile(options.toFile, svg);
    else if (extension === '.png') writeFile(options.toFile, diagramPng(diagram));
    else throw new ValueError(`plotModel: toFile '${options.toFile}' must end in .svg or .png`);
  }
  return svg;
}

/** The same diagram as PNG bytes (8-bit gray). */
export function plotModelPng(model: PlottableModel, options: DiagramOptions = {}): Buffer {
  checkOptions('plotModelPng', options, ACCEPTED.slice(1));
  return diagramPng(layoutDiagram(model, options));
}

function diagramSvg(name: string, diagram: Diagram): string {
  const body: string[] = [el('rect', { width: diagram.width, height: diagram.height, fill: 'white' })];
  diagram.boxes.forEach((box, b) => {
    body.push(
      el('rect', {
        class: 'layer',
        x: box.x + 0.5,
        y: box.y + 0.5,
        width: box.width,
        height: box.height,
        fill: '#f2f2f2',
        stroke: '#000',
      }),
    );
    box.lines.forEach((line, i) => {
      const attributes = {
        x: box.x + box.width / 2,
        y: lineTop(box, i) + GLYPH_ASCENT,
        'text-anchor': 'middle',
        'font-size': 12,
        'font-family': MONOSPACE,
      };
      body.push(textEl(line, attributes));
    });
    const next = diagram.boxes[b + 1];
    if (next === undefined) return;
    const x = box.x + box.width / 2;
    body.push(el('line', { x1: x, y1: box.y + box.height, x2: x, y2: next.y - ARROW, stroke: '#000' }));
    body.push(
      el('polygon', {
        points: `${x - ARROW / 2},${next.y - ARROW} ${x + ARROW / 2},${next.y - ARROW} ${x},${next.y}`,
        fill: '#000',
      }),
    );
  });
  return svgDocument(diagram.width, diagram.height, `model ${name}`, body, 'nabla-model-plot');
}

/** Rasterizes the diagram: outlines, arrows and text in the bundled monospace font. */
function diagramPng(diagram: Diagram): Buffer {
  const { width, height } = diagram;
  const levels = new Uint8Array(width * height).fill(255);
  const set = (x: number, y: number, level: number): void => {
    if (x >= 0 && y >= 0 && x < width && y < height) levels[y * width + x] = level;
  };
  diagram.boxes.forEach((box, b) => {
    for (let y = box.y; y <= box.y + box.height; y++) {
      for (let x = box.x; x <= box.x + box.width; x++) {
        const edge = y === box.y || y === box.y + box.height || x === box.x || x === box.x + box.width;
        set(x, y, edge ? 0 : 242);
      }
    }
    box.lines.forEach((line, i) => {
      const left = Math.round(box.x + (box.width - line.length * GLYPH_WIDTH) / 2);
      drawText(levels, width, line, left, lineTop(box, i), 242);
    });
    const next = diagram.boxes[b + 1];
    if (next === undefined) return;
    const x = Math.round(box.x + box.width / 2);
    for (let y = box.y + box.height + 1; y < next.y - ARROW; y++) set(x, y, 0);
    // The arrow head: rows narrowing from ARROW pixels wide to 1 at the next box.
    for (let k = 0; k < ARROW; k++) {
      const half = Math.floor((ARROW - k) / 2);
      for (let dx = -half; dx <= half; dx++) set(x + dx, next.y - ARROW + k, 0);
    }
  });
  return encodeGrayPng({ width, height, levels });
}

/** Draws `text` with its cells' top-left corner at (left, top), blending ink (0) over the background level. */
function drawText(
  levels: Uint8Array,
  width: number,
  text: string,
  left: number,
  top: number,
  background: number,
): void {
  for (let c = 0; c < text.length; c++) {
    const code = text.charCodeAt(c);
    const glyph = GLYPHS[code >= 32 && code <= 126 ? code - 32 : '?'.charCodeAt(0) - 32];
    for (let gy = 0; gy < GLYPH_HEIGHT; gy++) {
      for (let gx = 0; gx < GLYPH_WIDTH; gx++) {
        const coverage = parseInt(glyph[gy * GLYPH_WIDTH + gx], 16) / 15;
        if (coverage === 0) continue;
        const at = (top + gy) * width + left + c * GLYPH_WIDTH + gx;
        if (at >= 0 && at < levels.length) levels[at] = Math.round(background * (1 - coverage));
      }
    }
  }
}
