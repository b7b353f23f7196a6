// Shared by the ONNX export tests: seeded inputs and weights, and onnxruntime's outputs against predict's.
import assert from 'node:assert/strict';
import { exportOnnx } from '../../src/export/export-onnx.ts';
import type { Model } from '../../src/models/functional.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { runOnnxFeeds } from './onnx-runtime.ts';

export const TOLERANCE = 1e-5;

/** Uniform values in [low, high) of shape [rows, ...sampleShape]. */
export function seededInputs(rows: number, sampleShape: readonly number[], seed: number, low = 0, high = 1): Tensor {
  const generator = new Generator(seed);
  const size = rows * sampleShape.reduce((a, b) => a * b, 1);
  return new Tensor(
    Float32Array.from({ length: size }, () => low + (high - low) * generator.uniform()),
    [rows, ...sampleShape],
  );
}

/** Sets every weight to seeded values in [-0.5, 0.5) (variances in [0.5, 1.5)), so biases and statistics count. */
export function randomizeWeights(model: Sequential | Model, seed: number): void {
  const generator = new Generator(seed);
  for (const layer of model.layers) {
    const names = layer.weightNames;
    const weights = layer.getWeights();
    if (weights.length === 0) continue;
    layer.setWeights(
      weights.map((w, i) => {
        const shift = names[i].endsWith('moving_variance') ? 1 : 0;
        return new Tensor(
          Float32Array.from({ length: w.size }, () => generator.uniform() - 0.5 + shift),
          w.shape,
        );
      }),
    );
  }
}

/** The largest absolute difference of two arrays of one length. */
export function largestDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length, 'lengths');
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return Number.isNaN(worst) ? Number.POSITIVE_INFINITY : worst;
}

/**
 * Exports the model and checks that onnxruntime's outputs equal predict's within TOLERANCE for batches of 1 and
 * 5 rows (the inputs in the graph's input order); returns the largest difference seen.
 */
export async function assertOnnxMatchesPredict(
  model: Sequential | Model,
  sampleShapes: readonly (readonly number[])[],
  seed: number,
  inputRange: [number, number] = [-1, 1],
): Promise<number> {
  const bytes = await exportOnnx(model);
  let worst = 0;
  for (const rows of [1, 5]) {
    const xs = sampleShapes.map((s, i) => seededInputs(rows, s, seed + 10 * rows + i, ...inputRange));
    const predicted =
      model instanceof Sequential
        ? await model.predict(xs[0], { verbose: 0 })
        : await model.predict(xs, { verbose: 0 });
    const expected = Array.isArray(predicted) ? predicted : [predicted];
    const got = await runOnnxFeeds(
      bytes,
      xs.map((x) => ({ data: x.data as Float32Array, dims: x.shape })),
    );
    assert.equal(got.length, expected.length, 'number of outputs');
    got.forEach((output, k) => {
      assert.deepEqual([...output.dims], expected[k].shape, `shape of output ${k} for ${rows} rows`);
      const difference = largestDifference(output.data, expected[k].data as Float32Array);
      assert.ok(difference <= TOLERANCE, `output ${k}, ${rows} rows: largest difference ${difference}`);
      worst = Math.max(worst, difference);
    });
  }
  return worst;
}
