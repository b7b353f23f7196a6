import { getNumThreads, isDefaultNumThreads } from '../threads.ts';
import { sgemmAtOffsets, type Cblas } from '../blas/cblas-binding.mjs';
import { KernelHelper } from './kernel-helper.ts';
import { CBLAS_SGEMM } from './kernel-helper-protocol.mjs';
import { SplitPolicy } from './split-policy.ts';
import type { KernelExports } from './load-kernels.ts';
import type { WasmMemory } from './wasm-memory.ts';

// Splits the big kernel calls of the WASM backend over helper threads that share its memory: a matrix
// product by blocks of rows or columns of C, an optimizer update by ranges of the flat parameter buffer.
// Each thread computes its part with the same kernel, and every element of C is summed over k in the same
// order whatever the block (see assembly/matmul.ts), so the results are bit for bit those of one thread.
// The blas backend splits its products the same way, each thread calling the system BLAS on its block; the
// library does not promise the same rounding for a block as for the whole (OpenBLAS differs in the last bits).
// Small calls stay on one thread: below the sizes here a hand-off costs more than the second core saves.
// With the default thread count, splitting also stops for a while where it is found not to save time
// (split-policy.ts); a helper that has not started its part when this thread has done its own is not waited
// for: this thread takes the part back and runs it, so a descheduled helper costs little more than one thread.

/** The kernels a helper may run, by index in this list. */
const HELPER_KERNELS = [
  'gemm',
  'sgdUpdate',
  'adamUpdate',
  'rmspropUpdate',
  'adagradUpdate',
  CBLAS_SGEMM,
  'adamaxUpdate',
  'nadamUpdate',
  'adadeltaUpdate',
  'lionUpdate',
  'im2col',
  'col2im',
  'maxPool',
  'maxPoolGrad',
  'avgPool',
  'avgPoolGrad',
] as const;
const GEMM = 0;
const CBLAS = HELPER_KERNELS.indexOf(CBLAS_SGEMM);

type KernelCall = (...args: number[]) => void;

/** The kernels over a batch of images: (…buffers, images, …arguments), each image on its own. */
export type ImageKernel = 'im2col' | 'col2im' | 'maxPool' | 'maxPoolGrad' | 'avgPool' | 'avgPoolGrad';

/** The optimizer updates: (…buffers, n, …scalars), elementwise over the buffers. */
export type UpdateKernel =
  | 'sgdUpdate'
  | 'adamUpdate'
  | 'rmspropUpdate'
  | 'adagradUpdate'
  | 'adamaxUpdate'
  | 'nadamUpdate'
  | 'adadeltaUpdate'
  | 'lionUpdate';

/**
 * Products of fewer floating-point operations per thread stay whole (2·m·k·n; 32×784×100 is 5.0 M). Measured
 * on 2 cores, best of 40 rounds, µs one → two threads: 4×784×100 (0.6 M) 28 → 27, 8×784×100 (1.3 M) 61 → 41,
 * 64×100×100 (1.3 M) 62 → 35.
 */
const MIN_GEMM_FLOPS_PER_PART = 500_000;
/**
 * The same for products through the system BLAS, each thread calling it with one BLAS thread. Measured
 * (OpenBLAS 0.3.21, 2 cores), µs one → two threads: 32×784×100 82 → 45, 784×32×100 AᵀB 91 → 50.
 */
const MIN_CBLAS_FLOPS_PER_PART = 500_000;
/**
 * Updates of fewer parameters per thread stay whole. Adam, µs one → two threads: 8,192 parameters 10.5 → 11.7,
 * 16,384 18 → 14, 79,510 86 → 49.
 */
const MIN_UPDATE_ELEMENTS_PER_PART = 8_192;
/**
 * Image-batch kernels that move fewer floats per thread stay whole: they are memory-bound, ~0.5 ms per
 * million floats, against a hand-off of tens of microseconds.
 */
const MIN_IMAGE_FLOATS_PER_PART = 65_536;
/** How long to wait for a helper thread to start before doing without it. */
const HELPER_START_TIMEOUT_MILLISECONDS = 5000;
/** Parts of a product end on multiples of the kernel's 2-row strips and 16-column panels. */
const ROW_ALIGN = 2;
const COLUMN_ALIGN = 16;
/** Parts of an update end on cache-line boundaries (16 floats), so that no line is written by two threads. */
const ELEMENT_ALIGN = 16;

/**
 * Whether to split a product by rows of C rather than columns. Rows, unless B is stored transposed: then B is
 * packed (transposed into panels) for every block of rows, and each thread would pack all of it, while a
 * block of columns packs only its own panels. Measured on 2 cores, µs per product, one thread → rows | columns:
 * 32×784×100 162 → 91 | 101, 784×32×100 AᵀB 172 → 87 | 112, 32×100×784 ABᵀ 156 → 95 | 81.
 */
