// A line chart as an SVG string: axes with ticks, one polyline per series, a legend and an optional marker line.
import { ValueError } from '../errors.ts';
import { el, svgDocument, textEl } from './svg.ts';
import { formatTicks, linearScale, niceTicks, paddedExtent, type LinearScale } from './scale.ts';

/** One line: y values, and x values (0, 1, 2, … when omitted, as matplotlib's `plt.plot(y)`). */
export interface LineSeries {
  label: string;
  values: readonly number[];
  x?: readonly number[];
}

/** Options of `lineChart` (the parts of matplotlib's plot/xlabel/ylabel/legend/title the tutorial uses). */
export interface LineChartOptions {
  title?: string;
  xLabel?: string;
  yLabel?: string;
  width?: number;
  height?: number;
  /** Data interval of the x axis; defaults to the x values padded by 5 %. */
  xDomain?: readonly [number, number];
  /** Data interval of the y axis; defaults to the y values padded by 5 %. */
  yDomain?: readonly [number, number];
  /** Only whole numbers as x ticks (epochs). */
  integerX?: boolean;
  /** Draws a dashed vertical line at this x (e.g. the early-stopping epoch). */
  markX?: number;
  markLabel?: string;
  /** Whether to draw the legend; defaults to true when there is more than one series. */
  legend?: boolean;
}

/** Margins around the plot area, in pixels. */
export const CHART_MARGIN = { left: 64, right: 20, top: 40, bottom: 52 } as const;
/** Line colours: matplotlib's default cycle (tab10). */
export const SERIES_COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2'] as const;

interface Frame {
  x: LinearScale;
  y: LinearScale;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

/** Draws series as lines on shared axes (matplotlib's `plt.plot` calls followed by `plt.show`) → SVG text. */
export function lineChart(series: readonly LineSeries[], options: LineChartOptions = {}): string {
  if (series.length === 0) throw new ValueError('lineChart needs at least one series, got none');
  const width = options.width ?? 640;
  const height = options.height ?? 400;
  const points = series.map((s) => seriesPoints(s));
  const frame = makeFrame(points, options, width, height);
  const title = options.title ?? '';
  const body = [
    el('rect', { x: 0, y: 0, width, height, fill: '#ffffff', class: 'background' }),
    title ? textEl(title, { x: width / 2, y: 24, 'text-anchor': 'middle', 'font-size': 15, class: 'chart-title' }) : '',
    drawAxes(frame, options),
    drawSeries(series, points, frame),
    options.markX === undefined ? '' : drawMarker(frame, options.markX, options.markLabel ?? `x = ${options.markX}`),
    (options.legend ?? series.length > 1) ? drawLegend(series, frame) : '',
  ];
  return svgDocument(width, height, title || 'line chart', body.filter(Boolean), 'nabla-line-chart');
}

function seriesPoints(series: LineSeries): Array<[number, number]> {
  const xs = series.x ?? series.values.map((_, i) => i);
  if (xs.length !== series.values.length) {
    throw new ValueError(
      `series '${series.label}' has ${series.values.length} y values but ${xs.length} x values: give one x per y`,
    );
  }
  return series.values.map((v, i) => [xs[i]!, v]);
}

function makeFrame(
  points: Array<Array<[number, number]>>,
  options: LineChartOptions,
  width: number,
  height: number,
): Frame {
  const all = points.flat();
  const xDomain = options.xDomain ?? paddedExtent(all.map((p) => p[0]).concat(options.markX ?? []));
  const yDomain = options.yDomain ?? paddedExtent(all.map((p) => p[1]));
  const left = CHART_MARGIN.left;
  const right = width - CHART_MARGIN.right;
  const top = CHART_MARGIN.top;
  const bottom = height - CHART_MARGIN.bottom;
  if (!(right > left && bottom > top))
    throw new ValueError(`chart size ${width}x${height} leaves no room for the plot area`);
  return { x: linearScale(xDomain, [left, right]), y: linearScale(yDomain, [bottom, top]), left, right, top, bottom };
}

function drawAxes(frame: Frame, options: LineChartOptions): string {
  const { left, right, top, bottom } = frame;
  const xTicks = niceTicks(frame.x.domain[0], frame.x.domain[1], 8, options.integerX ?? false);
  const yTicks = niceTicks(frame.y.domain[0], frame.y.domain[1], 7);
  const xTickEls = formatTicks(xTicks).map((label, i) => {
    const x = frame.x(xTicks[i]!);
    return el('g', { class: 'tick', 'data-value': xTicks[i]! }, [
      el('line', { x1: x, y1: bottom, x2: x, y2: bottom + 5, stroke: '#000' }),
      textEl(label, { x, y: bottom + 19, 'text-anchor': 'middle', 'font-size': 11 }),
    ]);
  });
  const yTickEls = formatTicks(yTicks).map((label, i) => {
    const y = frame.y(yTicks[i]!);
    return el('g', { class: 'tick', 'data-value': yTicks[i]! }, [
      el('line', { x1: left - 5, y1: y, x2: left, y2: y, stroke: '#000' }),
      el('line', { x1: left, y1: y, x2: right, y2: y, stroke: '#e6e6e6', class: 'grid' }),
      textEl(label, { x: left - 8, y: y + 4, 'text-anchor': 'end', 'font-size': 11 }),
    ]);
  });
  const attrs = {
    class: 'axes',
    'data-plot-area': `${left} ${top} ${right - left} ${bottom - top}`,
    'data-x-domain': frame.x.domain.join(' '),
    'data-y-domain': frame.y.domain.join(' '),
  };
  return el(
    'g',
    attrs,
    [
      el('g', { class: 'y-ticks' }, yTickEls),
      el('g', { class: 'x-ticks' }, xTickEls),
      el('rect', {
        x: left,
        y: top,
        width: right - left,
        height: bottom - top,
        fill: 'none',
        stroke: '#000',
        class: 'frame',
      }),
      options.xLabel
        ? textEl(options.xLabel, {
            x: (left + right) / 2,
            y: bottom + 40,
            'text-anchor': 'middle',
            'font-size': 13,
            class: 'x-label',
          })
        : '',
      options.yLabel
        ? textEl(options.yLabel, {
            x: 0,
            y: 0,
            transform: `translate(18 ${(top + bottom) / 2}) rotate(-90)`,
            'text-anchor': 'middle',
            'font-size': 13,
            class: 'y-label',
          })
        : '',
    ].filter(Boolean),
  );
}

function drawSeries(series: readonly LineSeries[], points: Array<Array<[number, number]>>, frame: Frame): string {
  const lines = series.flatMap((s, i) => {
    const color = SERIES_COLORS[i % SERIES_COLORS.length]!;
    return finiteRuns(points[i]!).map((run) => {
      const text = run.map(([x, y]) => `${round(frame.x(x))},${round(frame.y(y))}`).join(' ');
      // A dot on every value, so a one-epoch history still shows (a polyline of one point draws nothing).
      const dots = run.map(([x, y]) => el('circle', { cx: frame.x(x), cy: frame.y(y), r: 2.5, fill: color }));
      const line = el('polyline', {
        class: 'series',
        'data-key': s.label,
        points: text,
        fill: 'none',
        stroke: color,
        'stroke-width': 2,
      });
      return el('g', { class: 'series-line', 'data-key': s.label }, [line, ...dots]);
    });
  });
  return el('g', { class: 'series-group' }, lines);
}

/** Splits a line at NaN/Infinity values, as matplotlib leaves gaps there. */
function finiteRuns(points: Array<[number, number]>): Array<Array<[number, number]>> {
  const runs: Array<Array<[number, number]>> = [[]];
  for (const p of points) {
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) runs[runs.length - 1]!.push(p);
    else if (runs[runs.length - 1]!.length > 0) runs.push([]);
  }
  return runs.filter((r) => r.length > 0);
}

