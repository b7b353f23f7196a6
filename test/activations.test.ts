// The activations against their definitions (float64 PyTorch values and autograd derivatives in a fixture made
// by test/fixtures/activations/make-activations.py), on both backends, and the reference derivatives against
// central differences of the reference functions.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ACTIVATIONS, getActivation } from '../src/activations.ts';
import type { ActivationName, Backend } from '../src/backend/backend.ts';
import { activateScalar, derivativeScalar } from '../src/backend/reference/activation-functions.ts';
import { createReferenceBackend } from '../src/backend/reference/reference-backend.ts';
import { createWasmBackend } from '../src/backend/wasm/wasm-backend.ts';
import { ValueError } from '../src/errors.ts';
import { checkGradient, checkOpGradient } from './helpers/gradient-check.ts';
import * as activations from '../src/activations.ts';
import { Tensor } from '../src/tensor/tensor.ts';

interface Fixture {
  x: number[];
  activations: Record<string, { y: number[]; dydx: (number | null)[] }>;
  log_softmax: { x: number[][]; y: number[][] };
}
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/activations/activations.json', import.meta.url), 'utf8'),
) as Fixture;
const backends: Backend[] = [createReferenceBackend(), createWasmBackend()];

function close(actual: number, expected: number, rtol: number, atol: number): boolean {
  return actual === expected || Math.abs(actual - expected) <= rtol * Math.abs(expected) + atol;
}

for (const backend of backends) {
  for (const [name, expected] of Object.entries(fixture.activations)) {
    test(`${backend.name}: ${name} and its derivative match the definition`, () => {
      const activation = getActivation(name);
      const x = Float32Array.from(fixture.x);
      const y = x.slice();
      backend.biasActivation(y, null, 1, x.length, activation);
      const dx = new Float32Array(x.length);
      backend.activationGrad(y, new Float32Array(x.length).fill(1), dx, 1, x.length, activation, x);
      fixture.x.forEach((v, i) => {
        // float32 outputs; eˣ − 1 near 0 in the kernels costs ~1e-7 absolute.
        assert.ok(close(y[i], expected.y[i], 2e-6, 2e-7), `${name}(${v}) = ${y[i]}, expected ${expected.y[i]}`);
        const d = expected.dydx[i];
        if (d !== null) assert.ok(close(dx[i], d, 2e-5, 2e-7), `${name}'(${v}) = ${dx[i]}, expected ${d}`);
      });
    });
  }

  test(`${backend.name}: log_softmax along rows matches the definition, and its gradient is dy − softmax·Σdy`, () => {
    const rows = fixture.log_softmax.x;
    const y = Float32Array.from(rows.flat());
    backend.biasActivation(y, null, rows.length, rows[0].length, 'log_softmax');
    fixture.log_softmax.y
      .flat()
      .forEach((e, i) => assert.ok(close(y[i], e, 1e-6, 1e-6), `element ${i}: ${y[i]} vs ${e}`));
    const dy = Float32Array.from([1, 0, 0, 0, 0, 0, 2, 0]);
    const dx = new Float32Array(8);
    backend.activationGrad(y, dy, dx, 2, 4, 'log_softmax');
    dx.forEach((v, i) => {
      const row = i < 4 ? 0 : 1;
      const expected = dy[i] - Math.exp(fixture.log_softmax.y[row][i % 4]) * (row === 0 ? 1 : 2);
      assert.ok(close(v, expected, 1e-5, 1e-6), `dx[${i}] = ${v}, expected ${expected}`);
    });
  });
}

test('reference derivatives equal central differences of the reference functions (float64)', () => {
  const elementwise = ACTIVATIONS.filter((a) => a !== 'softmax' && a !== 'log_softmax' && a !== 'linear');
  // Points away from the kinks at 0, ±3 and 6.
  const points = Float64Array.from([-7.3, -4.1, -2.6, -1.2, -0.4, -0.05, 0.07, 0.6, 1.7, 2.9, 4.4, 5.5, 7.1]);
  for (const activation of elementwise) {
    // One point at a time: a sum over all points would drown exp(−7.3)'s difference in exp(7.1)'s rounding.
    for (const point of points) {
      const f = (p: ArrayLike<number>): number => activateScalar(p[0], activation);
      const analytic = [derivativeScalar(point, activateScalar(point, activation), activation)];
      checkGradient(f, Float64Array.of(point), analytic, {
        label: `${activation} at ${point}`,
        rtol: 1e-6,
        atol: 1e-9,
      });
    }
  }
});

test('getActivation: Keras aliases, null as linear, unknown names listed', () => {
  assert.equal(getActivation('swish'), 'silu');
  assert.equal(getActivation('hard_swish'), 'hard_silu');
  assert.equal(getActivation(null), 'linear');
  assert.throws(
    () => getActivation('gelu_tanh'),
    (e: unknown) => e instanceof ValueError && /'mish'/.test(e.message),
  );
});

test('activationGrad of gelu without its pre-activation is a ValueError on both backends', () => {
  for (const backend of backends) {
    const y = new Float32Array(4);
    assert.throws(() => backend.activationGrad(y, y, y, 1, 4, 'gelu' as ActivationName), ValueError);
  }
});

test('nb.activations.<name>(x) on tensors: values of the definition and autograd gradients', () => {
  const x = new Tensor(Float64Array.from(fixture.x), [fixture.x.length]);
  for (const [name, expected] of Object.entries(fixture.activations)) {
    const y = activations.get(name as ActivationName)(x);
    expected.y.forEach((e, i) =>
      assert.ok(close(y.data[i], e, 1e-6, 1e-9), `${name}(${fixture.x[i]}) = ${y.data[i]}, expected ${e}`),
    );
  }
  const points = new Tensor(
    Float64Array.from(
      [
        [-2.3, -0.7, 0.4],
        [1.1, 2.2, 5.1],
      ].flat(),
    ),
    [2, 3],
  );
  for (const name of ACTIVATIONS) checkOpGradient(activations.get(name), [points], { label: name });
  assert.equal(activations.swish, activations.silu);
  assert.deepEqual(
    [...activations.logSoftmax(new Tensor(Float64Array.from([1, 2]), [1, 2])).data].map((v) => +v.toFixed(6)),
    [-1.313262, -0.313262],
  );
  assert.throws(() => activations.get('gelu_tanh' as ActivationName), ValueError);
});