function splitsByRows(m: number, n: number, transB: boolean): boolean {
  return transB ? n < 2 * COLUMN_ALIGN : m >= 2 * ROW_ALIGN;
}

/** Products through the system BLAS are split by rows of C, unless C has too few rows to split. */
function cblasSplitsByRows(m: number): boolean {
  return m >= 2 * ROW_ALIGN;
}

/** How many parts a product pays for: its 2·m·k·n operations over the least work worth a part. */
function worthPartsOf(m: number, k: number, n: number, minFlopsPerPart: number): number {
  return Math.floor((2 * m * k * n) / minFlopsPerPart);
}

// Where a block of C's rows (byRows) or columns that begins at row or column `start` reads and writes, as
// byte offsets. A block of rows starts `start` rows down A (columns in, when A is stored transposed) and C,
// and reads all of B; a block of columns starts `start` columns into B (rows down, when B is stored
// transposed) and C, and reads all of A.
function blockOfA(a: number, lda: number, transA: boolean, byRows: boolean, start: number): number {
  return byRows ? a + start * 4 * (transA ? 1 : lda) : a;
}

function blockOfB(b: number, ldb: number, transB: boolean, byRows: boolean, start: number): number {
  return byRows ? b : b + start * 4 * (transB ? ldb : 1);
}

function blockOfC(c: number, ldc: number, byRows: boolean, start: number): number {
  return c + start * 4 * (byRows ? ldc : 1);
}

/** The arguments of one thread's part of a call, one reused array per thread (no allocation per call). */
type PartArgs = number[];

export class ParallelKernels {
  private readonly helpers: KernelHelper[] = [];
  private startFailed = false;
  /** Each thread's packing scratch for split products (index 0: the calling thread). */
  private readonly scratch: { offset: number; bytes: number }[] = [];
  /** The [start, count) of each thread's part of the current call, and its arguments. */
  private readonly starts: number[] = [];
  private readonly counts: number[] = [];
  private readonly partArgs: PartArgs[] = [];
  /** How this thread runs each helper kernel (CBLAS: only once useCblas named a library). */
  private readonly local: (KernelCall | undefined)[];
  private cblasLibrary: string | null = null;
  /** When the default thread count splits (a count the user chose always does). */
  private readonly policy = new SplitPolicy();
  /** How the hand-offs to the helpers ended so far (for tests and benchmarks). */
  readonly handOffs = { done: 0, takenBack: 0, failed: 0, waitedMilliseconds: 0 };

  constructor(
    private readonly kernels: KernelExports,
    private readonly module: object,
    private readonly memory: WasmMemory,
  ) {
    this.local = HELPER_KERNELS.map((name) => (name === CBLAS_SGEMM ? undefined : (kernels[name] as KernelCall)));
  }

  /** True when the view's bytes are in the shared memory, where every thread can reach them. */
  owns(view: ArrayBufferView): boolean {
    return this.memory.owns(view);
  }

  /**
   * Lets cblasGemm run products through `cblas` on every thread (each helper binds the same library on its
   * first such call, and keeps it: one library per process, as the registry loads).
   */
  useCblas(cblas: Cblas): void {
    if (this.cblasLibrary === cblas.library) return;
    this.local[CBLAS] = sgemmAtOffsets(cblas, this.memory.memory);
    this.cblasLibrary = cblas.library;
    for (const helper of this.helpers) helper.nameCblasLibrary(cblas.library);
  }

  /**
   * Whether cblasGemm would split this product over threads now. When it would not, the caller's own library
   * call with its own arrays is cheaper (~2 µs less than the views over the shared memory made here).
   */
  splitsCblas(m: number, k: number, n: number): boolean {
    const worthParts = worthPartsOf(m, k, n, MIN_CBLAS_FLOPS_PER_PART);
    const parts = cblasSplitsByRows(m)
      ? this.partsFor(m, ROW_ALIGN, worthParts)
      : this.partsFor(n, COLUMN_ALIGN, worthParts);
    return parts > 1;
  }

