// Register-tiled SIMD matrix product: C (m×n) = op(A)·op(B), row-major, f32.
// Per block of KC rows of op(B): B is packed into panels of NR = 16 columns (four f32x4 per k, zero-padded at
// the right edge) and A into strips of MR = 2 rows (two floats per k, zero-padded at the bottom), so the
// micro-kernel reads both contiguously whatever the transposes. The last panel is only as wide as it needs
// to be (4, 8 or 16 columns, with a 2×4 or 2×8 tile): n = 100 or 784 leaves 4 columns, and padding them to
// 16 cost 12% of a 32×784×100 product.
// Why 2×16: the tile's 8 f32x4 accumulators, 4 B vectors, 1 broadcast A value and 1 product take 14 of the
// 15 vector registers V8 allocates on x64, so nothing spills, and each k step costs only two broadcasts.
// Measured on this machine (GFLOP/s per CPU second at 1024³): 2×16 46, 4×8 36, 2×12 36, 3×8 35, 4×12 24 (spills four
// accumulators every step), 3×12 / 5×8 / 2×20 17–21 (spill). Unrolling the k loop made TurboFan interleave
// the steps and spill (2×16 unrolled twice: 26), so the loop is not unrolled. The loops run on the strip
// pointer alone (no separate step counter): on Zen 3, where V8's loop (28 instructions for 16 multiplies and
// adds) is bound by instruction issue rather than by the FP units, one instruction less per step paid 5–10%.

const NR: i32 = 16;
const MR: i32 = 2;
const KC_MAX: i32 = 256; // a 256×16 panel (16 KiB) stays in L1
const MC: i32 = 64; // 64 rows of A by KC (64 KiB) stay in L2
const PANEL_ROW_BYTES: usize = 64;
const STRIP_ROW_BYTES: usize = 8;

// A tile that sticks out of C (partial panel or strip) is computed into EDGE_TILE_BYTES of the caller's
// scratch, then its valid part merged into C. Not static data: threads that share the memory each run the
// product on a part of C at the same time, and each brings its own scratch.
const EDGE_TILE_BYTES: i32 = MR * NR * 4;

/** Rows of op(B) packed per block: k split into equal blocks of at most KC_MAX. */
function blockK(k: i32): i32 {
  const blocks = (k + KC_MAX - 1) / KC_MAX;
  return (k + blocks - 1) / blocks;
}

function packedBBytes(kc: i32, n: i32): i32 {
  return kc * ((n + NR - 1) / NR) * NR * 4;
}

/** Columns of the panel that holds the last `width` ≤ 16 columns (zero-padded up to it). */
@inline
function panelWidth(width: i32): i32 {
  return width <= 4 ? 4 : width <= 8 ? 8 : NR;
}

