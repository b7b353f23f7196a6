// Shared pieces of the kernel-vs-reference tests: the two backends, seeded random buffers placed inside or
// outside wasm memory, and a closeness check with a per-element error bound.
import { AssertionError } from 'node:assert';
import type { Backend, MatmulOptions } from '../../src/backend/backend.ts';
import { createReferenceBackend } from '../../src/backend/reference/reference-backend.ts';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.ts';
import type { Generator } from '../../src/random/generator.ts';

export const reference = createReferenceBackend();
export const wasm = createWasmBackend();

/** Where a test buffer lives: in wasm memory (used in place) or in ordinary JS memory (copied by the kernel). */
export type Placement = 'wasm' | 'js';

/** A float32 buffer holding `values`, placed as asked. */
export function place(values: Float32Array, where: Placement): Float32Array {
  const out = where === 'wasm' ? wasm.allocFloat32(values.length) : new Float32Array(values.length);
  out.set(values);
  return out;
}

/** n standard-normal values times `scale`. */
export function randomValues(gen: Generator, n: number, scale = 1): Float32Array {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = gen.normal() * scale;
  return out;
}

/** Element-wise |x| (for error bounds that scale with the terms of a sum). */
export function abs(values: Float32Array): Float32Array {
  return values.map(Math.abs);
}

/**
 * Passes when |actual − expected| ≤ rtol·(|expected| + scale) + atol everywhere, where `scale` is a per-element
 * magnitude (e.g. Σ|terms| of a dot product), so that cancellation in a long sum does not fail a correct kernel.
 */
export function assertWithin(
  actual: ArrayLike<number>,
  expected: ArrayLike<number>,
  label: string,
  { rtol = 1e-5, atol = 0, scale }: { rtol?: number; atol?: number; scale?: ArrayLike<number> } = {},
): void {
  if (actual.length < expected.length)
    throw new AssertionError({ message: `${label}: length ${actual.length} < ${expected.length}` });
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i];
    const e = expected[i];
    const bound = rtol * (Math.abs(e) + (scale ? scale[i] : 0)) + atol;
    if (!(Math.abs(a - e) <= bound) && !(Number.isNaN(a) && Number.isNaN(e)) && a !== e) {
      throw new AssertionError({ message: `${label}: element ${i} is ${a}, expected ${e} (bound ${bound})` });
    }
  }
}

/**
 * Runs one matrix product on `backend` with random operands placed as `where` says (a, b, out) and checks it
 * against the reference, within float32 rounding of Σ|a·b| (and |start| when accumulating).
 */
export function checkMatmulAgainstReference(
  backend: Backend,
  gen: Generator,
  m: number,
  k: number,
  n: number,
  options: MatmulOptions,
  where: readonly Placement[],
): void {
  const a = randomValues(gen, m * k);
  const b = randomValues(gen, k * n);
  const start = randomValues(gen, m * n);
  const expected = start.slice();
  reference.matmul(a, b, expected, m, k, n, options);
  const scale = new Float32Array(m * n);
  reference.matmul(abs(a), abs(b), scale, m, k, n, { ...options, accumulate: false });
  if (options.accumulate) for (let i = 0; i < scale.length; i++) scale[i] += Math.abs(start[i]);
  const out = place(start, where[2]);
  backend.matmul(place(a, where[0]), place(b, where[1]), out, m, k, n, options);
  assertWithin(out, expected, `${m}×${k}×${n} ${JSON.stringify(options)} a:${where[0]} b:${where[1]} out:${where[2]}`, {
    scale,
  });
}
