// plotModel's diagram rasterized to an 8-bit gray PNG: box outlines, edges, arrow heads and text in the bundled
// monospace font, at the pixel coordinates of the SVG drawing.
import { GLYPHS, GLYPH_HEIGHT, GLYPH_WIDTH } from '../plot/font/mono-font.ts';
import { encodeGrayPng } from '../plot/png.ts';
import { type Diagram, type DiagramPoint, arrowShape, lineTop } from './model-diagram.ts';

const INK = 0;
const BOX_FILL = 242;

/** The diagram as PNG bytes, `diagram.width` by `diagram.height` pixels. */
export function diagramPng(diagram: Diagram): Buffer {
  const { width, height } = diagram;
  const levels = new Uint8Array(width * height).fill(255);
  const set = (x: number, y: number, level: number): void => {
    if (x >= 0 && y >= 0 && x < width && y < height) levels[y * width + x] = level;
  };
  for (const box of diagram.boxes) {
    for (let y = box.y; y <= box.y + box.height; y++) {
      for (let x = box.x; x <= box.x + box.width; x++) {
        const edge = y === box.y || y === box.y + box.height || x === box.x || x === box.x + box.width;
        set(x, y, edge ? INK : BOX_FILL);
      }
    }
    box.lines.forEach((line, i) => {
      const left = Math.round(box.x + (box.width - line.length * GLYPH_WIDTH) / 2);
      drawText(levels, width, line, left, lineTop(box, i), BOX_FILL);
    });
  }
  for (const edge of diagram.edges) {
    const { shaft, head } = arrowShape(edge.points);
    for (let i = 1; i < shaft.length; i++) drawLine(shaft[i - 1], shaft[i], set);
    fillTriangle(head, set);
  }
  return encodeGrayPng({ width, height, levels });
}

/** A one-pixel line between two points (Bresenham's walk on rounded ends). */
function drawLine(a: DiagramPoint, b: DiagramPoint, set: (x: number, y: number, level: number) => void): void {
  let [x, y] = [Math.round(a.x), Math.round(a.y)];
  const [x1, y1] = [Math.round(b.x), Math.round(b.y)];
  const [dx, dy] = [Math.abs(x1 - x), -Math.abs(y1 - y)];
  const [sx, sy] = [x < x1 ? 1 : -1, y < y1 ? 1 : -1];
  let error = dx + dy;
  for (;;) {
    set(x, y, INK);
    if (x === x1 && y === y1) return;
    const twice = 2 * error;
    if (twice >= dy) {
      error += dy;
      x += sx;
    }
    if (twice <= dx) {
      error += dx;
      y += sy;
    }
  }
}

/** Inks every pixel whose centre lies in the triangle (or on its border). */
function fillTriangle(corners: readonly DiagramPoint[], set: (x: number, y: number, level: number) => void): void {
  const [a, b, c] = corners;
  const side = (p: DiagramPoint, q: DiagramPoint, x: number, y: number): number =>
    (q.x - p.x) * (y - p.y) - (q.y - p.y) * (x - p.x);
  const xs = corners.map((p) => p.x);
  const ys = corners.map((p) => p.y);
  for (let y = Math.floor(Math.min(...ys)); y <= Math.ceil(Math.max(...ys)); y++) {
    for (let x = Math.floor(Math.min(...xs)); x <= Math.ceil(Math.max(...xs)); x++) {
      const [s1, s2, s3] = [side(a, b, x, y), side(b, c, x, y), side(c, a, x, y)];
      if ((s1 >= 0 && s2 >= 0 && s3 >= 0) || (s1 <= 0 && s2 <= 0 && s3 <= 0)) set(x, y, INK);
    }
  }
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
