import { MemoryLimitError, ValueError } from '../../errors.ts';
import { webAssembly, type WasmLinearMemory } from './webassembly-api.ts';

const PAGE_BYTES = 65536;
const ALIGN = 16;
/**
 * Growth beyond the request, as a share of the current size: a run of small allocations does not grow the
 * memory page by page, yet a 16 MiB request in a 3 GiB memory no longer asks for 768 MiB (the old 25%).
 */
const GROWTH_SHARE = 1 / 8;
/** Growth is capped at this many extra pages beyond the request (64 MiB): big requests grow by what they need. */
const MAX_EXTRA_PAGES = 1024;

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

  private readonly maximumPages: number;

  constructor(initialPages: number, maximumPages: number) {
    this.maximumPages = maximumPages;
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

  /** Bytes that could still be allocated in one block: the free tail plus the growth left before the maximum. */
  availableBytes(): number {
    const end = this.memory.buffer.byteLength;
    const last = this.freeBlocks[this.freeBlocks.length - 1];
    const tail = last !== undefined && last.offset + last.size === end ? last.size : 0;
    const largest = this.freeBlocks.reduce((m, b) => Math.max(m, b.size), 0);
    return Math.max(largest, tail + this.maximumPages * PAGE_BYTES - end);
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
      throw new ValueError(
        `cannot free the buffer at byte offset ${offset}: it was not allocated by this backend or was already freed`,
      );
    }
    this.live.delete(offset);
    this.insertFree({ offset, size });
  }

  /**
   * Grows the memory so that a free block of `size` bytes exists; returns its index. It asks for the request
   * plus a share of the current size, then for the request alone; when even that fails nothing has changed.
   */
  private grow(size: number): number {
    const oldEnd = this.memory.buffer.byteLength;
    const last = this.freeBlocks[this.freeBlocks.length - 1];
    const tail = last !== undefined && last.offset + last.size === oldEnd ? last.size : 0;
    const needed = Math.max(Math.ceil((size - tail) / PAGE_BYTES), 1);
    const left = this.maximumPages - oldEnd / PAGE_BYTES;
    if (needed > left)
      throw this.limitError(size, `the memory's maximum of ${formatBytes(this.maximumPages * PAGE_BYTES)} is reached`);
    const extra = Math.min(Math.ceil((oldEnd / PAGE_BYTES) * GROWTH_SHARE), MAX_EXTRA_PAGES);
    if (!this.tryGrow(Math.min(needed + extra, left)) && !this.tryGrow(needed)) {
      throw this.limitError(size, 'the system refused more memory');
    }
    this.buffers.add(this.memory.buffer);
    this.insertFree({ offset: oldEnd, size: this.memory.buffer.byteLength - oldEnd });
    return this.freeBlocks.findIndex((block) => block.size >= size);
  }

  private tryGrow(pages: number): boolean {
    try {
      this.memory.grow(pages);
      return true;
    } catch {
      return false;
    }
  }

  private limitError(size: number, why: string): MemoryLimitError {
    return new MemoryLimitError(
      `the WASM memory cannot hold another ${formatBytes(size)}: ${why} ` +
        `(${formatBytes(this.memory.buffer.byteLength)} in use, ${formatBytes(this.availableBytes())} left)`,
    );
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

/** Bytes as Keras's summary prints sizes: 1.50 GB, 12.00 MB, 512.00 KB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${bytes} B` : `${value.toFixed(2)} ${units[unit]}`;
}
