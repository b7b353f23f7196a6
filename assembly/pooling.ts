// Max and average pooling over channels-last images, four channels at a time. Windows only cover pixels
// inside the image (TensorFlow's 'same' pooling pads with nothing: the max and the mean are over what is there).
// The geometry arrives as thirteen i32 at a pointer (src/backend/conv-geometry.ts).

@inline function field(geometry: usize, i: i32): i32 {
  return load<i32>(geometry + (<usize>i << 2));
}

/** The range [first, last) of taps of a window starting at `start` that fall inside [0, size). */
@inline function firstTap(start: i32, dilation: i32, taps: i32): i32 {
  return start >= 0 ? 0 : min((-start + dilation - 1) / dilation, taps);
}

@inline function lastTap(start: i32, dilation: i32, taps: i32, size: i32): i32 {
  if (start + (taps - 1) * dilation < size) return taps;
  return size - start <= 0 ? 0 : (size - start + dilation - 1) / dilation;
}

/**
 * Runs the pooling of every window: mode 0 max (argmax written), 1 mean. Taps outside, channels inside: the
 * window's first pixel starts each channel's running max (or sum) in `out`, and each further tap updates all
 * channels in one SIMD pass.
 */
function pool(x: usize, out: usize, argmax: usize, images: i32, geometry: usize, mode: i32): void {
  const inH = field(geometry, 0), inW = field(geometry, 1), c = field(geometry, 2);
  const kH = field(geometry, 3), kW = field(geometry, 4), sH = field(geometry, 5), sW = field(geometry, 6);
  const dH = field(geometry, 7), dW = field(geometry, 8), padTop = field(geometry, 9), padLeft = field(geometry, 10);
  const outH = field(geometry, 11), outW = field(geometry, 12);
  const imageSize = inH * inW * c;
  const lanes = i32x4(0, 1, 2, 3);
  let o: usize = 0;
  for (let n = 0; n < images; n++) {
    const image = x + (<usize>(n * imageSize) << 2);
    for (let oh = 0; oh < outH; oh++) {
      const top = oh * sH - padTop;
      const h0 = firstTap(top, dH, kH), h1 = max(lastTap(top, dH, kH, inH), h0);
      for (let ow = 0; ow < outW; ow++) {
        const left = ow * sW - padLeft;
        const w0 = firstTap(left, dW, kW), w1 = max(lastTap(left, dW, kW, inW), w0);
        const count = (h1 - h0) * (w1 - w0);
        const outAt = out + (o << 2);
        const argAt = argmax + (o << 2);
        o += <usize>c;
        if (count == 0) {
          memory.fill(outAt, 0, <usize>c << 2);
          if (mode == 0) memory.fill(argAt, 0xff, <usize>c << 2);
          continue;
        }
        for (let kh = h0; kh < h1; kh++) {
          for (let kw = w0; kw < w1; kw++) {
            const pixel = ((top + kh * dH) * inW + left + kw * dW) * c;
            const src = image + (<usize>pixel << 2);
            const first = kh == h0 && kw == w0;
            let k = 0;
            for (; k + 4 <= c; k += 4) {
              const at = <usize>k << 2;
              const v = v128.load(src + at);
              if (first) {
                v128.store(outAt + at, v);
                if (mode == 0) v128.store(argAt + at, i32x4.add(i32x4.splat(pixel + k), lanes));
              } else if (mode == 0) {
                const best = v128.load(outAt + at);
                const greater = f32x4.gt(v, best);
                v128.store(outAt + at, v128.bitselect(v, best, greater));
                v128.store(argAt + at, v128.bitselect(i32x4.add(i32x4.splat(pixel + k), lanes), v128.load(argAt + at), greater));
              } else {
                v128.store(outAt + at, f32x4.add(v128.load(outAt + at), v));
              }
            }
            for (; k < c; k++) {
              const at = <usize>k << 2;
              const v = load<f32>(src + at);
              if (first || (mode == 0 && v > load<f32>(outAt + at))) {
                store<f32>(outAt + at, v);
                if (mode == 0) store<i32>(argAt + at, pixel + k);
              } else if (mode != 0) {
                store<f32>(outAt + at, load<f32>(outAt + at) + v);
              }
            }
          }
        }
        if (mode != 0 && count > 1) {
          const scale: f32 = <f32>1 / <f32>count;
          let k = 0;
          for (; k + 4 <= c; k += 4) {
            const at = outAt + (<usize>k << 2);
            v128.store(at, f32x4.mul(v128.load(at), f32x4.splat(scale)));
          }
          for (; k < c; k++) store<f32>(outAt + (<usize>k << 2), load<f32>(outAt + (<usize>k << 2)) * scale);
        }
      }
    }
  }
}

