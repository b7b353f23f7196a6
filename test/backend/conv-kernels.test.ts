// The convolution-window kernels: the reference against hand-worked cases and the adjoint property, the WASM
// kernels against the reference over many geometries (strides, dilations, padding, odd channel counts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReferenceBackend } from '../../src/backend/reference/reference-backend.ts';
import { createWasmBackend } from '../../src/backend/wasm/wasm-backend.ts';
import {
  type ConvGeometry,
  type Padding,
  axisGeometry,
  convGeometry,
  geometrySizes,
} from '../../src/backend/conv-geometry.ts';
import { Generator } from '../../src/random/generator.ts';
import { assertAllClose } from '../helpers/all-close.ts';
import { ShapeError } from '../../src/errors.ts';
import { getNumThreads, setNumThreads } from '../../src/backend/threads.ts';

const ref = createReferenceBackend();
const wasm = createWasmBackend();

function random(n: number, seed: number): Float32Array {
  const g = new Generator(seed);
  return Float32Array.from({ length: n }, () => g.normal());
}

test('padding arithmetic follows TensorFlow: valid, same (extra padding at the end), causal', () => {
  assert.deepEqual(axisGeometry(28, 3, 1, 1, 'same'), { out: 28, padBefore: 1 });
  assert.deepEqual(axisGeometry(28, 3, 1, 1, 'valid'), { out: 26, padBefore: 0 });
  assert.deepEqual(axisGeometry(28, 2, 2, 1, 'valid'), { out: 14, padBefore: 0 });
  assert.deepEqual(axisGeometry(5, 2, 2, 1, 'same'), { out: 3, padBefore: 0 }); // total padding 1, all after
  assert.deepEqual(axisGeometry(7, 4, 1, 1, 'same'), { out: 7, padBefore: 1 }); // total 3: 1 before, 2 after
  assert.deepEqual(axisGeometry(7, 3, 1, 2, 'valid'), { out: 3, padBefore: 0 }); // dilated span 5
  assert.deepEqual(axisGeometry(6, 3, 1, 1, 'causal'), { out: 6, padBefore: 2 });
});

test('im2col of a 3×3 one-channel image with a 2×2 window, and max/avg pooling by hand', () => {
  const x = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const g = convGeometry(3, 3, 1, [2, 2], [1, 1], [1, 1], 'valid');
  const cols = new Float32Array(16);
  ref.im2col(x, cols, 1, g);
  assert.deepEqual([...cols], [1, 2, 4, 5, 2, 3, 5, 6, 4, 5, 7, 8, 5, 6, 8, 9]);
  const same = convGeometry(3, 3, 1, [2, 2], [2, 2], [1, 1], 'same'); // 2×2 output, padding after only
  const out = new Float32Array(4);
  const argmax = new Int32Array(4);
  ref.maxPool(x, out, argmax, 1, same);
  assert.deepEqual([...out], [5, 6, 8, 9]);
  assert.deepEqual([...argmax], [4, 5, 7, 8]);
  ref.avgPool(x, out, 1, same);
  assert.deepEqual([...out], [3, 4.5, 7.5, 9]); // means over the pixels inside only
  const padded = convGeometry(3, 3, 1, [3, 3], [1, 1], [1, 1], 'same');
  const cols9 = new Float32Array(81);
  ref.im2col(x, cols9, 1, padded);
  assert.deepEqual([...cols9.subarray(0, 9)], [0, 0, 0, 0, 1, 2, 0, 4, 5]);
});

test('col2im is the adjoint of im2col: <im2col(x), c> = <x, col2im(c)>', () => {
  const g = convGeometry(5, 6, 3, [3, 2], [2, 1], [1, 2], 'same');
  const { image, positions, patch } = geometrySizes(g);
  const x = random(2 * image, 1);
  const c = random(2 * positions * patch, 2);
  const cols = new Float32Array(c.length);
  const dx = new Float32Array(x.length);
  ref.im2col(x, cols, 2, g);
  ref.col2im(c, dx, 2, g);
  const left = cols.reduce((s, v, i) => s + v * c[i], 0);
  const right = x.reduce((s, v, i) => s + v * dx[i], 0);
  assert.ok(Math.abs(left - right) < 1e-3 * Math.abs(left), `${left} vs ${right}`);
});

