// The default thread count's split policy, on a clock the test moves: splitting goes on while hand-offs save
// time, pauses when they lose it (for twice as long after each losing trial), and resumes after the pause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SplitPolicy } from '../../src/backend/wasm/split-policy.ts';

function policyOnClock(): { policy: SplitPolicy; clock: { now: number } } {
  const clock = { now: 0 };
  return { policy: new SplitPolicy(() => clock.now), clock };
}

test('hand-offs that save time keep the calls split', () => {
  const { policy, clock } = policyOnClock();
  for (let i = 0; i < 10_000; i++) {
    policy.record('done', 0.05, i % 7 === 0 ? 0.08 : 0.001); // now and then a wait longer than the own part
    if (i % 5 === 0) policy.record('taken-back', 0.05, 0);
    clock.now += 0.2;
    assert.ok(policy.splitting, `still splitting after ${i} hand-offs`);
  }
});

test('a helper that keeps the main thread waiting pauses splitting, longer after each losing trial', () => {
  const { policy, clock } = policyOnClock();
  const pauses: number[] = [];
  for (let trial = 0; trial < 8; trial++) {
    assert.ok(policy.splitting);
    policy.record('done', 0.05, 3); // waited 3 ms for a descheduled helper: lost more than 1 ms at once
    const start = clock.now;
    while (!policy.splitting) clock.now += 1;
    pauses.push(clock.now - start);
  }
  assert.deepEqual(pauses, [250, 500, 1000, 2000, 4000, 8000, 16000, 16000]);
});

test('small losses pause splitting at the end of a window; a saving window resets the pause', () => {
  const { policy, clock } = policyOnClock();
  const window = (handOff: 'done' | 'taken-back', waited: number) => {
    for (let i = 0; i < 32; i++) policy.record(handOff, 0.05, waited);
  };
  window('done', 0.06); // loses 0.32 ms: under the at-once limit, but the window saved nothing
  assert.equal(policy.splitting, false);
  clock.now += 250;
  assert.ok(policy.splitting);
  window('taken-back', 0); // saves nothing either: the next pause is twice as long
  clock.now += 250;
  assert.equal(policy.splitting, false);
  clock.now += 250;
  assert.ok(policy.splitting);
  window('done', 0.01); // saves time: the next pause is back to the shortest
  assert.ok(policy.splitting);
  window('taken-back', 0);
  clock.now += 250;
  assert.ok(policy.splitting);
});
