import type { Backend } from '../backend.ts';
import { checkLength, checkSizes } from '../kernel-checks.ts';
import type { KernelExports } from './load-kernels.ts';
import type { Staging } from './staging.ts';
import type { WasmMemory } from './wasm-memory.ts';

/** The per-column kernels of the WASM backend (assembly/batch-norm.ts). */
export type ColumnKernels = Pick<Backend, 'columnMoments' | 'columnGradSums' | 'columnAffine'>;

/** The per-column kernels, single-threaded (one pass or two over the data); their f64 sums go to a scratch block. */
export function createColumnKernels(kernels: KernelExports, staging: Staging, memory: WasmMemory): ColumnKernels {
  let scratch = { offset: -1, bytes: 0 };
  const scratchFor = (cols: number): number => {
    if (scratch.bytes < cols * 8) {
      if (scratch.offset >= 0) memory.release(scratch.offset);
      scratch = { offset: memory.allocate(Math.max(cols * 8, 1024)), bytes: Math.max(cols * 8, 1024) };
    }
    return scratch.offset;
  };
  return {
    columnMoments: (x, rows, cols, mean, variance) => {
      checkSizes('columnMoments', 'rows, cols', rows, cols);
      checkLength('columnMoments', 'x', x, rows * cols);
      checkLength('columnMoments', 'mean', mean, cols);
      checkLength('columnMoments', 'variance', variance, cols);
      const work = scratchFor(cols);
      staging.begin();
      const px = staging.input(x, rows * cols);
      kernels.columnMoments(
        px,
        rows,
        cols,
        staging.output(mean, cols, false),
        staging.output(variance, cols, false),
        work,
      );
      staging.finish();
    },
    columnGradSums: (a, b, rows, cols, sumA, sumAB) => {
      checkSizes('columnGradSums', 'rows, cols', rows, cols);
      checkLength('columnGradSums', 'a', a, rows * cols);
      checkLength('columnGradSums', 'b', b, rows * cols);
      checkLength('columnGradSums', 'sumA', sumA, cols);
      checkLength('columnGradSums', 'sumAB', sumAB, cols);
      const work = scratchFor(cols);
      staging.begin();
      const pa = staging.input(a, rows * cols);
      const pb = staging.input(b, rows * cols);
      kernels.columnGradSums(
        pa,
        pb,
        rows,
        cols,
        staging.output(sumA, cols, false),
        staging.output(sumAB, cols, false),
        work,
      );
      staging.finish();
    },
    columnAffine: (x, scale, shift, out, rows, cols, y = null, yScale = null) => {
      checkSizes('columnAffine', 'rows, cols', rows, cols);
      checkLength('columnAffine', 'x', x, rows * cols);
      checkLength('columnAffine', 'scale', scale, cols);
      checkLength('columnAffine', 'shift', shift, cols);
      checkLength('columnAffine', 'out', out, rows * cols);
      if (y !== null) {
        checkLength('columnAffine', 'y', y, rows * cols);
        checkLength('columnAffine', 'yScale', yScale ?? new Float32Array(0), cols);
      }
      staging.begin();
      const px = staging.input(x, rows * cols);
      const ps = staging.input(scale, cols);
      const pt = staging.input(shift, cols);
      const py = y === null ? 0 : staging.input(y, rows * cols);
      const pys = y === null ? 0 : staging.input(yScale!, cols);
      // Aliasing is safe: an owned out is x's or y's own memory, a staged one gets its own block and is copied back.
      kernels.columnAffine(px, ps, pt, py, pys, staging.output(out, rows * cols, false), rows, cols);
      staging.finish();
    },
  };
}
