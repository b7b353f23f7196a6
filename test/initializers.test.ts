// The initializers against their definitions: sample statistics within sampling tolerance, bounds,
// orthogonality, seeding, and config round trips under Keras's class names.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../src/errors.ts';
import {
  Constant,
  GlorotNormal,
  HeNormal,
  HeUniform,
  Identity,
  LecunNormal,
  Orthogonal,
  RandomNormal,
  RandomUniform,
  TruncatedNormal,
  VarianceScaling,
  computeFans,
  getInitializer,
  initialize,
} from '../src/initializers.ts';
import { Dense } from '../src/layers/dense.ts';
import { layerConfigFromKeras, layerConfigToKeras } from '../src/saving/config.ts';
import { Tensor } from '../src/tensor/tensor.ts';

function stats(values: ArrayLike<number>): { mean: number; std: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    sum += values[i];
    min = Math.min(min, values[i]);
    max = Math.max(max, values[i]);
  }
  const mean = sum / values.length;
  let sq = 0;
  for (let i = 0; i < values.length; i++) sq += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length), min, max };
}

/** Mean within 5 standard errors of 0 and the standard deviation within 2% (n = 60,000: its error is ~0.3%). */
function assertMoments(t: Tensor, mean: number, std: number, label: string): ReturnType<typeof stats> {
  const s = stats(t.data);
  assert.ok(Math.abs(s.mean - mean) < (5 * std) / Math.sqrt(t.size), `${label}: mean ${s.mean}, expected ${mean}`);
  assert.ok(Math.abs(s.std / std - 1) < 0.02, `${label}: std ${s.std}, expected ${std}`);
  return s;
}

const SHAPE = [200, 300];
const FAN_IN = 200;
const FAN_OUT = 300;

test('VarianceScaling: every mode and distribution has variance scale / fan, within its bounds', () => {
  const fans = { fan_in: FAN_IN, fan_out: FAN_OUT, fan_avg: (FAN_IN + FAN_OUT) / 2 } as const;
  let seed = 0;
  for (const mode of ['fan_in', 'fan_out', 'fan_avg'] as const) {
    for (const distribution of ['truncated_normal', 'untruncated_normal', 'uniform'] as const) {
      const scale = 1.5;
      const std = Math.sqrt(scale / fans[mode]);
      const t = new VarianceScaling({ scale, mode, distribution, seed: seed++ }).apply(SHAPE);
      const s = assertMoments(t, 0, std, `${mode} ${distribution}`);
      if (distribution === 'uniform') {
        assert.ok(s.max <= Math.sqrt(3) * std && s.min >= -Math.sqrt(3) * std, `${mode} uniform bounds`);
      }
      if (distribution === 'truncated_normal') {
        // stddev of the untruncated normal is std / 0.8796; values beyond 2 of those are redrawn.
        const limit = (2 * std) / 0.87962566103423978;
        assert.ok(s.max <= limit && s.min >= -limit, `${mode} truncation at ${limit}: ${s.min}..${s.max}`);
        assert.ok(s.max > 0.95 * limit, 'the truncated normal reaches close to its bound');
      }
    }
  }
});

test('the named variance-scaling initializers: glorot, he and lecun, normal and uniform', () => {
  const cases: [string, number][] = [
    ['glorot_uniform', Math.sqrt(2 / (FAN_IN + FAN_OUT))],
    ['glorot_normal', Math.sqrt(2 / (FAN_IN + FAN_OUT))],
    ['he_uniform', Math.sqrt(2 / FAN_IN)],
    ['he_normal', Math.sqrt(2 / FAN_IN)],
    ['lecun_uniform', Math.sqrt(1 / FAN_IN)],
    ['lecun_normal', Math.sqrt(1 / FAN_IN)],
  ];
  for (const [id, std] of cases) {
    const config = getInitializer(id);
    config.config.seed = 7;
    const out = new Float32Array(FAN_IN * FAN_OUT);
    initialize(config, SHAPE, out);
    const s = assertMoments(new Tensor(out, SHAPE), 0, std, id);
    if (id.endsWith('uniform')) assert.ok(s.max <= Math.sqrt(3) * std && s.min >= -Math.sqrt(3) * std, `${id} bounds`);
  }
});

test('random_normal, truncated_normal, random_uniform and constants follow their settings', () => {
  assertMoments(new RandomNormal({ mean: 1, stddev: 2, seed: 1 }).apply(SHAPE), 1, 2, 'RandomNormal');
  const truncated = new TruncatedNormal({ mean: -1, stddev: 0.5, seed: 2 }).apply(SHAPE);
  const s = assertMoments(truncated, -1, 0.5 * 0.87962566103423978, 'TruncatedNormal');
  assert.ok(s.min >= -2 && s.max <= 0, 'within mean ± 2 stddev');
  const uniform = new RandomUniform({ minval: 2, maxval: 5, seed: 3 }).apply(SHAPE);
  const u = assertMoments(uniform, 3.5, 3 / Math.sqrt(12), 'RandomUniform');
  assert.ok(u.min >= 2 && u.max < 5);
  const defaults = stats(getInitializerValues('random_uniform', [100, 10]));
  assert.ok(defaults.min >= -0.05 && defaults.max <= 0.05);
  assert.deepEqual([...new Constant({ value: 3.5 }).apply([2, 2]).data], [3.5, 3.5, 3.5, 3.5]);
  assert.deepEqual([...getInitializerValues('ones', [3])], [1, 1, 1]);
  assert.deepEqual([...getInitializerValues('zeros', [2])], [0, 0]);
});

