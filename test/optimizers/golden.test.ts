// Golden trajectories: 20 steps of each optimizer (and of clipnorm, globalClipnorm, clipvalue, weightDecay and
// schedules) against a float64 numpy reference of Keras 3's formulas. Fixture: test/fixtures/optimizers/golden.json,
// made by make_golden.py next to it (which also cross-checks the runs PyTorch computes the same way).
// Regenerate: /usr/bin/python3 test/fixtures/optimizers/make_golden.py
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { assertAllClose } from '../helpers/all-close.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { getOptimizer } from '../../src/optimizers/get-optimizer.ts';
import type { OptimizerConfig } from '../../src/optimizers/optimizer.ts';

interface Run {
  losses: number[];
  absSums: number[][];
  hiddenBiasPhase: number;
  weights?: Record<string, number[][]>;
  samples?: number[][];
}
interface Golden {
  steps: number;
  optimizers: Record<string, [string, OptimizerConfig]>;
  models: Record<
    string,
    { input: number; hidden: number; classes: number; batchSize: number; runs: Record<string, Run> }
  >;
}

const golden = JSON.parse(
  readFileSync(new URL('../fixtures/optimizers/golden.json', import.meta.url), 'utf8'),
) as Golden;

// The same closed-form initial weights and data as make_golden.py, rounded to float32.
function kernel(rows: number, cols: number, phase: number): Tensor {
  const limit = Math.sqrt(6 / (rows + cols));
  return new Tensor(
    Float32Array.from({ length: rows * cols }, (_, k) => limit * Math.sin(0.7 * k + phase)),
    [rows, cols],
  );
}
function bias(n: number, phase: number): Tensor {
  return new Tensor(
    Float32Array.from({ length: n }, (_, k) => 0.01 * Math.cos(1.3 * k + phase)),
    [n],
  );
}
function batch(step: number, size: number, nIn: number, classes: number): [Tensor, Tensor] {
  const x = new Float32Array(size * nIn);
  const y = new Int32Array(size);
  for (let r = 0; r < size; r++) {
    const i = step * size + r;
    y[r] = (i * 7 + 3) % classes;
    for (let j = 0; j < nIn; j++) {
      const signal = j % classes === y[r] ? 0.5 : 0;
      x[r * nIn + j] = 0.5 * Math.sin(0.37 * i + 0.91 * j + 0.013 * i * j) + signal;
    }
  }
  return [new Tensor(x, [size, nIn]), new Tensor(y, [size])];
}

function absSum(t: Tensor): number {
  let s = 0;
  for (const v of t.data) s += Math.abs(v);
  return s;
}

for (const [modelName, spec] of Object.entries(golden.models)) {
  for (const [optName, run] of Object.entries(spec.runs)) {
    test(`${modelName} ${optName}: 20 steps match the float64 Keras-formula reference within 1e-4`, async () => {
      const [kind, config] = golden.optimizers[optName];
      const model = new Sequential([
        new Dense(spec.hidden, { activation: 'relu', inputShape: [spec.input] }),
        new Dense(spec.classes, { activation: 'softmax' }),
      ]);
      model.setWeights([
        kernel(spec.input, spec.hidden, 1),
        bias(spec.hidden, run.hiddenBiasPhase),
        kernel(spec.hidden, spec.classes, 2),
        bias(spec.classes, 1.5),
      ]);
      model.compile({ optimizer: getOptimizer({ className: kind, config }), loss: 'sparse_categorical_crossentropy' });
      const losses: number[] = [];
      for (let step = 0; step < golden.steps; step++) {
        const [x, y] = batch(step, spec.batchSize, spec.input, spec.classes);
        losses.push((await model.trainOnBatch(x, y)) as number);
        const weights = model.getWeights();
        assertAllClose(weights.map(absSum), run.absSums[step], { rtol: 1e-4, message: `step ${step + 1} Σ|w|` });
        const expected = run.weights?.[String(step + 1)];
        if (expected !== undefined) {
          weights.forEach((w, i) =>
            assertAllClose(w.data, expected[i], { rtol: 1e-4, atol: 1e-6, message: `step ${step + 1} weight ${i}` }),
          );
        }
      }
      assertAllClose(losses, run.losses, { rtol: 1e-4, message: 'per-step losses' });
      assert.equal(model.optimizer!.iterations, golden.steps);
      if (run.samples !== undefined) {
        const weights = model.getWeights();
        run.samples.forEach((values, i) => {
          const size = weights[i].size;
          const idx = [
            ...new Set([
              0,
              Math.floor(size / 7),
              Math.floor(size / 3),
              Math.floor(size / 2),
              Math.floor((2 * size) / 3),
              size - 1,
            ]),
          ].sort((a, b) => a - b);
          assertAllClose(
            idx.map((k) => weights[i].data[k]),
            values,
            { rtol: 1e-4, atol: 1e-6, message: `final weight ${i} samples` },
          );
        });
      }
    });
  }
}
