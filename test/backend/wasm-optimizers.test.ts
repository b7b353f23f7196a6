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

type Update = (
  backend: Backend,
  params: Float32Array,
  grads: Float32Array,
  state: Float32Array[],
  n: number,
  step: number,
) => void;

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

test('adamaxUpdate with the bias correction of each step', () => {
  compare('adamax', 2, (b, p, g, s, n, t) =>
    b.adamaxUpdate(p, g, s[0], s[1], n, 0.002, 0.9, 0.999, 1e-7, 1 - 0.9 ** t),
  );
});

test('nadamUpdate with the momentum-cache weights of each step', () => {
  let product = 1;
  compare('nadam', 2, (b, p, g, s, n, t) => {
    // The same weights on both backends: computed once per step (the reference runs first).
    if (b === reference) product = t === 1 ? 0.9 * (1 - 0.5 * 0.96) : product * 0.9 * (1 - 0.5 * 0.96 ** t);
    const uT = 0.9 * (1 - 0.5 * 0.96 ** t);
    const uT1 = 0.9 * (1 - 0.5 * 0.96 ** (t + 1));
    b.nadamUpdate(
      p,
      g,
      s[0],
      s[1],
      n,
      0.002,
      0.9,
      0.999,
      1e-7,
      uT1 / (1 - product * uT1),
      (1 - uT) / (1 - product),
      1 - 0.999 ** t,
    );
  });
});

test('adadeltaUpdate', () => {
  compare('adadelta', 2, (b, p, g, s, n) => b.adadeltaUpdate(p, g, s[0], s[1], n, 1, 0.95, 1e-7));
});

test('lionUpdate: a step of ±lr per element', () => {
  compare('lion', 1, (b, p, g, s, n) => b.lionUpdate(p, g, s[0], n, 0.001, 0.9, 0.99));
});

test('momentum without a momentum buffer is a ValueError', () => {
  const w = new Float32Array(2);
  assert.throws(() => wasm.sgdUpdate(w, w, null, 2, 0.1, 0.9, false), ValueError);
  assert.throws(() => wasm.rmspropUpdate(w, w, new Float32Array(2), null, 2, 0.1, 0.9, 0.5, 1e-7), ValueError);
});

// Decaying state that would be subnormal is stored as zero (as TensorFlow's flush-to-zero CPU kernels store
// it), on both backends, in the four-lane loop (elements 0–3) and in the scalar tail (4–6). With zero gradients
// each slot is multiplied by its decay; 1.2e-38 × 0.9 is below the smallest normal float (2⁻¹²⁶ ≈ 1.1755e-38),
// 1e-30 × 0.9 is not.
const SUBNORMAL_AFTER_DECAY = 1.2e-38;
const NORMAL_AFTER_DECAY = 1e-30;

/** n = 7 slots alternating the two starts (lanes and tail each get both); zero gradients. */
function decayingSlots(backend: Backend): { params: Float32Array; grads: Float32Array; slot: () => Float32Array } {
  const n = 7;
  const start = Float32Array.from({ length: n }, (_, i) => (i % 2 === 0 ? SUBNORMAL_AFTER_DECAY : NORMAL_AFTER_DECAY));
  const where: Placement = backend === wasm ? 'wasm' : 'js';
  return {
    params: place(new Float32Array(n).fill(1), where),
    grads: place(new Float32Array(n), where),
    slot: () => place(start, where),
  };
}

/** Even elements (subnormal after one decay) are exactly zero; odd ones are `decay` times their start. */
function assertFlushed(slot: Float32Array, decay: number, label: string): void {
  for (let i = 0; i < slot.length; i++) {
    if (i % 2 === 0) assert.equal(slot[i], 0, `${label}: element ${i} should be flushed to zero, got ${slot[i]}`);
    else assertWithin([slot[i]], [decay * NORMAL_AFTER_DECAY], `${label}: element ${i}`);
  }
}

for (const backend of [reference, wasm]) {
  test(`${backend.name}: decaying optimizer state that would be subnormal is stored as zero`, () => {
    let { params, grads, slot } = decayingSlots(backend);
    const velocity = slot();
    backend.sgdUpdate(params, grads, velocity, 7, 0.01, 0.9, false);
    assertFlushed(velocity, 0.9, 'sgd velocity');

    ({ params, grads, slot } = decayingSlots(backend));
    const [m, v] = [slot(), slot()];
    backend.adamUpdate(params, grads, m, v, 7, 0.001, 0.9, 0.999, 1e-7);
    assertFlushed(m, 0.9, 'adam first moment');
    // The second moment decays by 0.999 and is stored as computed, subnormal or not.
    for (let i = 0; i < 7; i += 2)
      assertWithin([v[i]], [0.999 * SUBNORMAL_AFTER_DECAY], `adam second moment ${i}`, { rtol: 1e-6 });

    ({ params, grads, slot } = decayingSlots(backend));
    const [meanSquare, mom] = [slot(), slot()];
    backend.rmspropUpdate(params, grads, meanSquare, mom, 7, 0.001, 0.9, 0.9, 1e-7);
    assertFlushed(meanSquare, 0.9, 'rmsprop mean square');
    assertFlushed(mom, 0.9, 'rmsprop momentum');
  });
}