function getInitializerValues(id: string, shape: number[]): Float32Array {
  const out = new Float32Array(shape.reduce((a, b) => a * b, 1));
  initialize(getInitializer(id), shape, out);
  return out;
}

/** Max |(M·Mᵀ or Mᵀ·M) − gain²·I| over the smaller Gram matrix of a rows×cols matrix. */
function orthogonalityError(m: Float32Array, rows: number, cols: number, gain: number): number {
  const n = Math.min(rows, cols);
  let worst = 0;
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let dot = 0;
      for (let k = 0; k < Math.max(rows, cols); k++) {
        dot += rows >= cols ? m[k * cols + a] * m[k * cols + b] : m[a * cols + k] * m[b * cols + k];
      }
      worst = Math.max(worst, Math.abs(dot - (a === b ? gain * gain : 0)));
    }
  }
  return worst;
}

test('Orthogonal: orthonormal columns (tall), rows (wide) and flattened kernels, times gain', () => {
  for (const [shape, gain] of [
    [[50, 20], 1],
    [[20, 50], 2],
    [[3, 3, 4, 8], 0.5],
    [[16, 16], 1],
  ] as [number[], number][]) {
    const t = new Orthogonal({ gain, seed: 4 }).apply(shape);
    const cols = shape[shape.length - 1];
    const err = orthogonalityError(t.data as Float32Array, t.size / cols, cols, gain);
    assert.ok(err < 1e-5, `${shape.join('x')}: max |QᵀQ − gain²I| = ${err}`);
  }
  assert.throws(() => new Orthogonal().apply([5]), ValueError);
});

test('Identity: gain times the (rectangular) identity, 2-D only', () => {
  assert.deepEqual([...new Identity({ gain: 2 }).apply([2, 3]).data], [2, 0, 0, 0, 2, 0]);
  assert.throws(() => new Identity().apply([2, 2, 2]), ValueError);
});

test('seeded objects repeat their values; seeds differ; unseeded ones draw fresh values', () => {
  const a = new HeNormal({ seed: 1 }).apply([10, 10]);
  assert.deepEqual(a.data, new HeNormal({ seed: 1 }).apply([10, 10]).data);
  assert.notDeepEqual(a.data, new HeNormal({ seed: 2 }).apply([10, 10]).data);
  const unseeded = new LecunNormal();
  assert.notDeepEqual(unseeded.apply([10, 10]).data, unseeded.apply([10, 10]).data);
});

test('Dense takes an initializer object and writes it under its Keras class name; the config rebuilds it', () => {
  const dense = new Dense(4, {
    kernelInitializer: new HeUniform({ seed: 5 }),
    biasInitializer: new Constant({ value: 0.1 }),
  });
  const config = dense.getConfig();
  assert.deepEqual(config.kernelInitializer, { className: 'HeUniform', config: { seed: 5 } });
  const keras = layerConfigToKeras(config, 'keras-3');
  assert.deepEqual(keras.kernel_initializer, {
    module: 'keras.initializers',
    class_name: 'HeUniform',
    config: { seed: 5 },
    registered_name: null,
  });
  assert.deepEqual(keras.bias_initializer, {
    module: 'keras.initializers',
    class_name: 'Constant',
    config: { value: 0.1 },
    registered_name: null,
  });
  const vs = layerConfigToKeras(
    new Dense(2, {
      kernelInitializer: new VarianceScaling({ mode: 'fan_avg', distribution: 'uniform', scale: 3 }),
    }).getConfig(),
    'keras-3',
  );
  assert.deepEqual((vs.kernel_initializer as { config: unknown }).config, {
    scale: 3,
    mode: 'fan_avg',
    distribution: 'uniform',
    seed: null,
  });
  const rebuilt = Dense.fromConfig(layerConfigFromKeras('Dense', keras, 'test'));
  dense.build([3]);
  rebuilt.build([3]);
  assert.deepEqual(
    rebuilt.getWeights().map((w) => [...w.data]),
    dense.getWeights().map((w) => [...w.data]),
  );
  assert.deepEqual(new GlorotNormal({ seed: 3 }).getConfig(), { seed: 3 });
});

test('bad settings are ValueErrors naming the initializer and the setting', () => {
  assert.throws(() => new VarianceScaling({ mode: 'fan_sum' as 'fan_in' }), /VarianceScaling initializer: mode/);
  assert.throws(() => new VarianceScaling({ distribution: 'normal' as 'uniform' }), /distribution/);
  assert.throws(() => new RandomNormal({ stddev: -1 }), /stddev must be a positive number/);
  assert.throws(() => new HeNormal({ sed: 1 } as unknown as { seed: number }), /HeNormal: unknown option 'sed'/);
  assert.throws(() => getInitializer('xavier'), ValueError);
  assert.deepEqual(computeFans([3, 3, 4, 8]), [36, 72]);
});
