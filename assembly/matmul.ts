// Register-tiled SIMD matrix product: C (m×n) = op(A)·op(B), row-major, f32.
// B is packed per block of KC rows into panels of NR = 12 columns (three f32x4, zero-padded at the edge) so
// the inner loop reads B contiguously whatever its layout; A is read in place through two strides, which
// covers both A and Aᵀ without a copy. A 4×12 tile keeps twelve f32x4 accumulators in registers.

const NR: i32 = 12;
const MR: i32 = 4;
const KC_MAX: i32 = 256; // a 256×12 panel (12 KiB) stays in L1
const MC: i32 = 64; // 64 rows of A by KC (64 KiB) stay in L2
const PANEL_ROW_BYTES: usize = 48;

// The tile of a partial panel is computed here, then the valid columns are merged into C.
const edgeTile: usize = memory.data(MR * NR * 4, 16);

/** Rows of op(B) packed per block: k split into equal blocks of at most KC_MAX. */
export function blockK(k: i32): i32 {
  const blocks = (k + KC_MAX - 1) / KC_MAX;
  return (k + blocks - 1) / blocks;
}

function packedBBytes(kc: i32, n: i32): i32 {
  const panels = (n + NR - 1) / NR;
  return kc * panels * NR * 4;
}

/** Bytes of scratch that `matmul` needs: the packed B block, then the packed A strips of one MC block. */
export function matmulScratchBytes(k: i32, n: i32): i32 {
  const kc = blockK(k);
  return packedBBytes(kc, n) + kc * MC * 4;
}

/** Packs rows p0..p0+kc of B (k×n, row-major) into panels. */
function packPlain(b: usize, n: i32, p0: i32, kc: i32, dst: usize): void {
  for (let j0 = 0; j0 < n; j0 += NR) {
    const width = min(NR, n - j0);
    let d = dst + <usize>(j0 / NR) * <usize>kc * PANEL_ROW_BYTES;
    let src = b + (<usize>p0 * <usize>n + <usize>j0) * 4;
    const rowBytes = <usize>n * 4;
    if (width == NR) {
      for (let p = 0; p < kc; p++) {
        v128.store(d, v128.load(src));
        v128.store(d, v128.load(src, 16), 16);
        v128.store(d, v128.load(src, 32), 32);
        d += PANEL_ROW_BYTES;
        src += rowBytes;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let c = 0; c < NR; c++) {
          store<f32>(d + <usize>c * 4, c < width ? load<f32>(src + <usize>c * 4) : 0);
        }
        d += PANEL_ROW_BYTES;
        src += rowBytes;
      }
    }
  }
}

/** Packs rows p0..p0+kc of op(B) = Bᵀ, B stored n×k, into panels, by 4×4 SIMD transposes. */
function packTransposed(b: usize, k: i32, n: i32, p0: i32, kc: i32, dst: usize): void {
  const rowBytes = <usize>k * 4;
  for (let j0 = 0; j0 < n; j0 += NR) {
    const width = min(NR, n - j0);
    const panel = dst + <usize>(j0 / NR) * <usize>kc * PANEL_ROW_BYTES;
    const groups = width == NR ? 3 : 0;
    for (let g = 0; g < groups; g++) {
      const r0 = b + <usize>(j0 + g * 4) * rowBytes + <usize>p0 * 4;
      const out = panel + <usize>g * 16;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const at = <usize>p * 4;
        const x0 = v128.load(r0 + at);
        const x1 = v128.load(r0 + rowBytes + at);
        const x2 = v128.load(r0 + 2 * rowBytes + at);
        const x3 = v128.load(r0 + 3 * rowBytes + at);
        const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
        const t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
        const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
        const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
        const d = out + <usize>p * PANEL_ROW_BYTES;
        v128.store(d, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
        v128.store(d + PANEL_ROW_BYTES, i32x4.shuffle(t0, t2, 2, 3, 6, 7));
        v128.store(d + 2 * PANEL_ROW_BYTES, i32x4.shuffle(t1, t3, 0, 1, 4, 5));
        v128.store(d + 3 * PANEL_ROW_BYTES, i32x4.shuffle(t1, t3, 2, 3, 6, 7));
      }
      for (; p < kc; p++) {
        const d = out + <usize>p * PANEL_ROW_BYTES;
        for (let c = 0; c < 4; c++) store<f32>(d + <usize>c * 4, load<f32>(r0 + <usize>c * rowBytes + <usize>p * 4));
      }
    }
    if (groups == 0) {
      for (let p = 0; p < kc; p++) {
        const d = panel + <usize>p * PANEL_ROW_BYTES;
        for (let c = 0; c < NR; c++) {
          const v: f32 = c < width ? load<f32>(b + <usize>(j0 + c) * rowBytes + <usize>(p0 + p) * 4) : 0;
          store<f32>(d + <usize>c * 4, v);
        }
      }
    }
  }
}

