// Reads plotModel's SVG back into boxes (with the text lines drawn inside each) and edges, for the tests.
import { byName, parsePoints, parseXml } from '../plot/parse-svg.ts';

export interface PlottedBox {
  name: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

export interface PlottedEdge {
  from: string;
  to: string;
  /** The shaft's poly-line, then the arrow head's tip. */
  points: Array<[number, number]>;
  tip: [number, number];
  head: Array<[number, number]>;
}

export interface PlottedDiagram {
  width: number;
  height: number;
  boxes: PlottedBox[];
  edges: PlottedEdge[];
}

/** Boxes from the layer rectangles (each text goes to the box its anchor lies in) and edges with their heads. */
export function readDiagram(svg: string): PlottedDiagram {
  const root = parseXml(svg);
  const boxes = byName(root, 'rect', 'layer').map((r) => ({
    name: r.attributes['data-name']!,
    x: Number(r.attributes.x) - 0.5,
    y: Number(r.attributes.y) - 0.5,
    width: Number(r.attributes.width),
    height: Number(r.attributes.height),
    lines: [] as string[],
  }));
  for (const text of byName(root, 'text')) {
    const [x, y] = [Number(text.attributes.x), Number(text.attributes.y)];
    const box = boxes.find((b) => x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height);
    if (box === undefined) throw new Error(`text '${text.text}' at (${x}, ${y}) lies in no box`);
    box.lines.push(text.text);
  }
  const heads = byName(root, 'polygon', 'arrow-head').map((p) => parsePoints(p.attributes.points!));
  const lines = byName(root, 'polyline', 'edge');
  if (heads.length !== lines.length) throw new Error(`${lines.length} edges but ${heads.length} arrow heads`);
  const edges = lines.map((line, i) => ({
    from: line.attributes['data-from']!,
    to: line.attributes['data-to']!,
    points: parsePoints(line.attributes.points!),
    tip: heads[i]![0]!,
    head: heads[i]!,
  }));
  return { width: Number(root.attributes.width), height: Number(root.attributes.height), boxes, edges };
}

/** The box of a layer, which must be drawn exactly once. */
export function boxOf(diagram: PlottedDiagram, name: string): PlottedBox {
  const found = diagram.boxes.filter((b) => b.name === name);
  if (found.length !== 1) throw new Error(`layer '${name}' is drawn ${found.length} times`);
  return found[0]!;
}

/** Whether two boxes share any pixel. */
export function overlap(a: PlottedBox, b: PlottedBox): boolean {
  return a.x <= b.x + b.width && b.x <= a.x + a.width && a.y <= b.y + b.height && b.y <= a.y + a.height;
}

/** The edges as sorted 'from>to' strings, to compare with a list written by hand. */
export function edgeList(diagram: PlottedDiagram): string[] {
  return diagram.edges.map((e) => `${e.from}>${e.to}`).sort();
}
