import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RandomState, RandomStateGenerator, checkRandomState } from '../../src/random/random-state.ts';
import { ValueError } from '../../src/errors.ts';

// Fixture made by numpy's RandomState: test/fixtures/random/make-random-state.py (command inside).
const fixture = JSON.parse(readFileSync(new URL('../fixtures/random/random-state.json', import.meta.url), 'utf8'));

test('permutation(n) equals numpy for every fixture seed and n', () => {
  for (const { seed, n, values } of fixture.permutation) {
    assert.deepEqual(Array.from(new RandomState(seed).permutation(n)), values, `seed ${seed}, n ${n}`);
  }
});

test('the documented example: seed 42, n 10', () => {
  assert.deepEqual(Array.from(RandomState(42).permutation(10)), [8, 1, 5, 0, 7, 2, 9, 4, 3, 6]);
});

test('long permutations (48,000 to 70,000) match numpy head, tail and checksum', () => {
  for (const { seed, n, head, tail, checksum } of fixture.long_permutation) {
    const perm = new RandomState(seed).permutation(n);
    assert.deepEqual(Array.from(perm.subarray(0, 20)), head);
    assert.deepEqual(Array.from(perm.subarray(n - 20)), tail);
    let sum = 0n;
    for (let i = 0; i < n; i++) sum += BigInt(i) * BigInt(perm[i]);
    assert.equal(Number(sum % 2147483647n), checksum);
  }
});

test('randint equals numpy for 32-bit, full-word and 64-bit ranges, negative lows included', () => {
  for (const { seed, low, high, values } of fixture.randint) {
    assert.deepEqual(
      Array.from(new RandomState(seed).randint(low, high, 40)),
      values,
      `seed ${seed} [${low}, ${high})`,
    );
  }
});

test('scalar randint draws the same stream as the sized form', () => {
  const { seed, low, high, values } = fixture.randint.find((r: { high: number }) => r.high === 2147483647);
  const rs = new RandomState(seed);
  const scalars = values.map(() => rs.randint(low, high));
  assert.deepEqual(scalars, values);
});

test("randomSample gives numpy's 53-bit doubles exactly; rand(d0, d1) is the same stream", () => {
  for (const { seed, values } of fixture.random_sample) {
    assert.deepEqual(Array.from(new RandomState(seed).randomSample(50)), values);
    assert.deepEqual(Array.from(new RandomState(seed).rand(5, 10)), values);
    assert.equal(new RandomState(seed).randomSample(), values[0]);
  }
});

test('shuffle permutes a plain array in place as numpy does', () => {
  for (const { seed, n, values } of fixture.shuffle) {
    const items = Array.from({ length: n }, (_, i) => i);
    const returned = new RandomState(seed).shuffle(items);
    assert.equal(returned, items);
    assert.deepEqual(items, values);
  }
});

test('array seeds use init_by_array as numpy does', () => {
  for (const { seed, raw, permutation } of fixture.array_seed) {
    const rs = new RandomState(seed);
    assert.deepEqual(Array.from(rs.randint(0, 2 ** 32, 10)), raw);
    assert.deepEqual(Array.from(rs.permutation(30)), permutation);
  }
});

test('seed() resets the stream; instances from `new` and a plain call are RandomStates', () => {
  const rs = new RandomState(5);
  const first = rs.randomSample(4);
  rs.seed(5);
  assert.deepEqual(rs.randomSample(4), first);
  assert.ok(RandomState(1) instanceof RandomState);
  assert.ok(new RandomState(1) instanceof RandomStateGenerator);
  assert.equal(checkRandomState(rs), rs);
  assert.deepEqual(checkRandomState(42).permutation(10), RandomState(42).permutation(10));
});

test('unseeded generators differ from each other', () => {
  assert.notDeepEqual(new RandomState().randomSample(4), new RandomState().randomSample(4));
});

test('bad seeds and bounds give clear errors', () => {
  assert.throws(() => new RandomState(-1), ValueError);
  assert.throws(() => new RandomState(2 ** 32), /between 0 and 2\*\*32 - 1/);
  assert.throws(() => new RandomState(1.5), ValueError);
  assert.throws(() => new RandomState([]), /non-empty/);
  assert.throws(() => new RandomState(0).randint(5, 5), /low < high/);
  assert.throws(() => new RandomState(0).permutation(-1), ValueError);
});

test('copy() and getState()/setState() continue the same stream', () => {
  const rs = new RandomState(9);
  rs.randint(100, undefined, 7);
  const twin = rs.copy();
  const saved = rs.getState();
  const expected = rs.randomSample(5);
  assert.deepEqual(twin.randomSample(5), expected);
  const restored = new RandomState(0);
  restored.setState(saved);
  assert.deepEqual(restored.randomSample(5), expected);
  assert.throws(() => restored.setState({ key: [1, 2], pos: 0 }), /624 key words/);
});