@inline
function storeRow(c: usize, x: v128, y: v128, z: v128, accumulate: bool): void {
  if (accumulate) {
    x = f32x4.add(x, v128.load(c));
    y = f32x4.add(y, v128.load(c, 16));
    z = f32x4.add(z, v128.load(c, 32));
  }
  v128.store(c, x);
  v128.store(c, y, 16);
  v128.store(c, z, 32);
}

/**
 * C[0..4, 0..12] (=|+=) Σ_p strip[p]·panel[p]: the strip holds A(i0 + r, p) at a + p·aStep + 4r, so one
 * pointer walks A whether it was packed (aStep 16) or is Aᵀ read in place (aStep 4m).
 */
function tile4x12(a: usize, aStep: usize, b: usize, kc: i32, c: usize, ldc: usize, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0), c22 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0), c32 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(b);
    const b1 = v128.load(b, 16);
    const b2 = v128.load(b, 32);
    let x = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(x, b0));
    c01 = f32x4.add(c01, f32x4.mul(x, b1));
    c02 = f32x4.add(c02, f32x4.mul(x, b2));
    x = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(x, b0));
    c11 = f32x4.add(c11, f32x4.mul(x, b1));
    c12 = f32x4.add(c12, f32x4.mul(x, b2));
    x = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(x, b0));
    c21 = f32x4.add(c21, f32x4.mul(x, b1));
    c22 = f32x4.add(c22, f32x4.mul(x, b2));
    x = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(x, b0));
    c31 = f32x4.add(c31, f32x4.mul(x, b1));
    c32 = f32x4.add(c32, f32x4.mul(x, b2));
    a += aStep;
    b += PANEL_ROW_BYTES;
  }
  storeRow(c, c00, c01, c02, accumulate);
  storeRow(c + ldc, c10, c11, c12, accumulate);
  storeRow(c + 2 * ldc, c20, c21, c22, accumulate);
  storeRow(c + 3 * ldc, c30, c31, c32, accumulate);
}

/**
 * Packs rows i0..i0+rows (rows ≤ 4; zero-padded to 4) and columns p0..p0+kc of op(A) into a strip,
 * p-major: dst[p·4 + r] = A(i0 + r, p0 + p). A(i, p) sits at a + i·ais + p·aps.
 */
