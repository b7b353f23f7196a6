// The one kernel that TensorFlow.js 4.22's wasm backend lacks for training a Conv2D: Conv2DBackpropFilter (the
// kernel gradient), written for that backend out of kernels it has, so that everything still runs in its
// XNNPACK code. For channels-last x [B, H, W, Ci] and dy [B, OH, OW, Co],
//   dW[kh, kw, ci, co] = Σ_{b, oh, ow} xPadded[b, oh·sh + kh, ow·sw + kw, ci] · dy[b, oh, ow, co],
// which is a valid convolution of xPadded transposed to [Ci, Hp, Wp, B] (batch ↔ channels) with dy transposed to
// the filter [OH, OW, B, Co], dilated by the strides: its output [Ci, KH, KW, Co] transposed is dW. Measured
// against an im2col (strided slices, concat) followed by BatchMatMul on the same backend, this route was 2 to 4
// times faster at the chapter's shapes.
import * as tf from '@tensorflow/tfjs-core';

type Info = tf.TensorInfo;
type Attrs = Record<string, unknown>;

/** Runs one of the wasm backend's own kernels on tensor infos, the way the backend's composite kernels do. */
function wasmKernel(
  backend: tf.KernelBackend,
  name: string,
  inputs: Info | Info[] | Record<string, Info>,
  attrs: Attrs,
) {
  const kernel = tf.getKernel(name, 'wasm');
  if (kernel === undefined) throw new Error(`the wasm backend has no ${name} kernel`);
  return kernel.kernelFunc({
    inputs: inputs as tf.NamedTensorInfoMap,
    backend,
    attrs: attrs as tf.NamedAttrMap,
  }) as Info;
}

function conv2DBackpropFilter(args: Parameters<tf.KernelFunc>[0]): Info {
  const backend = args.backend as tf.KernelBackend;
  const { x, dy } = args.inputs as { x: Info; dy: Info };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat !== 'NHWC') throw new Error(`Conv2DBackpropFilter on wasm: dataFormat ${dataFormat} (only NHWC)`);
  const conv = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { top, bottom, left, right } = conv.padInfo;
  const run = (name: string, input: Info | Info[] | Record<string, Info>, attrs: Attrs) =>
    wasmKernel(backend, name, input, attrs);
  const temporaries: Info[] = [];
  const keep = (t: Info): Info => {
    temporaries.push(t);
    return t;
  };
  const xT = keep(run('Transpose', { x }, { perm: [3, 1, 2, 0] }));
  const xPadded = keep(
    run(
      'PadV2',
      { x: xT },
      {
        paddings: [
          [0, 0],
          [top, bottom],
          [left, right],
          [0, 0],
        ],
        constantValue: 0,
      },
    ),
  );
  const dyFilter = keep(run('Transpose', { x: dy }, { perm: [1, 2, 0, 3] }));
  let grad = keep(
    run(
      'Conv2D',
      { x: xPadded, filter: dyFilter },
      { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: [conv.strideHeight, conv.strideWidth] },
    ),
  );
  // With strides, the last rows/columns of padding can reach past the kernel: cut the output to KH × KW.
  if (grad.shape[1] !== conv.filterHeight || grad.shape[2] !== conv.filterWidth) {
    const [ci, , , co] = grad.shape;
    grad = keep(
      run('Slice', { x: grad }, { begin: [0, 0, 0, 0], size: [ci, conv.filterHeight, conv.filterWidth, co] }),
    );
  }
  const dW = run('Transpose', { x: grad }, { perm: [1, 2, 0, 3] });
  for (const t of temporaries) backend.disposeData(t.dataId);
  return dW;
}

/** Registers Conv2DBackpropFilter on the wasm backend (once; a no-op when a kernel is already there). */
export function registerConv2DBackpropFilter(): void {
  if (tf.getKernel(tf.Conv2DBackpropFilter, 'wasm') !== undefined) return;
  tf.registerKernel({ kernelName: tf.Conv2DBackpropFilter, backendName: 'wasm', kernelFunc: conv2DBackpropFilter });
}

/** dW by the definition, in float64 loops: the reference for the self-check. */
function referenceFilterGradient(x: Float32Array, dy: Float32Array, conv: tf.backend_util.Conv2DInfo): Float64Array {
  const { batchSize: nb, inHeight: h, inWidth: w, inChannels: ci, outHeight: oh, outWidth: ow, outChannels: co } = conv;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = conv;
  const out = new Float64Array(kh * kw * ci * co);
  for (let b = 0; b < nb; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let p = 0; p < kh; p++) {
          const row = i * sh + p - conv.padInfo.top;
          if (row < 0 || row >= h) continue;
          for (let q = 0; q < kw; q++) {
            const col = j * sw + q - conv.padInfo.left;
            if (col < 0 || col >= w) continue;
            for (let c = 0; c < ci; c++) {
              const xv = x[((b * h + row) * w + col) * ci + c];
              const dyRow = ((b * oh + i) * ow + j) * co;
              const outRow = ((p * kw + q) * ci + c) * co;
              for (let k = 0; k < co; k++) out[outRow + k] += xv * dy[dyRow + k];
            }
          }
        }
  return out;
}

/**
 * Checks the registered kernel against the definition on the chapter's two convolutions (small batch) and on
 * strided, odd-sized cases; throws when the largest error exceeds 1e-5 of the largest value.
 */
export function checkConv2DBackpropFilter(): void {
  const cases: [number[], number[], number, 'same' | 'valid'][] = [
    [[2, 28, 28, 1], [3, 3, 1, 32], 1, 'same'],
    [[2, 14, 14, 32], [3, 3, 32, 64], 1, 'same'],
    [[3, 9, 8, 2], [3, 2, 2, 5], 2, 'valid'],
    [[3, 9, 8, 2], [3, 3, 2, 5], 2, 'same'],
  ];
  for (const [xShape, filterShape, stride, pad] of cases) {
    const conv = tf.backend_util.computeConv2DInfo(
      xShape as [number, number, number, number],
      filterShape as [number, number, number, number],
      stride,
      1,
      pad,
    );
    tf.tidy(() => {
      const x = tf.randomNormal(xShape, 0, 1, 'float32', 1);
      const dy = tf.randomNormal(conv.outShape, 0, 1, 'float32', 2);
      const got = tf.engine().runKernel(
        tf.Conv2DBackpropFilter,
        { x, dy },
        {
          strides: stride,
          pad,
          dataFormat: 'NHWC',
          filterShape,
        },
      ) as tf.Tensor;
      const expected = referenceFilterGradient(x.dataSync() as Float32Array, dy.dataSync() as Float32Array, conv);
      const actual = got.dataSync();
      let error = 0;
      let scale = 0;
      for (let i = 0; i < expected.length; i++) {
        error = Math.max(error, Math.abs(actual[i] - expected[i]));
        scale = Math.max(scale, Math.abs(expected[i]));
      }
      if (got.shape.join() !== filterShape.join() || error > 1e-5 * scale)
        throw new Error(
          `Conv2DBackpropFilter on wasm is wrong for x ${xShape}, filter ${filterShape}, stride ${stride}, ${pad}: ` +
            `shape ${got.shape}, max error ${error} (largest value ${scale})`,
        );
    });
  }
}
