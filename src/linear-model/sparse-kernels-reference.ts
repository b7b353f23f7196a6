// The sparse SGD kernels (assembly/sparse-sgd.ts) as plain TypeScript over the same memory: the twin that the
// tests hold the WebAssembly build to, bit for bit, and what runs where that build is missing. The arithmetic
// is the kernels' own: one float64 multiply and add per term, in feature order, a float32 value widened
// exactly to float64.
import type { WasmLinearMemory } from '../backend/wasm/webassembly-api.ts';
import type { SparseKernels, SparseLayout } from './sparse-kernels.ts';

type ColumnView = Int32Array<ArrayBufferLike> | Uint16Array<ArrayBufferLike>;
type ValueView = Float64Array<ArrayBufferLike> | Float32Array<ArrayBufferLike>;

/** Typed views of the memory, made again when the buffer changes (an unshared memory that grew). */
class MemoryViews {
  private buffer: ArrayBufferLike | null = null;
  private f64: Float64Array<ArrayBufferLike> = new Float64Array(0);
  private columns: ColumnView = new Int32Array(0);
  private values: ValueView = new Float64Array(0);

  constructor(
    private readonly memory: WasmLinearMemory,
    private readonly layout: SparseLayout,
  ) {}

  /** The views, current for the memory's buffer. */
  get(): { f64: Float64Array<ArrayBufferLike>; columns: ColumnView; values: ValueView } {
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer) {
      this.buffer = buffer;
      this.f64 = new Float64Array(buffer);
      const wide = this.layout === 'wide';
      this.columns = wide ? new Int32Array(buffer) : new Uint16Array(buffer);
      this.values = wide ? new Float64Array(buffer) : new Float32Array(buffer);
    }
    return { f64: this.f64, columns: this.columns, values: this.values };
  }
}

/** The reference kernels of `layout` over `memory` (byte addresses as the WebAssembly kernels take them). */
export function referenceKernelsOn(memory: WasmLinearMemory, layout: SparseLayout): SparseKernels {
  const views = new MemoryViews(memory, layout);
  const columnShift = layout === 'wide' ? 2 : 1;
  const valueShift = layout === 'wide' ? 3 : 2;

  const dot = (w: number, cols: number, vals: number, start: number, end: number, init: number): number => {
    const { f64, columns, values } = views.get();
    const wAt = w >>> 3;
    const colAt = cols >>> columnShift;
    const valAt = vals >>> valueShift;
    let sum = init;
    for (let k = start; k < end; k++) sum += f64[wAt + columns[colAt + k]] * values[valAt + k];
    return sum;
  };

  const axpy = (w: number, cols: number, vals: number, start: number, end: number, factor: number): void => {
    const { f64, columns, values } = views.get();
    const wAt = w >>> 3;
    const colAt = cols >>> columnShift;
    const valAt = vals >>> valueShift;
    for (let k = start; k < end; k++) f64[wAt + columns[colAt + k]] += values[valAt + k] * factor;
  };

  // Four independent sums: the lockstep order of the WebAssembly kernel changes no sum's order of terms, so
  // four separate dots give the same bits.
  const dot4: SparseKernels['dot4'] = (w0, w1, w2, w3, cols, vals, s0, e0, s1, e1, s2, e2, s3, e3, out) => {
    const results = [
      dot(w0, cols, vals, s0, e0, 0),
      dot(w1, cols, vals, s1, e1, 0),
      dot(w2, cols, vals, s2, e2, 0),
      dot(w3, cols, vals, s3, e3, 0),
    ];
    views.get().f64.set(results, out >>> 3);
  };

  return { memory, dot, axpy, dot4 };
}
