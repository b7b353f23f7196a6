import { ShapeError, formatShape } from '../errors.ts';

/** The shape two arrays broadcast to (numpy's rules: align from the right; a dimension is equal or 1). */
export function broadcastShapes(a: readonly number[], b: readonly number[], opName = 'operation'): number[] {
  const rank = Math.max(a.length, b.length);
  const out = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(
        `${opName}: shapes ${formatShape(a)} and ${formatShape(b)} cannot be broadcast together ` +
          `(dimension ${i} of the result: ${da} vs ${db}; each must be equal or 1)`,
      );
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Row-major strides of `shape`, in elements. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let step = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = step;
    step *= shape[i];
  }
  return strides;
}

/** Strides for reading an array of `shape` as if broadcast to `target` (0 along broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], target: readonly number[]): number[] {
  const own = stridesOf(shape);
  const offset = target.length - shape.length;
  return target.map((_, i) => {
    const axis = i - offset;
    return axis < 0 || shape[axis] === 1 ? 0 : own[axis];
  });
}

/** True when both shapes are the same. */
export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** An axis in [-rank, rank) as a non-negative axis; a ShapeError names the valid range otherwise. */
export function normalizeAxis(axis: number, rank: number, opName = 'axis'): number {
  if (!Number.isInteger(axis) || axis < -rank || axis >= rank) {
    throw new ShapeError(
      `${opName}: axis ${axis} is out of range for a tensor of rank ${rank} (expected -${rank} <= axis < ${rank})`,
    );
  }
  return axis < 0 ? axis + rank : axis;
}