/** 4×4 transpose: four rows in, four columns out (stored `stride` bytes apart from `dst`). */
@inline
function transpose4(x0: v128, x1: v128, x2: v128, x3: v128, dst: usize, stride: usize): void {
  const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
  const t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
  const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
  v128.store(dst, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(dst + stride, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
  v128.store(dst + 2 * stride, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
  v128.store(dst + 3 * stride, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
}

/**
 * Packs the block p0..p0+kc of op(B) into panels: panel[p·w + c] = op(B)(p0 + p, j0 + c) for a panel w
 * columns wide, zero past n.
 * op(B)(p, j) sits at b + p·bps + j·bjs (B: bps = 4n, bjs = 4; Bᵀ stored n×k: bps = 4, bjs = 4k).
 */
function packB(b: usize, bps: usize, bjs: usize, n: i32, p0: i32, kc: i32, dst: usize, edgeOnly: bool): void {
  for (let j0 = 0; j0 < n; j0 += NR) {
    const width = min(NR, n - j0);
    if (edgeOnly && width == NR) continue;
    const padded = panelWidth(width);
    const rowBytes = <usize>padded * 4;
    const panel = dst + <usize>j0 * <usize>kc * 4;
    const src = b + <usize>p0 * bps + <usize>j0 * bjs;
    let p = 0;
    if (width == NR && bjs == 4) {
      for (; p < kc; p++) {
        const at = src + <usize>p * bps;
        const d = panel + <usize>p * PANEL_ROW_BYTES;
        v128.store(d, v128.load(at, 0), 0);
        v128.store(d, v128.load(at, 16), 16);
        v128.store(d, v128.load(at, 32), 32);
        v128.store(d, v128.load(at, 48), 48);
      }
    } else if (width == NR && bps == 4) {
      for (; p + 4 <= kc; p += 4) {
        for (let g: usize = 0; g < 4; g++) {
          const at = src + g * 4 * bjs + <usize>p * 4;
          transpose4(v128.load(at), v128.load(at + bjs), v128.load(at + 2 * bjs), v128.load(at + 3 * bjs),
            panel + <usize>p * PANEL_ROW_BYTES + g * 16, PANEL_ROW_BYTES);
        }
      }
    }
    for (; p < kc; p++) {
      const d = panel + <usize>p * rowBytes;
      for (let c = 0; c < padded; c++) {
        store<f32>(d + <usize>c * 4, c < width ? load<f32>(src + <usize>p * bps + <usize>c * bjs) : 0);
      }
    }
  }
}

/**
 * Packs rows i0..i0+rows (rows ≤ 2; a zero row below) and columns p0..p0+kc of op(A) into a strip,
 * strip[p·2 + r] = op(A)(i0 + r, p0 + p). op(A)(i, p) sits at a + i·ais + p·aps.
 */
function packStrip(a: usize, ais: usize, aps: usize, i0: i32, rows: i32, p0: i32, kc: i32, dst: usize): void {
  const base = a + <usize>i0 * ais + <usize>p0 * aps;
  let p = 0;
  if (rows == MR && ais == 4) {
    for (; p < kc; p++) store<u64>(dst + <usize>p * STRIP_ROW_BYTES, load<u64>(base + <usize>p * aps));
  } else if (rows == MR && aps == 4) {
    // Four k steps of both rows at once: interleave row 0 and row 1.
    for (; p + 4 <= kc; p += 4) {
      const at = base + <usize>p * 4;
      const x0 = v128.load(at);
      const x1 = v128.load(at + ais);
      const d = dst + <usize>p * STRIP_ROW_BYTES;
      v128.store(d, i32x4.shuffle(x0, x1, 0, 4, 1, 5));
      v128.store(d, i32x4.shuffle(x0, x1, 2, 6, 3, 7), 16);
    }
  }
  for (; p < kc; p++) {
    const d = dst + <usize>p * STRIP_ROW_BYTES;
    for (let r = 0; r < MR; r++) {
      store<f32>(d + <usize>r * 4, r < rows ? load<f32>(base + <usize>r * ais + <usize>p * aps) : 0);
    }
  }
}

/**
 * c + a·b, lane by lane: one fused multiply-add where the runtime has relaxed SIMD (the kernels-relaxed.wasm
 * build; 27–36% more GFLOP/s on Zen 3, as V8's product loop is bound by instruction issue), else a multiply
 * and an add. The fused form rounds once instead of twice, so the two builds differ in the last bits.
 * V8 lowers it to vfmadd231ps where the CPU has FMA3. On Zen 5 it does not pay (3–8% fewer GFLOP/s): there
 * the plain loop's 8 adds go to pipes of their own and an 8-wide dispatch issues them, so both loops are bound
 * by the two multiply pipes (4 cycles per k step), and the fused one's 8 accumulator chains of 4-cycle
 * latency leave those pipes no slack (bench/README.md, "The fused multiply-add build").
 */
@inline
function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

@inline
function storeRow(c: usize, x0: v128, x1: v128, x2: v128, x3: v128, accumulate: bool): void {
  if (accumulate) {
    x0 = f32x4.add(x0, v128.load(c, 0));
    x1 = f32x4.add(x1, v128.load(c, 16));
    x2 = f32x4.add(x2, v128.load(c, 32));
    x3 = f32x4.add(x3, v128.load(c, 48));
  }
  v128.store(c, x0, 0);
  v128.store(c, x1, 16);
  v128.store(c, x2, 32);
  v128.store(c, x3, 48);
}

/** C[0..2, 0..16] (=|+=) Σ_p strip[p] ⊗ panel[p]; panel rows are `bs` bytes apart (64 packed, 4n in place). */
function tile2x16(a: usize, b: usize, bs: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  const end = a + <usize>kc * STRIP_ROW_BYTES;
  while (a < end) {
    const b0 = v128.load(b, 0);
    const b1 = v128.load(b, 16);
    const b2 = v128.load(b, 32);
    const b3 = v128.load(b, 48);
    const x0 = v128.load32_splat(a, 0);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    c02 = madd(x0, b2, c02);
    c03 = madd(x0, b3, c03);
    const x1 = v128.load32_splat(a, 4);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    c12 = madd(x1, b2, c12);
    c13 = madd(x1, b3, c13);
    a += STRIP_ROW_BYTES;
    b += bs;
  }
  storeRow(c, c00, c01, c02, c03, accumulate);
  storeRow(c + ldc, c10, c11, c12, c13, accumulate);
}

/** C[0..2, 0..8] (=|+=) Σ_p strip[p] ⊗ panel[p], for the last, narrow panel (8 floats per k). */
function tile2x8(a: usize, b: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  const end = a + <usize>kc * STRIP_ROW_BYTES;
  while (a < end) {
    const b0 = v128.load(b, 0);
    const b1 = v128.load(b, 16);
    const x0 = v128.load32_splat(a, 0);
    c00 = madd(x0, b0, c00);
    c01 = madd(x0, b1, c01);
    const x1 = v128.load32_splat(a, 4);
    c10 = madd(x1, b0, c10);
    c11 = madd(x1, b1, c11);
    a += STRIP_ROW_BYTES;
    b += 32;
  }
  if (accumulate) c00 = f32x4.add(c00, v128.load(c, 0));
  if (accumulate) c01 = f32x4.add(c01, v128.load(c, 16));
  v128.store(c, c00, 0);
  v128.store(c, c01, 16);
  if (accumulate) c10 = f32x4.add(c10, v128.load(c + ldc, 0));
  if (accumulate) c11 = f32x4.add(c11, v128.load(c + ldc, 16));
  v128.store(c + ldc, c10, 0);
  v128.store(c + ldc, c11, 16);
}

/** C[0..2, 0..4] (=|+=) Σ_p strip[p] ⊗ panel[p], for the last, narrow panel (4 floats per k). */
function tile2x4(a: usize, b: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0);
  let c10 = f32x4.splat(0);
  const end = a + <usize>kc * STRIP_ROW_BYTES;
  while (a < end) {
    const b0 = v128.load(b, 0);
    const x0 = v128.load32_splat(a, 0);
    c00 = madd(x0, b0, c00);
    const x1 = v128.load32_splat(a, 4);
    c10 = madd(x1, b0, c10);
    a += STRIP_ROW_BYTES;
    b += 16;
  }
  if (accumulate) c00 = f32x4.add(c00, v128.load(c, 0));
  v128.store(c, c00, 0);
  if (accumulate) c10 = f32x4.add(c10, v128.load(c + ldc, 0));
  v128.store(c + ldc, c10, 0);
}

/** Copies (or adds) the valid rows×cols of the edge tile into C, whose (r, j) sits at c + r·rs + j·cs. */
function mergeEdge(
  edgeTile: usize, c: usize, rs: usize, cs: usize, rows: i32, cols: i32, tileRowBytes: usize, accumulate: bool,
): void {
  for (let r = 0; r < rows; r++) {
    const src = edgeTile + <usize>r * tileRowBytes;
    const dst = c + <usize>r * rs;
    for (let j = 0; j < cols; j++) {
      const at = dst + <usize>j * cs;
      const v = load<f32>(src + <usize>j * 4);
      store<f32>(at, accumulate ? load<f32>(at) + v : v);
    }
  }
}

/** One 2-row tile against a panel of `padded` columns (16, 8 or 4); bs: a 16-wide panel's row stride. */
@inline
function tile(padded: i32, a: usize, b: usize, bs: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  if (padded == NR) tile2x16(a, b, bs, kc, c, ldc, accumulate);
  else if (padded == 8) tile2x8(a, b, kc, c, ldc, accumulate);
  else tile2x4(a, b, kc, c, ldc, accumulate);
}

/**
 * Multiplies the packed strips of rows i0..iEnd by every panel (n columns) into C, whose element
 * (i, j) sits at c + i·rs + j·cs: cs = 4 for C itself, rs = 4 when computing Cᵀ into C.
 * Full panels are read in place from `direct` (rows `directStride` bytes apart) when it is not 0.
 */
function multiplyBlock(
  strips: usize, panels: usize, edgeTile: usize, kc: i32, c: usize, rs: usize, cs: usize, n: i32, i0: i32, iEnd: i32,
  accumulate: bool, direct: usize, directStride: usize,
): void {
  for (let j0 = 0; j0 < n; j0 += NR) {
    const width = min(NR, n - j0);
    const padded = panelWidth(width);
    const inPlace = direct != 0 && width == NR;
    const panel = inPlace ? direct + <usize>j0 * 4 : panels + <usize>j0 * <usize>kc * 4;
    const bs: usize = inPlace ? directStride : PANEL_ROW_BYTES;
    for (let i = i0; i < iEnd; i += MR) {
      const rows = min(MR, iEnd - i);
      const strip = strips + <usize>((i - i0) / MR) * <usize>kc * STRIP_ROW_BYTES;
      const cTile = c + <usize>i * rs + <usize>j0 * cs;
      if (width == padded && rows == MR && cs == 4) {
        tile(padded, strip, panel, bs, kc, cTile, rs, accumulate);
      } else {
        const tileRowBytes = <usize>padded * 4;
        tile(padded, strip, panel, bs, kc, edgeTile, tileRowBytes, false);
        mergeEdge(edgeTile, cTile, rs, cs, rows, width, tileRowBytes, accumulate);
      }
    }
  }
}

/** Relative cost of a product with m rows and n columns of C: 2-row tiles times the ops of their panels. */
function tileCost(m: i32, n: i32): i32 {
  const tail = n % NR;
  const tailOps = tail == 0 ? 0 : tail <= 4 ? 15 : tail <= 8 ? 20 : 30;
  return ((m + MR - 1) / MR) * ((n / NR) * 30 + tailOps);
}

/**
 * Whether to compute Cᵀ = op(B)ᵀ·op(A)ᵀ instead: when n is narrow (10 classes) and m is not, the swapped
 * product wastes no padded panel columns (32×784×10: 16 padded columns per row pair become 2 full panels).
 */
function swapPays(m: i32, n: i32): bool {
  return <i64>tileCost(n, m) * 10 < <i64>tileCost(m, n) * 9;
}

/** Bytes of scratch that `matmul` needs for this product. */
export function matmulScratchBytes(m: i32, k: i32, n: i32): i32 {
  const kc = blockK(k);
  return packedBBytes(kc, swapPays(m, n) ? m : n) + kc * MC * 4 + EDGE_TILE_BYTES;
}

/**
 * C (m×n) = op(A)·op(B), or C += with accumulate, like BLAS sgemm: transA: A stored k×m; transB: B stored
 * n×k; lda, ldb, ldc are the row lengths of A, B and C as stored (so a block of a larger matrix can be
 * multiplied in place). `scratch` points at matmulScratchBytes(m, k, n) bytes. Requires m, k, n ≥ 1.
 * Every element of C is summed over k in the same order whatever m, n and the strides, so a product split
 * into blocks of rows or columns gives exactly the values of the whole.
 */
export function gemm(
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, ldc: i32, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool, scratch: usize,
): void {
  if (swapPays(m, n)) {
    // Cᵀ (n×m) = op(B)ᵀ·op(A)ᵀ: B read as the left operand (transposed relative to op(B)), A as the right.
    product(b, ldb, a, lda, c, n, k, m, !transB, !transA, 4, <usize>ldc * 4, accumulate, scratch);
  } else {
    product(a, lda, b, ldb, c, m, k, n, transA, transB, <usize>ldc * 4, 4, accumulate, scratch);
  }
}

/** The blocked product of op(A) (m×k) and op(B) (k×n) into the m×n result at c + i·rs + j·cs. */
function product(
  a: usize, lda: i32, b: usize, ldb: i32, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, rs: usize, cs: usize, accumulate: bool, scratch: usize,
): void {
  const kcMax = blockK(k);
  const ais: usize = transA ? 4 : <usize>lda * 4;
  const aps: usize = transA ? <usize>lda * 4 : 4;
  const bps: usize = transB ? 4 : <usize>ldb * 4;
  const bjs: usize = transB ? <usize>ldb * 4 : 4;
  const strips = scratch + <usize>packedBBytes(kcMax, n);
  const edgeTile = strips + <usize>kcMax * MC * 4;
  // Rows of op(B) that are rows of B already hold 16 contiguous columns: those panels need no packing, and
  // packing them (all of a 784×100 kernel per 32-row batch) cost 7% of that product. Taller products reuse
  // each packed panel across row blocks, so they still pack.
  const inPlace = !transB && m <= MC;
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = min(kcMax, k - p0);
    packB(b, bps, bjs, n, p0, kc, scratch, inPlace);
    const direct: usize = inPlace ? b + <usize>p0 * bps : 0;
    const accumulateBlock = accumulate || p0 > 0;
    for (let i0 = 0; i0 < m; i0 += MC) {
      const iEnd = min(i0 + MC, m);
      for (let i = i0; i < iEnd; i += MR) {
        const strip = strips + <usize>((i - i0) / MR) * <usize>kc * STRIP_ROW_BYTES;
        packStrip(a, ais, aps, i, min(MR, iEnd - i), p0, kc, strip);
      }
      multiplyBlock(strips, scratch, edgeTile, kc, c, rs, cs, n, i0, iEnd, accumulateBlock, direct, bps);
    }
  }
}
