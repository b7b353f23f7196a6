// A small SVG line chart: one line per series over the epochs, redrawn whole at each update.

const SVG = 'http://www.w3.org/2000/svg';
const MARGIN = { left: 44, right: 96, top: 12, bottom: 28 };

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) node.setAttribute(key, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/**
 * Draws `series` ({ label, color, points: [x, y][] }) into the <svg> `svg`; x runs over [0, xMax], y over the
 * data's range (or `yRange`).
 */
export function drawChart(svg, series, { xMax, yRange, xLabel = 'epoch' }) {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const plotW = width - MARGIN.left - MARGIN.right;
  const plotH = height - MARGIN.top - MARGIN.bottom;
  const ys = series.flatMap((s) => s.points.map(([, y]) => y));
  let [yMin, yMax] = yRange ?? [Math.min(...ys, Infinity), Math.max(...ys, -Infinity)];
  if (!Number.isFinite(yMin)) [yMin, yMax] = [0, 1];
  if (yMax - yMin < 1e-6) yMax = yMin + 1;
  const sx = (x) => MARGIN.left + (x / xMax) * plotW;
  const sy = (y) => MARGIN.top + (1 - (y - yMin) / (yMax - yMin)) * plotH;
  svg.replaceChildren();
  svg.append(
    element('rect', { x: MARGIN.left, y: MARGIN.top, width: plotW, height: plotH, fill: 'none', stroke: '#ccc' }),
  );
  for (let i = 0; i <= 4; i++) {
    const y = yMin + ((yMax - yMin) * i) / 4;
    svg.append(
      element(
        'text',
        { x: MARGIN.left - 6, y: sy(y) + 4, 'text-anchor': 'end', 'font-size': 11, fill: '#666' },
        y.toFixed(2),
      ),
    );
    svg.append(element('line', { x1: MARGIN.left, x2: MARGIN.left + plotW, y1: sy(y), y2: sy(y), stroke: '#eee' }));
  }
  for (let x = 0; x <= xMax; x++) {
    svg.append(
      element('text', { x: sx(x), y: height - 10, 'text-anchor': 'middle', 'font-size': 11, fill: '#666' }, String(x)),
    );
  }
  svg.append(
    element(
      'text',
      { x: MARGIN.left + plotW / 2, y: height, 'text-anchor': 'middle', 'font-size': 11, fill: '#666' },
      xLabel,
    ),
  );
  series.forEach((s, i) => {
    if (s.points.length > 0) {
      const d = s.points.map(([x, y], k) => `${k === 0 ? 'M' : 'L'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ');
      svg.append(element('path', { d, fill: 'none', stroke: s.color, 'stroke-width': 2 }));
    }
    const ly = MARGIN.top + 14 + i * 18;
    svg.append(
      element('line', {
        x1: width - MARGIN.right + 10,
        x2: width - MARGIN.right + 28,
        y1: ly - 4,
        y2: ly - 4,
        stroke: s.color,
        'stroke-width': 2,
      }),
    );
    svg.append(element('text', { x: width - MARGIN.right + 32, y: ly, 'font-size': 12 }, s.label));
  });
}