function drawMarker(frame: Frame, markX: number, label: string): string {
  const x = frame.x(markX);
  return el('g', { class: 'marker', 'data-x': markX }, [
    el('line', {
      x1: x,
      y1: frame.top,
      x2: x,
      y2: frame.bottom,
      stroke: '#d62728',
      'stroke-dasharray': '6 4',
      'stroke-width': 1.5,
    }),
    // Written along the line, centred vertically, so it stays clear of the legend in the top corner.
    textEl(label, {
      x: 0,
      y: 0,
      transform: `translate(${round(x - 5)} ${round((frame.top + frame.bottom) / 2)}) rotate(-90)`,
      'text-anchor': 'middle',
      'font-size': 11,
      fill: '#d62728',
    }),
  ]);
}

function drawLegend(series: readonly LineSeries[], frame: Frame): string {
  const rowHeight = 18;
  const boxWidth = 24 + 8 * Math.max(...series.map((s) => s.label.length)) + 10;
  const x0 = frame.right - boxWidth - 8;
  const y0 = frame.top + 8;
  const items = series.map((s, i) => {
    const y = y0 + 12 + i * rowHeight;
    return el('g', { class: 'legend-item', 'data-key': s.label }, [
      el('line', {
        x1: x0 + 6,
        y1: y - 4,
        x2: x0 + 24,
        y2: y - 4,
        stroke: SERIES_COLORS[i % SERIES_COLORS.length]!,
        'stroke-width': 2,
      }),
      textEl(s.label, { x: x0 + 30, y, 'font-size': 12 }),
    ]);
  });
  const box = el('rect', {
    x: x0,
    y: y0,
    width: boxWidth,
    height: series.length * rowHeight + 6,
    fill: '#ffffff',
    'fill-opacity': 0.85,
    stroke: '#cccccc',
  });
  return el('g', { class: 'legend' }, [box, ...items]);
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