  /**
   * C = op(A)·op(B) (+ C when beta is 1) through the system BLAS given to useCblas, split by blocks of rows
   * (or columns) of C over the threads when that pays, else on this thread; returns whether it was split.
   * Arguments in CBLAS order, pointers as byte offsets in the shared memory. The library must run each call
   * on the calling thread (OpenBLAS: one thread), else its threads and these fight over the cores.
   */
  cblasGemm(
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    a: number,
    lda: number,
    b: number,
    ldb: number,
    beta: number,
    c: number,
    ldc: number,
  ): boolean {
    if (this.cblasLibrary === null) throw new Error('cblasGemm before useCblas');
    const byRows = cblasSplitsByRows(m);
    const worthParts = worthPartsOf(m, k, n, MIN_CBLAS_FLOPS_PER_PART);
    const parts = byRows ? this.split(m, ROW_ALIGN, worthParts) : this.split(n, COLUMN_ALIGN, worthParts);
    for (let part = 0; part < parts; part++) {
      const start = this.starts[part];
      const count = this.counts[part];
      const args = this.argsOf(part, 12);
      args[0] = +transA;
      args[1] = +transB;
      args[2] = byRows ? count : m;
      args[3] = byRows ? n : count;
      args[4] = k;
      args[5] = blockOfA(a, lda, transA, byRows, start);
      args[6] = lda;
      args[7] = blockOfB(b, ldb, transB, byRows, start);
      args[8] = ldb;
      args[9] = beta;
      args[10] = blockOfC(c, ldc, byRows, start);
      args[11] = ldc;
    }
    this.run(CBLAS, parts);
    return parts > 1;
  }

  /**
   * C = op(A)·op(B) as kernels.gemm, split over the threads when that pays, else on this thread; returns
   * whether it was split. Pointers are byte offsets in the shared memory.
   */
  gemm(
    a: number,
    lda: number,
    b: number,
    ldb: number,
    c: number,
    ldc: number,
    m: number,
    k: number,
    n: number,
    transA: boolean,
    transB: boolean,
    accumulate: boolean,
  ): boolean {
    const byRows = splitsByRows(m, n, transB);
    const worthParts = worthPartsOf(m, k, n, MIN_GEMM_FLOPS_PER_PART);
    const parts = byRows ? this.split(m, ROW_ALIGN, worthParts) : this.split(n, COLUMN_ALIGN, worthParts);
    for (let part = 0; part < parts; part++) {
      const start = this.starts[part];
      const count = this.counts[part];
      const partM = byRows ? count : m;
      const partN = byRows ? n : count;
      const scratch = this.scratchFor(part, this.kernels.matmulScratchBytes(partM, k, partN));
      const args = this.argsOf(part, 13);
      args[0] = blockOfA(a, lda, transA, byRows, start);
      args[1] = lda;
      args[2] = blockOfB(b, ldb, transB, byRows, start);
      args[3] = ldb;
      args[4] = blockOfC(c, ldc, byRows, start);
      args[5] = ldc;
      args[6] = partM;
      args[7] = k;
      args[8] = partN;
      args[9] = +transA;
      args[10] = +transB;
      args[11] = +accumulate;
      args[12] = scratch;
    }
    this.run(GEMM, parts);
    return parts > 1;
  }

  /**
   * An optimizer update over n parameters, split into ranges over the threads when that pays, else on this
   * thread; returns whether it was split. `buffers` are byte offsets (0 for an unused buffer), `scalars` the
   * kernel's constants.
   */
  update(kernel: UpdateKernel, buffers: readonly number[], n: number, scalars: readonly number[]): boolean {
    const parts = this.split(n, ELEMENT_ALIGN, Math.floor(n / MIN_UPDATE_ELEMENTS_PER_PART));
    for (let part = 0; part < parts; part++) {
      const args = this.argsOf(part, buffers.length + 1 + scalars.length);
      const start = this.starts[part];
      let i = 0;
      for (const buffer of buffers) args[i++] = buffer === 0 ? 0 : buffer + start * 4;
      args[i++] = this.counts[part];
      for (const scalar of scalars) args[i++] = scalar;
    }
    this.run(HELPER_KERNELS.indexOf(kernel), parts);
    return parts > 1;
  }

  /**
   * A kernel over a batch of images (im2col, col2im, pooling), split into blocks of whole images over the
   * threads when that pays, else on this thread; returns whether it was split. `buffers` are byte offsets that
   * advance by `bytesPerImage[i]` per image, `after` the arguments after the image count, `floatsPerImage` the
   * floats each image reads and writes (the measure of its work).
   */
  images(
    kernel: ImageKernel,
    buffers: readonly number[],
    bytesPerImage: readonly number[],
    images: number,
    after: readonly number[],
    floatsPerImage: number,
  ): boolean {
    const parts = this.split(images, 1, Math.floor((images * floatsPerImage) / MIN_IMAGE_FLOATS_PER_PART));
    for (let part = 0; part < parts; part++) {
      const args = this.argsOf(part, buffers.length + 1 + after.length);
      const start = this.starts[part];
      let i = 0;
      for (let b = 0; b < buffers.length; b++) args[i++] = buffers[b] + start * bytesPerImage[b];
      args[i++] = this.counts[part];
      for (const value of after) args[i++] = value;
    }
    this.run(HELPER_KERNELS.indexOf(kernel), parts);
    return parts > 1;
  }

