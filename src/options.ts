// Run-time checks of options objects. TypeScript catches an unknown key at compile time, but a JavaScript caller,
// a spread config object or a Python habit (`batch_size`) would otherwise be ignored silently: a different model
// with no error. Every public options object goes through checkOptions.
import { ValueError } from './errors.ts';

/**
 * Throws a ValueError when `options` has a key outside `accepted`, naming the owner, the key and the accepted
 * keys, and suggesting the camelCase spelling of a snake_case key. `undefined` and `{}` pass.
 */
export function checkOptions(owner: string, options: object | undefined | null, accepted: readonly string[]): void {
  if (options === undefined || options === null) return;
  if (typeof options !== 'object' || Array.isArray(options)) {
    throw new ValueError(`${owner}: options must be an object, got ${describeValue(options)}`);
  }
  for (const key of Object.keys(options)) {
    if (accepted.includes(key)) continue;
    const camel = toCamelCase(key);
    const hint = camel !== key && accepted.includes(camel) ? ` (did you mean '${camel}'?)` : '';
    const list = accepted.length > 0 ? accepted.map((k) => `'${k}'`).join(', ') : 'none';
    throw new ValueError(`${owner}: unknown option '${key}'${hint}; accepted options: ${list}`);
  }
}

/** snake_case → camelCase ('batch_size' → 'batchSize'). */
export function toCamelCase(key: string): string {
  return key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/** A short description of a value for error messages: its type and, for primitives, the value itself. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (typeof value === 'object') return `an object (${(value as object).constructor?.name ?? 'Object'})`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'string') return `'${value}'`;
  return `${typeof value} ${String(value)}`;
}
