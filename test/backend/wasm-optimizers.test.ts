// The WASM optimizer updates against the reference over several steps, on lengths that leave lane tails.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/errors.ts';
import { Generator } from '../../src/random/generator.ts';
import type { Backend } from '../../src/backend/backend.ts';
import { assertWithin, place, randomValues, reference, wasm, type Placement } from './harness.ts';

const gen = new Generator(5);
const LENGTHS = [1, 3, 5, 13, 17, 97, 1001];
const STEPS = 3;

type Update = (backend: Backend, params: Float32Array, grads: Float32Array, state: Float32Array[], n: number, step: number) => void;

/** Runs `update` for a few steps on both backends from the same start and compares params and state. */
function compare(label: string, stateCount: number, update: Update, stateStart = 0): void {
  let c = 0;
  for (const n of LENGTHS) {
    const where: Placement = c++ % 2 === 0 ? 'wasm' : 'js';
    const params = randomValues(gen, n);
    const state = Array.from({ length: stateCount }, () => new Float32Array(n).fill(stateStart));
    const wasmParams = place(params, where);
    const wasmState = state.map((s) => place(s, where));
    for (let step = 1; step <= STEPS; step++) {
      const grads = randomValues(gen, n);
      update(reference, params, grads, state, n, step);
      update(wasm, wasmParams, place(grads, where), wasmState, n, step);
    }
    assertWithin(wasmParams, params, `${label} params n=${n} ${where}`, { atol: 1e-7 });
    state.forEach((s, i) => assertWithin(wasmState[i], s, `${label} state ${i} n=${n} ${where}`, { atol: 1e-7 }));
  }
}

test('sgdUpdate: plain, momentum and Nesterov', () => {
  compare('sgd', 0, (b, p, g, _s, n) => b.sgdUpdate(p, g, null, n, 0.01, 0, false));
  compare('sgd momentum', 1, (b, p, g, s, n) => b.sgdUpdate(p, g, s[0], n, 0.01, 0.9, false));
  compare('sgd nesterov', 1, (b, p, g, s, n) => b.sgdUpdate(p, g, s[0], n, 0.01, 0.9, true));
});

test('adamUpdate with the bias-corrected step size of each step', () => {
  compare('adam', 2, (b, p, g, s, n, t) => {
    const alpha = (0.001 * Math.sqrt(1 - 0.999 ** t)) / (1 - 0.9 ** t);
    b.adamUpdate(p, g, s[0], s[1], n, alpha, 0.9, 0.999, 1e-7);
  });
});

test('rmspropUpdate with and without momentum', () => {
  compare('rmsprop', 1, (b, p, g, s, n) => b.rmspropUpdate(p, g, s[0], null, n, 0.001, 0.9, 0, 1e-7));
  compare('rmsprop momentum', 2, (b, p, g, s, n) => b.rmspropUpdate(p, g, s[0], s[1], n, 0.001, 0.9, 0.5, 1e-7));
});

test('adagradUpdate from the Keras initial accumulator 0.1', () => {
  compare('adagrad', 1, (b, p, g, s, n) => b.adagradUpdate(p, g, s[0], n, 0.01, 1e-7), 0.1);
});

test('momentum without a momentum buffer is a ValueError', () => {
  const w = new Float32Array(2);
  assert.throws(() => wasm.sgdUpdate(w, w, null, 2, 0.1, 0.9, false), ValueError);
  assert.throws(() => wasm.rmspropUpdate(w, w, new Float32Array(2), null, 2, 0.1, 0.9, 0.5, 1e-7), ValueError);
});
