// Weighted confusion counts at a list of thresholds, kept as a histogram of scores between sorted thresholds so
// an update costs one binary search per value whatever the number of thresholds (Keras's metrics_utils buckets
// evenly spaced thresholds the same way). A value counts as positive where score > threshold (strict).
import { ValueError } from '../errors.ts';

/** Keras's NEG_INF: the score of a value outside the top k, and the threshold when topK is given alone. */
export const NEG_INF = -1e10;

/** tp, fp, tn, fn per threshold, in the order the thresholds were given. */
export interface Confusion {
  tp: Float64Array;
  fp: Float64Array;
  tn: Float64Array;
  fn: Float64Array;
}

export class ThresholdCounts {
  /** The thresholds, ascending. */
  private readonly sorted: Float64Array;
  /** order[i] = position in `sorted` of the i-th threshold as given. */
  private readonly order: Int32Array;
  /** Weighted positives / negatives of label l whose score is above exactly k sorted thresholds, at l·(n+1) + k. */
  private readonly positives: Float64Array;
  private readonly negatives: Float64Array;

  /**
   * `labels` separate histograms (multi-label AUC) or one. `clip` clamps scores to [0, 1] first, as Keras does
   * for evenly spaced thresholds (it only matters for scores outside [0, 1]).
   */
  constructor(
    thresholds: readonly number[],
    readonly labels = 1,
    private readonly clip = false,
  ) {
    const indexed = thresholds.map((t, i) => [t, i] as const).sort((a, b) => a[0] - b[0]);
    this.sorted = Float64Array.from(indexed, ([t]) => t);
    this.order = new Int32Array(thresholds.length);
    indexed.forEach(([, i], k) => (this.order[i] = k));
    this.positives = new Float64Array((thresholds.length + 1) * labels);
    this.negatives = new Float64Array((thresholds.length + 1) * labels);
  }

  get size(): number {
    return this.sorted.length;
  }

  /** Adds one value: `positive` and `negative` are its weights as a positive and as a negative example. */
  add(score: number, positive: number, negative: number, label = 0): void {
    const s = this.clip ? Math.min(Math.max(score, 0), 1) : score;
    const at = label * (this.sorted.length + 1) + countBelow(this.sorted, s);
    this.positives[at] += positive;
    this.negatives[at] += negative;
  }

  reset(): void {
    this.positives.fill(0);
    this.negatives.fill(0);
  }

  /** The confusion counts of one label at every threshold. */
  confusion(label = 0): Confusion {
    const n = this.sorted.length;
    const base = label * (n + 1);
    // tp at sorted threshold i: positives above more than i thresholds.
    const tpSorted = new Float64Array(n);
    const fpSorted = new Float64Array(n);
    let pos = 0;
    let neg = 0;
    for (let k = n; k >= 1; k--) {
      pos += this.positives[base + k];
      neg += this.negatives[base + k];
      tpSorted[k - 1] = pos;
      fpSorted[k - 1] = neg;
    }
    const totalPos = pos + this.positives[base];
    const totalNeg = neg + this.negatives[base];
    const tp = Float64Array.from(this.order, (k) => tpSorted[k]);
    const fp = Float64Array.from(this.order, (k) => fpSorted[k]);
    return { tp, fp, fn: tp.map((v) => totalPos - v), tn: fp.map((v) => totalNeg - v) };
  }
}

/** How many sorted thresholds lie strictly below the score. */
function countBelow(thresholds: Float64Array, score: number): number {
  let lo = 0;
  let hi = thresholds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (thresholds[mid] < score) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Keras's test for the bucketed update: at least 3 thresholds equal to i/(n−1) within 1e-7. */
export function evenlySpaced(thresholds: readonly number[]): boolean {
  const n = thresholds.length;
  return n >= 3 && thresholds.every((t, i) => Math.abs(t - i / (n - 1)) <= 1e-7 + 1e-5 * (i / (n - 1)));
}

/** A threshold or a list of them, each in [0, 1] (Keras's parse_init_thresholds); the default when absent. */
export function parseThresholds(owner: string, value: unknown, defaultThreshold: number): number[] {
  if (value === undefined || value === null) return [defaultThreshold];
  const list = Array.isArray(value) ? value : [value];
  if (list.length === 0 || list.some((t) => typeof t !== 'number' || !(t >= 0 && t <= 1))) {
    throw new ValueError(
      `${owner}: thresholds must be a number in [0, 1] or a non-empty array of them, got ${JSON.stringify(value)}`,
    );
  }
  return list as number[];
}

/** An optional integer option, at least `min`. */
export function optionalInteger(owner: string, name: string, value: unknown, min: number): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    throw new ValueError(`${owner}: ${name} must be an integer >= ${min}, got ${String(value)}`);
  }
  return value;
}

/** A ValueError when classId names a column the model does not have. */
export function checkClassId(owner: string, classId: number | null, cols: number): void {
  if (classId !== null && classId >= cols) {
    throw new ValueError(`${owner}: classId ${classId} is outside the model's ${cols} outputs`);
  }
}