/** out = the max of each window over the pixels inside the image; argmax = the index of each within its image (−1: none). */
export function maxPool(x: usize, out: usize, argmax: usize, images: i32, geometry: usize): void {
  pool(x, out, argmax, images, geometry, 0);
}

/** out = the mean of each window over the pixels inside the image. */
export function avgPool(x: usize, out: usize, images: i32, geometry: usize): void {
  pool(x, out, 0, images, geometry, 1);
}

/** dx = 0, then each dy value added at its argmax, an index within the image of that output. */
export function maxPoolGrad(dy: usize, argmax: usize, dx: usize, images: i32, outputsPerImage: i32, inputsPerImage: i32): void {
  for (let n = 0; n < images; n++) {
    // Image by image, so that the zeroed image is still in cache when the scatter writes into it.
    const image = dx + (<usize>(n * inputsPerImage) << 2);
    memory.fill(image, 0, <usize>inputsPerImage << 2);
    const first = n * outputsPerImage;
    for (let i = first; i < first + outputsPerImage; i++) {
      const at = load<i32>(argmax + (<usize>i << 2));
      if (at < 0) continue;
      const target = image + (<usize>at << 2);
      store<f32>(target, load<f32>(target) + load<f32>(dy + (<usize>i << 2)));
    }
  }
}

/** dx = the mean's adjoint: each window's dy / count added to the pixels it covered (overwrites dx). */
export function avgPoolGrad(dy: usize, dx: usize, images: i32, geometry: usize): void {
  const inH = field(geometry, 0), inW = field(geometry, 1), c = field(geometry, 2);
  const kH = field(geometry, 3), kW = field(geometry, 4), sH = field(geometry, 5), sW = field(geometry, 6);
  const dH = field(geometry, 7), dW = field(geometry, 8), padTop = field(geometry, 9), padLeft = field(geometry, 10);
  const outH = field(geometry, 11), outW = field(geometry, 12);
  const imageSize = inH * inW * c;
  memory.fill(dx, 0, <usize>(images * imageSize) << 2);
  let o: usize = 0;
  for (let n = 0; n < images; n++) {
    const base = n * imageSize;
    for (let oh = 0; oh < outH; oh++) {
      const top = oh * sH - padTop;
      const h0 = firstTap(top, dH, kH), h1 = max(lastTap(top, dH, kH, inH), h0);
      for (let ow = 0; ow < outW; ow++) {
        const left = ow * sW - padLeft;
        const w0 = firstTap(left, dW, kW), w1 = max(lastTap(left, dW, kW, inW), w0);
        const count = (h1 - h0) * (w1 - w0);
        const g = dy + (o << 2);
        o += <usize>c;
        if (count == 0) continue;
        const scale = f32x4.splat(1 / <f32>count);
        for (let kh = h0; kh < h1; kh++) {
          for (let kw = w0; kw < w1; kw++) {
            const pixel = dx + (<usize>(base + ((top + kh * dH) * inW + left + kw * dW) * c) << 2);
            let k = 0;
            for (; k + 4 <= c; k += 4) {
              const at = <usize>k << 2;
              v128.store(pixel + at, f32x4.add(v128.load(pixel + at), f32x4.mul(v128.load(g + at), scale)));
            }
            for (; k < c; k++) {
              const at = <usize>k << 2;
              store<f32>(pixel + at, load<f32>(pixel + at) + load<f32>(g + at) / <f32>count);
            }
          }
        }
      }
    }
  }
}
