// Linear scales and "nice" tick values, the way matplotlib's MaxNLocator picks them (steps of 1, 2, 2.5, 5 × 10^k).

/** A linear map from a data interval onto a pixel interval. */
export interface LinearScale {
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  (value: number): number;
}

/** Maps `domain` linearly onto `range` (a degenerate domain maps everything to the middle of the range). */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): LinearScale {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  const map = (value: number): number => (span === 0 ? (r0 + r1) / 2 : r0 + ((value - d0) / span) * (r1 - r0));
  return Object.assign(map, { domain: [d0, d1] as const, range: [r0, r1] as const });
}

const NICE_STEPS = [1, 2, 2.5, 5, 10];

/** The smallest step of the form {1, 2, 2.5, 5} × 10^k that cuts [lo, hi] into at most `maxTicks - 1` parts. */
export function niceStep(lo: number, hi: number, maxTicks: number): number {
  const span = hi - lo;
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, maxTicks - 1);
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  for (const step of NICE_STEPS) {
    if (step * magnitude >= raw * (1 - 1e-9)) return step * magnitude;
  }
  return 10 * magnitude;
}

/** Tick values inside [lo, hi] on a nice step; `integer` keeps only whole numbers (epochs). */
export function niceTicks(lo: number, hi: number, maxTicks = 7, integer = false): number[] {
  let step = niceStep(lo, hi, maxTicks);
  if (integer) step = Math.max(1, Math.ceil(step));
  const first = Math.ceil(lo / step - 1e-9);
  const last = Math.floor(hi / step + 1e-9);
  const ticks: number[] = [];
  for (let i = first; i <= last; i++) ticks.push(cleanFloat(i * step));
  return ticks;
}

/** The number of decimals that shows every tick of this step exactly (0.25 → 2, 5 → 0). */
export function decimalsForStep(step: number): number {
  for (let decimals = 0; decimals < 10; decimals++) {
    if (Math.abs(Number(step.toFixed(decimals)) - step) < step * 1e-6) return decimals;
  }
  return 10;
}

/** Formats tick labels with the decimals their common step needs, so 0.1 + 0.2 prints as 0.3. */
export function formatTicks(ticks: readonly number[]): string[] {
  const step = ticks.length > 1 ? Math.abs(ticks[1]! - ticks[0]!) : 1;
  const decimals = ticks.length > 1 ? decimalsForStep(step) : decimalsForStep(Math.abs(ticks[0] ?? 1) || 1);
  return ticks.map((t) => t.toFixed(Math.min(decimals, 6)));
}

/** The data interval padded by `margin` of its span on each side (matplotlib's 5 % auto-margins). */
export function paddedExtent(values: readonly number[], margin = 0.05): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo === Infinity) return [0, 1];
  if (lo === hi) {
    const pad = lo === 0 ? 0.5 : Math.abs(lo) * 0.1;
    return [lo - pad, hi + pad];
  }
  const pad = (hi - lo) * margin;
  return [lo - pad, hi + pad];
}

function cleanFloat(value: number): number {
  return Number(value.toPrecision(12));
}