const GEOMETRIES: [string, ConvGeometry][] = [];
for (const [h, w, c] of [
  [7, 6, 1],
  [5, 5, 3],
  [8, 9, 5],
  [4, 4, 8],
]) {
  for (const padding of ['valid', 'same', 'causal'] as Padding[]) {
    for (const [kernel, stride, dilation] of [
      [
        [3, 3],
        [1, 1],
        [1, 1],
      ],
      [
        [2, 3],
        [2, 1],
        [1, 1],
      ],
      [
        [3, 2],
        [1, 2],
        [2, 1],
      ],
      [
        [2, 2],
        [2, 2],
        [1, 3],
      ],
      [
        [1, 1],
        [3, 2],
        [1, 1],
      ],
    ] as [number, number][][]) {
      const g = convGeometry(h, w, c, kernel, stride, dilation, padding);
      if (g.outHeight > 0 && g.outWidth > 0)
        GEOMETRIES.push([`${h}×${w}×${c} ${padding} k${kernel} s${stride} d${dilation}`, g]);
    }
  }
}

test('WASM im2col, col2im, pooling and their gradients match the reference over many geometries', () => {
  const images = 3;
  GEOMETRIES.forEach(([label, g], seed) => {
    const { image, positions, patch } = geometrySizes(g);
    const x = random(images * image, seed);
    const cols = [new Float32Array(images * positions * patch), new Float32Array(images * positions * patch)];
    ref.im2col(x, cols[0], images, g);
    wasm.im2col(x, cols[1], images, g);
    assert.deepEqual(cols[1], cols[0], `im2col ${label}`);
    const dCols = random(cols[0].length, seed + 100);
    const dx = [new Float32Array(x.length), new Float32Array(x.length).fill(7)];
    ref.col2im(dCols, dx[0], images, g);
    wasm.col2im(dCols, dx[1], images, g);
    assertAllClose(dx[1], dx[0], { rtol: 1e-5, atol: 1e-5 });
    const outs = images * positions * g.channels;
    const pooled = [new Float32Array(outs), new Float32Array(outs)];
    const argmax = [new Int32Array(outs), new Int32Array(outs)];
    ref.maxPool(x, pooled[0], argmax[0], images, g);
    wasm.maxPool(x, pooled[1], argmax[1], images, g);
    assert.deepEqual(pooled[1], pooled[0], `maxPool ${label}`);
    assert.deepEqual(argmax[1], argmax[0], `maxPool argmax ${label}`);
    const dy = random(outs, seed + 200);
    ref.maxPoolGrad(dy, argmax[0], dx[0], images, g);
    wasm.maxPoolGrad(dy, argmax[1], dx[1], images, g);
    assert.deepEqual(dx[1], dx[0], `maxPoolGrad ${label}`);
    ref.avgPool(x, pooled[0], images, g);
    wasm.avgPool(x, pooled[1], images, g);
    assertAllClose(pooled[1], pooled[0], { rtol: 1e-5, atol: 1e-6 });
    ref.avgPoolGrad(dy, dx[0], images, g);
    wasm.avgPoolGrad(dy, dx[1], images, g);
    assertAllClose(dx[1], dx[0], { rtol: 1e-5, atol: 1e-6 });
  });
  assert.ok(GEOMETRIES.length > 40, `${GEOMETRIES.length} geometries`);
});

test('a buffer too short for the geometry is a ShapeError on both backends', () => {
  const g = convGeometry(4, 4, 2, [3, 3], [1, 1], [1, 1], 'same');
  for (const backend of [ref, wasm]) {
    assert.throws(() => backend.im2col(new Float32Array(32), new Float32Array(10), 1, g), ShapeError);
    assert.throws(
      () => backend.maxPool(new Float32Array(31), new Float32Array(32), new Int32Array(32), 1, g),
      ShapeError,
    );
  }
});

