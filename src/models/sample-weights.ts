// fit's sampleWeight and classWeight as one weight per sample (Keras 3's data adapters; see
// docs/losses-and-metrics.md, "Weighting").
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { type ArrayInput, type Targets, toFeatures } from './data.ts';

/** Class index → weight (Keras class_weight); classes left out weigh 1. */
export type ClassWeight = Readonly<Record<number, number>>;

/**
 * One weight per sample from `sampleWeight` ((n,) or (n, 1)) or from `classWeight` and the targets' classes
 * (the label, or the argmax of a one-hot row, or the rounded value of a single output); null when neither is given.
 */
export function sampleWeightsFor(
  y: Targets,
  sampleWeight: ArrayInput | undefined,
  classWeight: ClassWeight | undefined,
  what = 'sampleWeight',
): Float32Array | null {
  if (sampleWeight !== undefined && classWeight !== undefined) {
    throw new ValueError('fit: give sampleWeight or classWeight, not both (Keras refuses the two together)');
  }
  if (sampleWeight !== undefined) return checkedWeights(sampleWeight, y.rows, what);
  if (classWeight !== undefined) return classWeights(y, classWeight);
  return null;
}

function checkedWeights(sampleWeight: ArrayInput, rows: number, what: string): Float32Array {
  const features = toFeatures(sampleWeight, what);
  if (features.rows !== rows || features.sampleSize !== 1) {
    throw new ShapeError(
      `${what} must hold one weight per sample, shape (${rows},) or (${rows}, 1), got ${formatShape([features.rows, ...features.sampleShape])}`,
    );
  }
  return features.data;
}

function classWeights(y: Targets, classWeight: ClassWeight): Float32Array {
  if (classWeight === null || typeof classWeight !== 'object' || Array.isArray(classWeight)) {
    throw new ValueError('classWeight must be an object mapping class indices to weights, e.g. { 0: 1, 1: 5 }');
  }
  for (const [key, value] of Object.entries(classWeight)) {
    if (!Number.isInteger(Number(key)) || typeof value !== 'number' || !Number.isFinite(value)) {
      throw new ValueError(`classWeight maps integer class indices to finite numbers, got ${key}: ${String(value)}`);
    }
  }
  const weights = new Float32Array(y.rows);
  const width = y.values === null ? 1 : y.values.length / y.rows;
  for (let r = 0; r < y.rows; r++) {
    const cls =
      y.labels !== null ? y.labels[r] : width === 1 ? Math.round(y.values![r]) : argmaxRow(y.values!, r * width, width);
    weights[r] = classWeight[cls] ?? 1;
  }
  return weights;
}

function argmaxRow(values: Float32Array, offset: number, width: number): number {
  let best = 0;
  for (let j = 1; j < width; j++) if (values[offset + j] > values[offset + best]) best = j;
  return best;
}
