import { ValueError } from '../../errors.ts';
import { webAssembly, type WasmLinearMemory } from './webassembly-api.ts';

const PAGE_BYTES = 65536;
const ALIGN = 16;

interface Block {
  offset: number;
  size: number;
}

/**
 * The WASM module's imported, shared linear memory and a first-fit allocator over it (16-byte aligned,
 * adjacent free blocks merged). Shared memory never detaches on growth, so views handed out stay valid.
 */
export class WasmMemory {
  readonly memory: WasmLinearMemory;
  /** Every SharedArrayBuffer object the memory has exposed: a view on any of them lives in wasm memory. */
  private readonly buffers = new Set<ArrayBufferLike>();
  private readonly freeBlocks: Block[] = [];
  private readonly live = new Map<number, number>();

  constructor(initialPages: number, maximumPages: number) {
    this.memory = new webAssembly.Memory({ initial: initialPages, maximum: maximumPages, shared: true });
    this.buffers.add(this.memory.buffer);
  }

  /** Hands the bytes from `start` (the module's heap base) to the end of memory to the allocator. */
  startHeap(start: number): void {
    const offset = alignUp(start);
    const end = this.memory.buffer.byteLength;
    if (offset < end) this.freeBlocks.push({ offset, size: end - offset });
  }

  /** The current buffer, refreshed after growth. */
  get buffer(): SharedArrayBuffer {
    return this.memory.buffer as SharedArrayBuffer;
  }

  /** True when the view's bytes are in this memory (so a kernel can use them in place). */
  owns(view: ArrayBufferView): boolean {
    if (this.buffers.has(view.buffer)) return true;
    // Another holder of the memory may have grown it: remember the newest buffer too.
    const current = this.memory.buffer;
    if (!this.buffers.has(current)) this.buffers.add(current);
    return view.buffer === current;
  }

  /** A 16-byte aligned block of `bytes` bytes; its contents are not cleared. */
  allocate(bytes: number): number {
    const size = alignUp(Math.max(bytes, ALIGN));
    let index = this.freeBlocks.findIndex((block) => block.size >= size);
    if (index < 0) index = this.grow(size);
    const block = this.freeBlocks[index];
    const offset = block.offset;
    if (block.size === size) this.freeBlocks.splice(index, 1);
    else {
      block.offset += size;
      block.size -= size;
    }
    this.live.set(offset, size);
    return offset;
  }

  /** Returns a block from `allocate`. */
  release(offset: number): void {
    const size = this.live.get(offset);
    if (size === undefined) {
      throw new ValueError(`cannot free the buffer at byte offset ${offset}: it was not allocated by this backend or was already freed`);
    }
    this.live.delete(offset);
    this.insertFree({ offset, size });
  }

  /** Grows the memory so that a free block of `size` bytes exists; returns its index. */
  private grow(size: number): number {
    const oldEnd = this.memory.buffer.byteLength;
    const last = this.freeBlocks[this.freeBlocks.length - 1];
    const tail = last !== undefined && last.offset + last.size === oldEnd ? last.size : 0;
    const pages = Math.max(Math.ceil((size - tail) / PAGE_BYTES), Math.ceil(oldEnd / PAGE_BYTES / 4), 1);
    try {
      this.memory.grow(pages);
    } catch {
      throw new RangeError(`the WASM memory cannot grow by ${pages * PAGE_BYTES} bytes to hold ${size} bytes (limit reached)`);
    }
    this.buffers.add(this.memory.buffer);
    this.insertFree({ offset: oldEnd, size: this.memory.buffer.byteLength - oldEnd });
    return this.freeBlocks.findIndex((block) => block.size >= size);
  }

  private insertFree(block: Block): void {
    const blocks = this.freeBlocks;
    let index = blocks.findIndex((b) => b.offset > block.offset);
    if (index < 0) index = blocks.length;
    blocks.splice(index, 0, block);
    const next = blocks[index + 1];
    if (next !== undefined && block.offset + block.size === next.offset) {
      block.size += next.size;
      blocks.splice(index + 1, 1);
    }
    const previous = blocks[index - 1];
    if (previous !== undefined && previous.offset + previous.size === block.offset) {
      previous.size += block.size;
      blocks.splice(index, 1);
    }
  }
}

function alignUp(bytes: number): number {
  return Math.ceil(bytes / ALIGN) * ALIGN;
}
