import type { WasmMemory } from './wasm-memory.ts';

type Buffer32 = Float32Array | Int32Array;

const MAX_OUTPUTS = 8;

/**
 * Passes kernel arguments to WASM: a view that already lives in wasm memory goes by its byte offset (no copy);
 * any other array is copied into a scratch area first, and outputs are copied back after the kernel ran.
 * One scratch block is reused across calls (grown when a call needs more), so the steady state allocates nothing.
 */
export class Staging {
  private scratch = -1;
  private capacity = 0;
  private used = 0;
  private readonly retired: number[] = [];
  private readonly outputs: (Buffer32 | null)[] = new Array(MAX_OUTPUTS).fill(null);
  private readonly outputOffsets = new Array<number>(MAX_OUTPUTS).fill(0);
  private readonly outputLengths = new Array<number>(MAX_OUTPUTS).fill(0);
  private outputCount = 0;

  constructor(private readonly memory: WasmMemory) {}

  /** Starts a kernel call. */
  begin(): void {
    this.used = 0;
    this.outputCount = 0;
  }

  /** Byte offset of an input array's first `length` elements. */
  input(array: Buffer32, length: number): number {
    if (this.memory.owns(array)) return array.byteOffset;
    const offset = this.reserve(length * 4);
    this.view(array, offset, length).set(array.subarray(0, length));
    return offset;
  }

  /** Byte offset of an output array; `copyIn` when the kernel also reads it (in place or accumulate). */
  output(array: Buffer32, length: number, copyIn: boolean): number {
    if (this.memory.owns(array)) return array.byteOffset;
    const offset = this.reserve(length * 4);
    if (copyIn) this.view(array, offset, length).set(array.subarray(0, length));
    const slot = this.outputCount++;
    this.outputs[slot] = array;
    this.outputOffsets[slot] = offset;
    this.outputLengths[slot] = length;
    return offset;
  }

  /** Copies the staged outputs back into their arrays; ends the call. */
  finish(): void {
    for (let slot = 0; slot < this.outputCount; slot++) {
      const array = this.outputs[slot] as Buffer32;
      array.set(this.view(array, this.outputOffsets[slot], this.outputLengths[slot]));
      this.outputs[slot] = null;
    }
    this.outputCount = 0;
    for (const offset of this.retired) this.memory.release(offset);
    this.retired.length = 0;
  }

  private view(like: Buffer32, offset: number, length: number): Buffer32 {
    return like instanceof Float32Array
      ? new Float32Array(this.memory.buffer, offset, length)
      : new Int32Array(this.memory.buffer, offset, length);
  }

  private reserve(bytes: number): number {
    const size = Math.ceil(bytes / 16) * 16;
    if (this.used + size > this.capacity) this.replaceScratch(this.used + size);
    const offset = this.scratch + this.used;
    this.used += size;
    return offset;
  }

  /** A bigger scratch block; the old one stays reserved until the call finishes (staged data may sit there). */
  private replaceScratch(needed: number): void {
    // Allocated first: when the memory cannot hold it, the old block stays in use and nothing changes.
    const capacity = Math.max(needed * 2, 1 << 16);
    const scratch = this.memory.allocate(capacity);
    if (this.scratch >= 0) this.retired.push(this.scratch);
    this.capacity = capacity;
    this.scratch = scratch;
    this.used = 0;
  }
}
