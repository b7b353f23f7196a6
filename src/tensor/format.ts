// How a tensor prints (numpy's repr, summarised like numpy above 1000 elements with 3 items at each edge).
import { formatShape } from '../errors.ts';
import { isFloat } from './dtype.ts';
import type { Tensor } from './tensor.ts';

const THRESHOLD = 1000;
const EDGE_ITEMS = 3;

/** `tensor([[1, 2], [3, 4]], shape=(2, 2), dtype=float32)`, with `...` standing for elided rows and items. */
export function formatTensor(t: Tensor): string {
  const summarise = t.size > THRESHOLD;
  const body = t.rank === 0 ? formatValue(t.data[0], t) : formatAxis(t, 0, 0, summarise);
  return `tensor(${body}, shape=${formatShape(t.shape)}, dtype=${t.dtype})`;
}

function formatAxis(t: Tensor, axis: number, offset: number, summarise: boolean): string {
  const len = t.shape[axis];
  let step = 1;
  for (let k = axis + 1; k < t.rank; k++) step *= t.shape[k];
  const shown =
    summarise && len > 2 * EDGE_ITEMS ? [...range(0, EDGE_ITEMS), -1, ...range(len - EDGE_ITEMS, len)] : range(0, len);
  const last = axis === t.rank - 1;
  const parts = shown.map((i) => {
    if (i < 0) return '...';
    return last ? formatValue(t.data[offset + i], t) : formatAxis(t, axis + 1, offset + i * step, summarise);
  });
  const separator = last ? ', ' : `,\n${' '.repeat(axis + 8)}`;
  return `[${parts.join(separator)}]`;
}

function formatValue(v: number, t: Tensor): string {
  if (!isFloat(t.dtype) || Number.isInteger(v) || !Number.isFinite(v)) return String(v);
  return String(Number(v.toPrecision(t.dtype === 'float32' ? 7 : 16)));
}

function range(from: number, to: number): number[] {
  return Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
}