  /**
   * Cuts 0..length at multiples of `align` into parts, one per thread to use (at most the threads allowed,
   * `worthParts` (what the size pays for) and one per helper that is ready), into this.starts/counts;
   * returns the number of parts (1: all of it on this thread).
   */
  private split(length: number, align: number, worthParts: number): number {
    const parts = this.partsFor(length, align, worthParts);
    const size = Math.ceil(length / parts / align) * align;
    let count = 0;
    for (let start = 0; start < length; start += size, count++) {
      this.starts[count] = start;
      this.counts[count] = Math.min(size, length - start);
    }
    return count;
  }

  /** How many parts split would cut 0..length into. */
  private partsFor(length: number, align: number, worthParts: number): number {
    return this.threadsFor(Math.min(worthParts, Math.ceil(length / align)));
  }

  /** How many threads to use, this one and the ready helpers: at most `wanted` and the threads allowed. */
  private threadsFor(wanted: number): number {
    const allowed = Math.min(getNumThreads(), wanted);
    if (allowed < 2 || (!this.policy.splitting && isDefaultNumThreads())) return 1;
    this.startHelpers(allowed - 1);
    let threads = 1;
    while (threads < allowed && this.helpers[threads - 1]?.ready) threads++;
    return threads;
  }

  /** Thread `part`'s argument array, holding `length` arguments. */
  private argsOf(part: number, length: number): PartArgs {
    const args = (this.partArgs[part] ??= []);
    args.length = length;
    return args;
  }

  /**
   * Starts helpers up to `count`, waiting for each to load the kernels (~45 ms, once), so that the first
   * split call already uses them. A helper that fails to start leaves the calls on the threads there are.
   */
  private startHelpers(count: number): void {
    while (!this.startFailed && this.helpers.length < count) {
      try {
        const helper = new KernelHelper(this.module, this.memory.memory, HELPER_KERNELS);
        if (!helper.awaitStart(HELPER_START_TIMEOUT_MILLISECONDS)) throw new Error('the helper thread did not start');
        if (this.cblasLibrary !== null) helper.nameCblasLibrary(this.cblasLibrary);
        this.helpers.push(helper);
      } catch {
        this.startFailed = true;
      }
    }
  }

  /**
   * Runs part 0 here and the others on the helpers; a part that a helper had not started, or that failed
   * there, is run here (a failure then throws here). Tells the split policy how much time the split saved:
   * the call's parts, each timed at the quickest any thread ran one (they are of equal size), against the
   * time the whole call took (a helper descheduled, or running on this thread's core, shows as a loss).
   */
  private run(kernel: number, parts: number): void {
    const fn = this.local[kernel]!;
    if (parts === 1) {
      fn.apply(null, this.partArgs[0]);
      return;
    }
    const start = performance.now();
    for (let part = 1; part < parts; part++) this.helpers[part - 1].post(kernel, this.partArgs[part]);
    fn.apply(null, this.partArgs[0]);
    let quickestPart = performance.now() - start;
    let takenBack = false;
    // A helper asleep at the post was still waking up (a wake takes ~0.1–0.3 ms here): after any idle while,
    // the start or a pause, that is the rule on a quiet machine too, so such a call tells nothing of the
    // machine and is not judged, whether its part was taken back or waited for.
    let wokenLate = false;
    for (let part = 1; part < parts; part++) {
      const helper = this.helpers[part - 1];
      const handOff = helper.join();
      wokenLate ||= helper.asleepAtPost;
      this.handOffs.waitedMilliseconds += helper.lastWaitMilliseconds;
      if (handOff === 'done') {
        this.handOffs.done++;
        quickestPart = Math.min(quickestPart, helper.lastRunMilliseconds);
      } else {
        if (handOff === 'taken-back') {
          this.handOffs.takenBack++;
          takenBack = !helper.asleepAtPost;
        } else this.handOffs.failed++;
        fn.apply(null, this.partArgs[part]);
      }
    }
    if (takenBack) this.policy.recordTakenBack();
    else if (!wokenLate) this.policy.record(parts * quickestPart - (performance.now() - start));
  }

  /** A scratch block of at least `bytes` for one thread's part of a product. */
  private scratchFor(thread: number, bytes: number): number {
    let block = this.scratch[thread];
    if (block === undefined || block.bytes < bytes) {
      const offset = this.memory.allocate(bytes * 2);
      if (block !== undefined) this.memory.release(block.offset);
      block = { offset, bytes: bytes * 2 };
      this.scratch[thread] = block;
    }
    return block.offset;
  }
}
