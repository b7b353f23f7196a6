// im2col and col2im over channels-last images (docs/convolutions.md). A convolution is then one packed GEMM:
// cols (windows × kh·kw·C) · kernel (kh·kw·C × filters), whose rows are already the channels-last output.
// The geometry arrives as thirteen i32 at a pointer (see src/backend/conv-geometry.ts for their order).
// With dilation 1 the taps of one kernel row are contiguous in the image, so each kernel row of a window is
// one copy (or one SIMD add) of up to kernelWidth·channels floats, its part outside the image zeros.

@inline function field(geometry: usize, i: i32): i32 {
  return load<i32>(geometry + (<usize>i << 2));
}

/** dst[0..n) += src[0..n) (f32), four at a time. */
@inline function addInto(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const at = <usize>j << 2;
    v128.store(dst + at, f32x4.add(v128.load(dst + at), v128.load(src + at)));
  }
  for (; j < n; j++) {
    const at = <usize>j << 2;
    store<f32>(dst + at, load<f32>(dst + at) + load<f32>(src + at));
  }
}

/** dst[0..n) = src[0..n) (f32): short runs (a kernel row of one channel is 3 floats) cost less than memory.copy's call. */
@inline function copyFloats(dst: usize, src: usize, n: i32): void {
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(dst + (<usize>j << 2), v128.load(src + (<usize>j << 2)));
  for (; j < n; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + (<usize>j << 2)));
}

/**
 * Visits every kernel row of every window: for each, `run` gets the byte offsets of the row's first tap in
 * cols and in the image (the first tap inside it), the taps inside (first, count) and whether to scatter.
 */
function windows(x: usize, cols: usize, images: i32, geometry: usize, scatter: bool): void {
  const inH = field(geometry, 0), inW = field(geometry, 1), c = field(geometry, 2);
  const kH = field(geometry, 3), kW = field(geometry, 4), sH = field(geometry, 5), sW = field(geometry, 6);
  const dH = field(geometry, 7), dW = field(geometry, 8), padTop = field(geometry, 9), padLeft = field(geometry, 10);
  const outH = field(geometry, 11), outW = field(geometry, 12);
  const tapBytes = <usize>c << 2;
  const rowBytes = <usize>(kW * c) << 2;
  const imageBytes = <usize>(inH * inW * c) << 2;
  let col = cols;
  for (let n = 0; n < images; n++) {
    const image = x + <usize>n * imageBytes;
    // col2im zeroes each image just before adding into it, while it is in cache.
    if (scatter) memory.fill(image, 0, imageBytes);
    for (let oh = 0; oh < outH; oh++) {
      const top = oh * sH - padTop;
      for (let ow = 0; ow < outW; ow++) {
        const left = ow * sW - padLeft;
        // Taps kw in [first, last) fall inside the image's columns.
        let first = 0;
        if (left < 0) first = min((-left + dW - 1) / dW, kW);
        let last = kW;
        if (left + (kW - 1) * dW >= inW) last = inW - left <= 0 ? 0 : (inW - left + dW - 1) / dW;
        if (last < first) last = first;
        for (let kh = 0; kh < kH; kh++) {
          const ih = top + kh * dH;
          const rowStart = col + <usize>kh * rowBytes;
          if (ih < 0 || ih >= inH || first == last) {
            if (!scatter) memory.fill(rowStart, 0, rowBytes);
            continue;
          }
          const pixel = image + (<usize>(ih * inW + left + first * dW) << 2) * <usize>c;
          const tap = rowStart + <usize>first * tapBytes;
          if (dW == 1) {
            if (scatter) addInto(pixel, tap, (last - first) * c);
            else copyFloats(tap, pixel, (last - first) * c);
          } else {
            for (let kw = first; kw < last; kw++) {
              const src = pixel + <usize>((kw - first) * dW) * tapBytes;
              const dst = rowStart + <usize>kw * tapBytes;
              if (scatter) addInto(src, dst, c);
              else copyFloats(dst, src, c);
            }
          }
          if (!scatter) {
            if (first > 0) memory.fill(rowStart, 0, <usize>first * tapBytes);
            if (last < kW) memory.fill(rowStart + <usize>last * tapBytes, 0, <usize>(kW - last) * tapBytes);
          }
        }
        col += <usize>kH * rowBytes;
      }
    }
  }
}

/** cols = the windows of x, one row per output position, zeros in the padding. */
export function im2col(x: usize, cols: usize, images: i32, geometry: usize): void {
  windows(x, cols, images, geometry, false);
}

/** dx = Σ of the cols values back at the pixels they were taken from (overwrites dx). */
export function col2im(cols: usize, dx: usize, images: i32, geometry: usize): void {
  windows(dx, cols, images, geometry, true);
}
