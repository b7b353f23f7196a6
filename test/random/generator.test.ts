// The seeded Generator: its stream against an independent implementation of the same algorithms, and the
// bulk dropout-mask draw against one uniform() per element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Generator } from '../../src/random/generator.ts';

// Fixture written by test/fixtures/random/make-generator.py (command inside).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/random/generator.json', import.meta.url), 'utf8'));

test('nextUint32 gives the xoshiro128** stream of the splitmix32-seeded state', () => {
  for (const { seed, uint32 } of fixture.streams) {
    const generator = new Generator(seed);
    assert.deepEqual(
      uint32.map(() => generator.nextUint32()),
      uint32,
      `seed ${seed}`,
    );
  }
});

test('fillBernoulli equals uniform() < p per element, and leaves the generator where those calls would', () => {
  for (const p of [0, 0.3, 0.7, 1]) {
    for (const n of [0, 1, 7, 3200]) {
      const bulk = new Generator(17);
      const single = new Generator(17);
      const mask = new Float32Array(n + 1).fill(-1);
      bulk.fillBernoulli(mask, n, p, 2.5);
      for (let i = 0; i < n; i++) assert.equal(mask[i], single.uniform() < p ? 2.5 : 0, `p ${p}, n ${n}, element ${i}`);
      assert.equal(mask[n], -1, 'nothing past n is written');
      for (let i = 0; i < 5; i++)
        assert.equal(bulk.nextUint32(), single.nextUint32(), `p ${p}, n ${n}: the streams go on alike`);
    }
  }
});

test('fillBernoulli keeps about a fraction p', () => {
  const mask = new Float32Array(100_000);
  new Generator(3).fillBernoulli(mask, mask.length, 0.7, 1);
  const kept = mask.reduce((sum, v) => sum + v, 0) / mask.length;
  // Binomial standard deviation sqrt(0.7·0.3/1e5) ≈ 0.0014: five of them.
  assert.ok(Math.abs(kept - 0.7) < 0.007, `kept ${kept}`);
});
