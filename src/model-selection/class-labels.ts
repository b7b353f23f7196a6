// Class labels as scikit-learn takes them: numbers, strings or booleans (never a mix of strings and numbers).
// Strings and booleans are encoded as their index among the sorted distinct labels, numpy's sort order, so
// that splits, class order and random draws follow scikit-learn's own label encoding (np.unique).
import { ValueError } from '../errors.ts';

/** One class label. */
export type ClassLabel = number | string | boolean;

/** Labels that are not numbers: strings or booleans, encoded before fitting. */
export type CategoricalLabels = readonly string[] | readonly boolean[];

/** Whether `y` is a plain array holding strings or booleans (checked to be one kind throughout). */
export function isCategorical(y: unknown): y is CategoricalLabels {
  if (!Array.isArray(y) || y.length === 0) return false;
  const kinds = new Set<string>();
  for (const value of y) kinds.add(typeof value);
  for (const kind of kinds) {
    if (kind !== 'number' && kind !== 'string' && kind !== 'boolean') {
      throw new ValueError(`labels must be numbers, strings or booleans, found a ${kind}`);
    }
  }
  if (kinds.size > 1) {
    throw new ValueError(
      `Mix of label input types (${[...kinds].join(' and ')}): labels must all be numbers, all strings or all booleans`,
    );
  }
  return !kinds.has('number');
}

/** The distinct labels in numpy's order: strings by code point, false before true. */
export function sortedClasses(y: CategoricalLabels): (string | boolean)[] {
  const distinct = [...new Set<string | boolean>(y)];
  return distinct.sort(compareLabels);
}

function compareLabels(a: string | boolean, b: string | boolean): number {
  if (typeof a === 'boolean') return Number(a) - Number(b);
  // numpy compares unicode strings by code point; JavaScript's default compares UTF-16 units.
  const x = [...(a as string)];
  const y = [...(b as string)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i].codePointAt(0)! - y[i].codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

/** Each label's index among `classes` (-1 for a label not among them). */
export function encodeLabels(
  y: CategoricalLabels,
  classes: readonly (string | boolean)[] = sortedClasses(y),
): Float64Array {
  const index = new Map<string | boolean, number>(classes.map((c, i) => [c, i]));
  return Float64Array.from(y as readonly (string | boolean)[], (label) => index.get(label) ?? -1);
}