function packStrip(a: usize, ais: usize, aps: usize, i0: i32, rows: i32, p0: i32, kc: i32, dst: usize): void {
  const base = a + <usize>i0 * ais + <usize>p0 * aps;
  let p = 0;
  if (rows == MR && aps == 4) {
    for (; p + 4 <= kc; p += 4) {
      const at = base + <usize>p * 4;
      const x0 = v128.load(at);
      const x1 = v128.load(at + ais);
      const x2 = v128.load(at + 2 * ais);
      const x3 = v128.load(at + 3 * ais);
      const t0 = i32x4.shuffle(x0, x1, 0, 4, 1, 5);
      const t1 = i32x4.shuffle(x0, x1, 2, 6, 3, 7);
      const t2 = i32x4.shuffle(x2, x3, 0, 4, 1, 5);
      const t3 = i32x4.shuffle(x2, x3, 2, 6, 3, 7);
      const d = dst + <usize>p * 16;
      v128.store(d, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
      v128.store(d, i32x4.shuffle(t0, t2, 2, 3, 6, 7), 16);
      v128.store(d, i32x4.shuffle(t1, t3, 0, 1, 4, 5), 32);
      v128.store(d, i32x4.shuffle(t1, t3, 2, 3, 6, 7), 48);
    }
  }
  for (; p < kc; p++) {
    const d = dst + <usize>p * 16;
    for (let r = 0; r < MR; r++) {
      store<f32>(d + <usize>r * 4, r < rows ? load<f32>(base + <usize>r * ais + <usize>p * aps) : 0);
    }
  }
}

/** Copies (or adds) the valid rows×cols of the edge tile into C. */
function mergeEdge(c: usize, ldc: usize, rows: i32, cols: i32, accumulate: bool): void {
  for (let r = 0; r < rows; r++) {
    const src = edgeTile + <usize>r * PANEL_ROW_BYTES;
    const dst = c + <usize>r * ldc;
    for (let j = 0; j < cols; j++) {
      const at = <usize>j * 4;
      const v = load<f32>(src + at);
      store<f32>(dst + at, accumulate ? load<f32>(dst + at) + v : v);
    }
  }
}

/**
 * C (m×n) = op(A)·op(B), or C += with accumulate. transA: A stored k×m; transB: B stored n×k.
 * `pack` points at matmulScratchBytes(k, n) bytes of scratch. Requires m, k, n ≥ 1.
 */
export function matmul(
  a: usize, b: usize, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool, pack: usize,
): void {
  const kcMax = blockK(k);
  const ais: usize = transA ? 4 : <usize>k * 4;
  const aps: usize = transA ? <usize>m * 4 : 4;
  const ldc = <usize>n * 4;
  const stripBytes = <usize>kcMax * 16;
  const aPack = pack + <usize>packedBBytes(kcMax, n);
  for (let p0 = 0; p0 < k; p0 += kcMax) {
    const kc = min(kcMax, k - p0);
    if (transB) packTransposed(b, k, n, p0, kc, pack);
    else packPlain(b, n, p0, kc, pack);
    const accumulateBlock = accumulate || p0 > 0;
    for (let i0 = 0; i0 < m; i0 += MC) {
      const iEnd = min(i0 + MC, m);
      // Aᵀ strips are read in place; row-major and partial strips are packed.
      for (let i = i0; i < iEnd; i += MR) {
        const rows = min(MR, iEnd - i);
        if (!transA || rows < MR) packStrip(a, ais, aps, i, rows, p0, kc, aPack + <usize>((i - i0) / MR) * stripBytes);
      }
      for (let j0 = 0; j0 < n; j0 += NR) {
        const width = min(NR, n - j0);
        const panel = pack + <usize>(j0 / NR) * <usize>kc * PANEL_ROW_BYTES;
        for (let i = i0; i < iEnd; i += MR) {
          const rows = min(MR, iEnd - i);
          const inPlace = transA && rows == MR;
          const strip = inPlace ? a + <usize>p0 * aps + <usize>i * 4 : aPack + <usize>((i - i0) / MR) * stripBytes;
          const aStep: usize = inPlace ? aps : 16;
          const cTile = c + (<usize>i * <usize>n + <usize>j0) * 4;
          if (width == NR && rows == MR) {
            tile4x12(strip, aStep, panel, kc, cTile, ldc, accumulateBlock);
          } else {
            tile4x12(strip, aStep, panel, kc, edgeTile, PANEL_ROW_BYTES, false);
            mergeEdge(cTile, ldc, rows, width, accumulateBlock);
          }
        }
      }
    }
  }
}
