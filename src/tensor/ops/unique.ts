// np.unique over the flattened tensor: sorted distinct values, optionally with their counts.
import { allocate } from '../dtype.ts';
import { Tensor } from '../tensor.ts';

export interface UniqueOptions {
  /** Also return how often each value occurs (np.unique's return_counts). */
  returnCounts?: boolean;
}

/** Sorted distinct values of the flattened tensor (np.unique); NaNs collapse into one, last. */
export function unique(x: Tensor): Tensor;
/** Sorted distinct values and their counts (int32): `const [values, counts] = unique(y, { returnCounts: true })`. */
export function unique(x: Tensor, options: { returnCounts: true }): [Tensor, Tensor];
export function unique(x: Tensor, options?: UniqueOptions): Tensor | [Tensor, Tensor];
export function unique(x: Tensor, options: UniqueOptions = {}): Tensor | [Tensor, Tensor] {
  const { values, counts } = x.dtype === 'uint8' ? countBytes(x.data as Uint8Array) : sortAndCount(x);
  const valuesTensor = new Tensor(values, [values.length]);
  if (!options.returnCounts) return valuesTensor;
  return [valuesTensor, new Tensor(counts, [counts.length])];
}

/** Counting sort: one pass, no comparison sort (labels and images are uint8). */
function countBytes(data: Uint8Array): { values: Uint8Array; counts: Int32Array } {
  const histogram = new Int32Array(256);
  for (let i = 0; i < data.length; i++) histogram[data[i]]++;
  const present = histogram.reduce((n, c) => (c > 0 ? n + 1 : n), 0);
  const values = new Uint8Array(present);
  const counts = new Int32Array(present);
  let k = 0;
  for (let v = 0; v < 256; v++) {
    if (histogram[v] === 0) continue;
    values[k] = v;
    counts[k++] = histogram[v];
  }
  return { values, counts };
}

function sortAndCount(x: Tensor): { values: Tensor['data']; counts: Int32Array } {
  // Typed-array sort is numeric and puts NaNs last.
  const sorted = x.data.slice().sort();
  const values = allocate(x.dtype, sorted.length);
  const counts = new Int32Array(sorted.length);
  let k = -1;
  for (let i = 0; i < sorted.length; i++) {
    const v = sorted[i];
    const prev = k >= 0 ? values[k] : undefined;
    const same = k >= 0 && (v === prev || (v !== v && prev !== prev));
    if (!same) values[++k] = v;
    counts[k]++;
  }
  return { values: values.slice(0, k + 1), counts: counts.slice(0, k + 1) };
}
