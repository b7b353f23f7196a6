// The results object behind a report: plain JSON, addressed by dotted paths ("chapter17.crossValidation.mean").
import { ValueError } from '../errors.ts';

/** A JSON value: what results.json can hold. */
export type ResultValue = number | string | boolean | null | ResultValue[] | { [key: string]: ResultValue };

/** The top level of results.json. */
export type Results = { [key: string]: ResultValue };

/** Looks up a dotted path (array elements by index: "counts.3") and throws a ValueError naming the missing part. */
export function resultAt(results: Results, path: string): ResultValue {
  let current: ResultValue = results;
  const parts = path.split('.');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i]!;
    const container: ResultValue = current;
    let next: ResultValue | undefined;
    if (Array.isArray(container)) next = /^\d+$/.test(part) ? container[Number(part)] : undefined;
    else if (container !== null && typeof container === 'object')
      next = Object.hasOwn(container, part) ? container[part] : undefined;
    if (next === undefined) {
      throw new ValueError(`results have no '${parts.slice(0, i + 1).join('.')}' (looking up '${path}')`);
    }
    current = next;
  }
  return current;
}

/** The number at a dotted path; a ValueError if it is missing or not a finite number. */
export function numberAt(results: Results, path: string): number {
  const value = resultAt(results, path);
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ValueError(`results '${path}' should be a finite number, got ${JSON.stringify(value)}`);
  }
  return value;
}

/** How a number appears in the report: fixed decimals, the way Keras prints metrics (4) or counts (0). */
export function formatResult(value: number, digits: number): string {
  if (digits === 0 && Number.isInteger(value)) return value.toLocaleString('en-US');
  return value.toFixed(digits);
}