test('per-column kernels: moments by hand, and WASM against the reference (odd column counts, aliasing)', () => {
  const x = Float32Array.from([1, 10, 3, 20, 5, 60]); // 3 rows × 2 columns
  const mean = new Float32Array(2);
  const variance = new Float32Array(2);
  ref.columnMoments(x, 3, 2, mean, variance);
  assert.deepEqual([...mean], [3, 30]);
  assertAllClose(variance, [8 / 3, 1400 / 3], { rtol: 1e-6 });
  for (const [rows, cols] of [
    [7, 5],
    [33, 8],
    [1, 3],
    [200, 32],
  ]) {
    const a = random(rows * cols, rows);
    const b = random(rows * cols, cols);
    const scale = random(cols, 3);
    const shift = random(cols, 4);
    const outs = [ref, wasm].map((backend) => {
      const m = new Float32Array(cols);
      const v = new Float32Array(cols);
      const s1 = new Float32Array(cols);
      const s2 = new Float32Array(cols);
      backend.columnMoments(a, rows, cols, m, v);
      backend.columnGradSums(a, b, rows, cols, s1, s2);
      const out = new Float32Array(rows * cols);
      backend.columnAffine(a, scale, shift, out, rows, cols);
      const both = Float32Array.from(b);
      backend.columnAffine(a, scale, shift, both, rows, cols, both, shift);
      return [m, v, s1, s2, out, both];
    });
    outs[1].forEach((got, i) => assertAllClose(got, outs[0][i], { rtol: 1e-5, atol: 1e-5 }));
  }
});

test("WASM window kernels split over two threads give one thread's results bit for bit", () => {
  const previous = getNumThreads();
  try {
    const g = convGeometry(14, 14, 8, [3, 3], [1, 1], [1, 1], 'same');
    const pool = convGeometry(14, 14, 8, [2, 2], [2, 2], [1, 1], 'valid');
    const images = 81; // odd: blocks of unequal size; big enough for every kernel to split
    const { image, positions, patch } = geometrySizes(g);
    const x = wasm.allocFloat32(images * image);
    x.set(random(images * image, 9));
    const run = (threads: number): Float32Array[] => {
      setNumThreads(threads);
      const cols = wasm.allocFloat32(images * positions * patch);
      wasm.im2col(x, cols, images, g);
      const dx = wasm.allocFloat32(images * image);
      wasm.col2im(cols, dx, images, g);
      const outputs = images * geometrySizes(pool).positions * pool.channels;
      const pooled = wasm.allocFloat32(outputs);
      const argmax = wasm.allocInt32(outputs);
      wasm.maxPool(x, pooled, argmax, images, pool);
      const dPool = wasm.allocFloat32(images * image);
      wasm.maxPoolGrad(pooled, argmax, dPool, images, pool);
      const averaged = wasm.allocFloat32(outputs);
      wasm.avgPool(x, averaged, images, pool);
      const dAvg = wasm.allocFloat32(images * image);
      wasm.avgPoolGrad(averaged, dAvg, images, pool);
      return [cols, dx, pooled, dPool, averaged, dAvg].map((b) => Float32Array.from(b));
    };
    const one = run(1);
    const two = run(2);
    two.forEach((values, i) => assert.deepEqual(values, one[i], `kernel ${i}`));
    // The split results also match the reference (argmax indices are per image).
    const refDx = new Float32Array(images * image);
    const argmax = new Int32Array(images * geometrySizes(pool).positions * pool.channels);
    const pooled = new Float32Array(argmax.length);
    ref.maxPool(x, pooled, argmax, images, pool);
    ref.maxPoolGrad(pooled, argmax, refDx, images, pool);
    assert.deepEqual(two[3], refDx);
  } finally {
    setNumThreads(previous);
  }
});
