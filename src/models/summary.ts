import { formatShape } from '../errors.ts';
import type { Layer } from '../layers/layer.ts';

const LINE_LENGTH = 65;
const POSITIONS = [29, 55, 65];

/** The tf.keras 2.9–2.12 summary of a sequential model (utils.layer_utils.print_summary, docs/keras-facts.md §7). */
export function summaryText(modelName: string, layers: readonly Layer[]): string {
  const lines: string[] = [`Model: "${modelName}"`, '_'.repeat(LINE_LENGTH)];
  lines.push(row(['Layer (type)', 'Output Shape', 'Param #']));
  lines.push('='.repeat(LINE_LENGTH));
  for (const layer of layers) {
    const shape = layer.built ? formatShape(layer.outputShape) : 'multiple';
    lines.push(row([`${layer.name} (${layer.className})`, shape, String(layer.countParams())]));
    lines.push(' '.repeat(LINE_LENGTH));
  }
  const trainable = layers.reduce((s, l) => s + l.countTrainableParams(), 0);
  const total = layers.reduce((s, l) => s + l.countParams(), 0);
  lines.push('='.repeat(LINE_LENGTH));
  lines.push(`Total params: ${withCommas(total)}`);
  lines.push(`Trainable params: ${withCommas(trainable)}`);
  lines.push(`Non-trainable params: ${withCommas(total - trainable)}`);
  lines.push('_'.repeat(LINE_LENGTH));
  return `${lines.join('\n')}\n`;
}

/**
 * One table row as tf.keras's print_row: each cell cut to its column (2 spaces of gap, 1 more for the leading
 * space), text that does not fit continues on the next line, lines padded to the column ends.
 */
export function row(fields: string[], positions: readonly number[] = POSITIONS): string {
  const left = [...fields];
  const out: string[] = [];
  do {
    let line = '';
    left.forEach((field, col) => {
      const start = col === 0 ? 0 : positions[col - 1];
      const last = col === positions.length - 1;
      const space = last ? 0 : 2;
      let cutoff = positions[col] - start - space - (last ? 0 : 1);
      let fit = field.slice(0, cutoff);
      const breaks = ['),', '},', '],', "',"]
        .map((b) => (fit.indexOf(b) >= 0 ? fit.indexOf(b) + b.length : -1))
        .filter((c) => c >= 0);
      if (breaks.length > 0) {
        cutoff = Math.min(...breaks);
        fit = fit.slice(0, cutoff);
      }
      if (col === 0) line += ' ';
      line += fit + ' '.repeat(space);
      left[col] = field.slice(cutoff);
      line = line.padEnd(positions[col]);
    });
    out.push(line);
  } while (left.some((f) => f.length > 0));
  return out.join('\n');
}

/** 79510 → '79,510' (Python's '{:,}'). */
export function withCommas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
