import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runLayerTest, randomTensor } from '../helpers/layer-check.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { Conv1D } from '../../src/layers/convolutional/conv1d.ts';
import { Conv2D } from '../../src/layers/convolutional/conv2d.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { ShapeError, ValueError } from '../../src/errors.ts';

/** A direct channels-last convolution by its definition (no im2col): y[n,i,j,f] = b[f] + Σ x[n, i·s+a·d−p, …]·k[a,b,c,f]. */
function directConv2d(
  x: Tensor,
  kernel: Tensor,
  bias: Float32Array,
  stride: number[],
  dilation: number[],
  pad: number[],
  out: number[],
): number[] {
  const [n, h, w, c] = x.shape;
  const [kh, kw, , f] = kernel.shape;
  const y: number[] = [];
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < out[0]; i++) {
      for (let j = 0; j < out[1]; j++) {
        for (let o = 0; o < f; o++) {
          let sum = bias[o];
          for (let a = 0; a < kh; a++) {
            for (let e = 0; e < kw; e++) {
              const r = i * stride[0] + a * dilation[0] - pad[0];
              const q = j * stride[1] + e * dilation[1] - pad[1];
              if (r < 0 || r >= h || q < 0 || q >= w) continue;
              for (let ch = 0; ch < c; ch++)
                sum += x.data[((b * h + r) * w + q) * c + ch] * kernel.data[((a * kw + e) * c + ch) * f + o];
            }
          }
          y.push(sum);
        }
      }
    }
  }
  return y;
}

test('the chapter contract: Conv2D(32, 3, relu, same, input 28×28×1)', () => {
  const layer = new Conv2D(32, 3, { activation: 'relu', padding: 'same', inputShape: [28, 28, 1] });
  layer.build([28, 28, 1]);
  assert.deepEqual(layer.outputShape, [null, 28, 28, 32]);
  assert.equal(layer.countParams(), 320);
  assert.deepEqual(
    layer.getWeights().map((w) => w.shape),
    [[3, 3, 1, 32], [32]],
  );
  const config = layer.getConfig();
  assert.deepEqual(
    [config.kernelSize, config.strides, config.dilationRate, config.padding],
    [[3, 3], [1, 1], [1, 1], 'same'],
  );
});

test('Conv2D matches a direct convolution (same/valid, strides, dilation)', () => {
  const cases: [number[], number[], 'same' | 'valid', number[], number[]][] = [
    // stride, dilation, padding, leading padding, output size (for a 7×6 input and a 3×2 kernel)
    [[1, 1], [1, 1], 'same', [1, 0], [7, 6]],
    [[2, 2], [1, 1], 'same', [1, 0], [4, 3]],
    [[1, 1], [2, 2], 'valid', [0, 0], [3, 4]],
    [[2, 1], [1, 1], 'valid', [0, 0], [3, 5]],
  ];
  for (const [strides, dilationRate, padding, pad, out] of cases) {
    const layer = new Conv2D(4, [3, 2], { strides, dilationRate, padding, biasInitializer: 'random_normal', seed: 3 });
    const x = randomTensor([2, 7, 6, 3], 4);
    const y = layer.apply(x);
    assert.deepEqual(y.shape, [2, ...out, 4]);
    const [kernel, bias] = layer.getWeights();
    assertAllClose(y.data, directConv2d(x, kernel, bias.data as Float32Array, strides, dilationRate, pad, out), {
      rtol: 1e-5,
      atol: 1e-5,
    });
  }
});

test('Conv2D layer test: shapes, config, gradients of input, kernel and bias', async () => {
  await runLayerTest({
    make: () => new Conv2D(4, 3, { padding: 'same', activation: 'tanh', seed: 1 }),
    inputShape: [5, 6, 2],
    expectedOutputShape: [5, 6, 4],
    expectedParams: 76,
  });
  await runLayerTest({
    make: () => new Conv2D(3, [2, 3], { strides: 2, seed: 2 }),
    inputShape: [7, 7, 3],
    expectedOutputShape: [3, 3, 3],
    expectedParams: 57,
  });
  await runLayerTest({
    make: () => new Conv2D(2, 3, { dilationRate: 2, useBias: false, seed: 3 }),
    inputShape: [7, 6, 1],
    expectedOutputShape: [3, 2, 2],
    expectedParams: 18,
  });
});

test('Conv1D layer test: valid, same and causal padding', async () => {
  await runLayerTest({
    make: () => new Conv1D(4, 3, { seed: 1 }),
    inputShape: [9, 2],
    expectedOutputShape: [7, 4],
    expectedParams: 28,
  });
  await runLayerTest({
    make: () => new Conv1D(3, 2, { padding: 'same', strides: 2, activation: 'sigmoid', seed: 2 }),
    inputShape: [7, 3],
    expectedOutputShape: [4, 3],
    expectedParams: 21,
  });
  await runLayerTest({
    make: () => new Conv1D(2, 3, { padding: 'causal', dilationRate: 2, seed: 3 }),
    inputShape: [8, 2],
    expectedOutputShape: [8, 2],
    expectedParams: 14,
  });
});

test('causal Conv1D output at step t depends on steps ≤ t only', () => {
  const layer = new Conv1D(2, 3, { padding: 'causal', seed: 4 });
  const x = randomTensor([1, 6, 1], 5);
  const y = layer.apply(x);
  const changed = new Tensor(Float32Array.from(x.data), x.shape);
  (changed.data as Float32Array)[4] += 1;
  const z = layer.apply(changed);
  assert.deepEqual(Array.from(z.data.slice(0, 8)), Array.from(y.data.slice(0, 8)), 'steps 0..3 unchanged');
  assert.notDeepEqual(Array.from(z.data.slice(8)), Array.from(y.data.slice(8)));
});

test('Conv2D refuses bad arguments with the argument named', () => {
  assert.throws(() => new Conv2D(0, 3), /filters must be a positive integer/);
  assert.throws(() => new Conv2D(8, [3, 3, 3] as never), /kernelSize must be a positive integer or 2 of them/);
  assert.throws(() => new Conv2D(8, 3, { padding: 'causal' }), /padding must be one of 'valid', 'same'/);
  assert.throws(() => new Conv2D(8, 3, { kernel_size: 3 } as never), ValueError);
  assert.throws(() => new Conv2D(8, 3, { strides: 2, dilationRate: 2 }), ValueError);
  assert.throws(() => new Conv2D(8, 3, { dataFormat: 'channels_first' as never }), /channels_last/);
  assert.throws(() => new Conv2D(8, 5).build([3, 3, 1]), ShapeError);
  assert.throws(() => new Conv2D(8, 3).build([28, 28]), /expects input of shape \(None, height, width, channels\)/);
});
