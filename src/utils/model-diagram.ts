// The layout of plotModel's diagram: one box per layer, top to bottom, arrows between (keras.utils.plot_model
// with rankdir 'TB'), in pixel coordinates shared by the SVG and the PNG drawings.
import { formatShape } from '../errors.ts';
import type { Layer } from '../layers/layer.ts';
import { GLYPH_HEIGHT, GLYPH_WIDTH } from '../plot/font/mono-font.ts';

/** What plotModel needs of a model: its layers and, once known, its input shape. */
export interface PlottableModel {
  readonly name: string;
  readonly layers: readonly Layer[];
  readonly inputShape: (number | null)[] | null;
}

/** What each box shows (keras.utils.plot_model's show_* arguments; all off by default, as in Keras). */
export interface DiagramOptions {
  showShapes?: boolean;
  showLayerNames?: boolean;
  showLayerActivations?: boolean;
}

export interface DiagramBox {
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

export interface Diagram {
  width: number;
  height: number;
  boxes: DiagramBox[];
}

export const LINE_HEIGHT = GLYPH_HEIGHT + 2;
const PAD_X = 10;
const PAD_Y = 6;
const GAP = 30;
const MARGIN = 12;

/** The text lines of each box, from the input to the last layer. */
export function boxLines(model: PlottableModel, options: DiagramOptions): string[][] {
  const boxes: string[][] = [];
  const input = model.inputShape;
  if (input !== null) {
    const lines = [options.showLayerNames ? 'input_layer (InputLayer)' : 'InputLayer'];
    if (options.showShapes) lines.push(`Output shape: ${formatShape(input)}`);
    boxes.push(lines);
  }
  let shape: (number | null)[] | null = input;
  for (const layer of model.layers) {
    const lines = [options.showLayerNames ? `${layer.name} (${layer.className})` : layer.className];
    const activation = (layer as Layer & { activation?: string }).activation;
    if (options.showLayerActivations && typeof activation === 'string') lines.push(`Activation: ${activation}`);
    const output = layer.built ? layer.outputShape : null;
    if (options.showShapes) {
      lines.push(`Input shape: ${shape === null ? '?' : formatShape(shape)}`);
      lines.push(`Output shape: ${output === null ? '?' : formatShape(output)}`);
    }
    shape = output;
    boxes.push(lines);
  }
  return boxes;
}

/** Boxes of one width, centred in a column, GAP pixels apart. */
export function layoutDiagram(model: PlottableModel, options: DiagramOptions): Diagram {
  const contents = boxLines(model, options);
  const longest = contents.reduce((m, lines) => Math.max(m, ...lines.map((l) => l.length)), 0);
  const width = longest * GLYPH_WIDTH + 2 * PAD_X;
  let y = MARGIN;
  const boxes = contents.map((lines) => {
    const height = lines.length * LINE_HEIGHT + 2 * PAD_Y;
    const box = { x: MARGIN, y, width, height, lines };
    y += height + GAP;
    return box;
  });
  return { width: width + 2 * MARGIN, height: Math.max(y - GAP + MARGIN, 2 * MARGIN), boxes };
}

/** The baseline-free top of line `i` of a box (text is drawn from the top of its glyph cells). */
export function lineTop(box: DiagramBox, i: number): number {
  return box.y + PAD_Y + i * LINE_HEIGHT + 1;
}
