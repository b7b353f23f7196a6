// The layout of plotModel's diagram in pixels, shared by the SVG and the PNG drawings: a box per layer sized to
// its text, the boxes in ranks along rankdir (keras.utils.plot_model's Graphviz drawing), edges as poly-lines.
import { ValueError } from '../errors.ts';
import { GLYPH_HEIGHT, GLYPH_WIDTH } from '../plot/font/mono-font.ts';
import { type BoxOptions, type PlottableModel, diagramContent } from './diagram-content.ts';
import { type LayoutPoint, type NodeSize, layeredLayout } from './layered-layout.ts';

export type { PlottableModel } from './diagram-content.ts';

/** The direction of the ranks, as Graphviz's rankdir: top to bottom (Keras's default), left to right, … */
export type Rankdir = 'TB' | 'LR' | 'BT' | 'RL';

/** What each box shows and which way the graph runs (keras.utils.plot_model's arguments). */
export interface DiagramOptions extends BoxOptions {
  /** 'TB' (default) puts the inputs at the top, 'LR' at the left; 'BT' and 'RL' mirror them. */
  rankdir?: Rankdir;
}

export interface DiagramBox {
  /** The layer's name. */
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

export interface DiagramPoint {
  x: number;
  y: number;
}

/** An edge from box `from` to box `to`, as a poly-line ending where the arrow head touches `to`. */
export interface DiagramEdge {
  from: number;
  to: number;
  points: DiagramPoint[];
}

export interface Diagram {
  width: number;
  height: number;
  boxes: DiagramBox[];
  edges: DiagramEdge[];
}

export const LINE_HEIGHT = GLYPH_HEIGHT + 2;
const PAD_X = 10;
const PAD_Y = 6;
const MARGIN = 12;
const ARROW = 6;
const RANKDIRS: readonly Rankdir[] = ['TB', 'LR', 'BT', 'RL'];
// Ranks along the text lines need more room than ranks stacked across them, for the arrows to be seen.
const SPACING = {
  vertical: { rankGap: 30, nodeGap: 20, edgeWidth: 8 },
  horizontal: { rankGap: 40, nodeGap: 16, edgeWidth: 8 },
};

/** Lays out a model's diagram: boxes and edge poly-lines in pixels, with a margin all round. */
export function layoutDiagram(model: PlottableModel, options: DiagramOptions): Diagram {
  const rankdir = options.rankdir ?? 'TB';
  if (!RANKDIRS.includes(rankdir)) {
    throw new ValueError(
      `plotModel: rankdir must be one of ${RANKDIRS.map((r) => `'${r}'`).join(', ')}, got '${rankdir}'`,
    );
  }
  const vertical = rankdir === 'TB' || rankdir === 'BT';
  const content = diagramContent(model, options);
  const pixels = content.lines.map(boxSize);
  if (content.chain) {
    // A Sequential is a column (or row) of boxes of one width (or height), as it has always been drawn.
    const key = vertical ? 'width' : 'height';
    const widest = Math.max(0, ...pixels.map((p) => p[key]));
    for (const p of pixels) p[key] = widest;
  }
  const toLayout = (p: { width: number; height: number }): NodeSize =>
    vertical ? { along: p.height, across: p.width } : { along: p.width, across: p.height };
  const layout = layeredLayout(pixels.map(toLayout), content.edges, vertical ? SPACING.vertical : SPACING.horizontal);
  const mirrored = rankdir === 'BT' || rankdir === 'RL';
  const toPixel = (p: LayoutPoint): DiagramPoint => {
    const along = mirrored ? layout.size.along - p.along : p.along;
    const [x, y] = vertical ? [p.across, along] : [along, p.across];
    // Whole pixels, so that the PNG's lines and boxes meet where the SVG's do.
    return { x: Math.round(x) + MARGIN, y: Math.round(y) + MARGIN };
  };
  const boxes = layout.nodes.map((corner, b) => {
    const size = toLayout(pixels[b]);
    const start = toPixel(mirrored ? { along: corner.along + size.along, across: corner.across } : corner);
    return { name: content.names[b], ...start, ...pixels[b], lines: content.lines[b] };
  });
  const edges = content.edges.map(([from, to], e) => ({ from, to, points: layout.paths[e].map(toPixel) }));
  const extent = toPixel(mirrored ? { along: 0, across: layout.size.across } : layout.size);
  return {
    width: Math.ceil(Math.max(extent.x, MARGIN) + MARGIN),
    height: Math.ceil(Math.max(extent.y, MARGIN) + MARGIN),
    boxes,
    edges,
  };
}

/** A box just big enough for its lines in the bundled monospace font. */
function boxSize(lines: readonly string[]): { width: number; height: number } {
  const longest = lines.reduce((m, l) => Math.max(m, l.length), 0);
  return { width: longest * GLYPH_WIDTH + 2 * PAD_X, height: lines.length * LINE_HEIGHT + 2 * PAD_Y };
}

/** An edge's shaft (its poly-line stopped short of the tip) and arrow head (tip, then the two back corners). */
export function arrowShape(points: readonly DiagramPoint[]): { shaft: DiagramPoint[]; head: DiagramPoint[] } {
  const tip = points[points.length - 1];
  const from = points[points.length - 2];
  const length = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const [ux, uy] = [(tip.x - from.x) / length, (tip.y - from.y) / length];
  const back = { x: tip.x - ARROW * ux, y: tip.y - ARROW * uy };
  const half = ARROW / 2;
  return {
    shaft: [...points.slice(0, -1), back],
    head: [tip, { x: back.x - half * uy, y: back.y + half * ux }, { x: back.x + half * uy, y: back.y - half * ux }],
  };
}

/** The top of line `i` of a box (text is drawn from the top of its glyph cells). */
export function lineTop(box: DiagramBox, i: number): number {
  return box.y + PAD_Y + i * LINE_HEIGHT + 1;
}
