import { extname } from 'node:path';
import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { GLYPH_ASCENT } from '../plot/font/mono-font.ts';
import { el, svgDocument, textEl } from '../plot/svg.ts';
import { writeFile } from '../plot/write-file.ts';
import { diagramPng } from './diagram-png.ts';
import {
  type Diagram,
  type DiagramOptions,
  type DiagramPoint,
  type PlottableModel,
  arrowShape,
  layoutDiagram,
  lineTop,
} from './model-diagram.ts';

/** Options of plotModel (keras.utils.plot_model; expandNested, dpi and splines are not offered). */
export interface PlotModelOptions extends DiagramOptions {
  /** Writes the diagram here too: '.svg' as SVG, '.png' as PNG. */
  toFile?: string;
}

const ACCEPTED = [
  'toFile',
  'showShapes',
  'showDtype',
  'showLayerNames',
  'showLayerActivations',
  'showTrainable',
  'rankdir',
];
// The widths are laid out for a monospace font of 7 px per character at 12 px (the PNG's bundled font).
const MONOSPACE = 'DejaVu Sans Mono, Menlo, Consolas, monospace';

/**
 * A diagram of a model, one box per layer joined by arrows along the graph's edges (keras.utils.plot_model):
 * a Sequential as a column from its input down, a functional Model as its layer graph with its InputLayers.
 * Returns SVG text; with toFile, also writes that file (SVG or PNG by its extension).
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
  for (const box of diagram.boxes) {
    body.push(
      el('rect', {
        class: 'layer',
        'data-name': box.name,
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
  }
  for (const edge of diagram.edges) {
    const { shaft, head } = arrowShape(edge.points);
    const [from, to] = [diagram.boxes[edge.from].name, diagram.boxes[edge.to].name];
    body.push(
      el('polyline', {
        class: 'edge',
        'data-from': from,
        'data-to': to,
        points: pointList(shaft),
        fill: 'none',
        stroke: '#000',
      }),
    );
    body.push(el('polygon', { class: 'arrow-head', points: pointList(head), fill: '#000' }));
  }
  return svgDocument(diagram.width, diagram.height, `model ${name}`, body, 'nabla-model-plot');
}

function pointList(points: readonly DiagramPoint[]): string {
  const r = (v: number): number => Math.round(v * 100) / 100;
  return points.map((p) => `${r(p.x)},${r(p.y)}`).join(' ');
}
