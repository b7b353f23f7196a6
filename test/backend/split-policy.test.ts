// The default thread count's split policy, on a clock the test moves: splitting goes on while split calls
// save time, pauses when they lose it (for twice as long after each losing trial), and resumes after the pause.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SplitPolicy } from '../../src/backend/wasm/split-policy.ts';

/** A policy past its warm-up calls, on a clock the test moves. */
/** The calls a new policy does not judge. */
const WARM_UP = 256;

function policyOnClock(): { policy: SplitPolicy; clock: { now: number } } {
  const clock = { now: 0 };
  const policy = new SplitPolicy(() => clock.now);
  for (let i = 0; i < WARM_UP; i++) policy.record(-1);
  return { policy, clock };
}

test('the first calls, which run cold, are not judged', () => {
  const policy = new SplitPolicy(() => 0);
  for (let i = 0; i < WARM_UP; i++) {
    policy.record(-5);
    assert.ok(policy.splitting, `still splitting after ${i + 1} cold calls`);
  }
  policy.record(-5);
  assert.equal(policy.splitting, false);
});

test('split calls that save time keep the calls split, now and then a losing one included', () => {
  const { policy, clock } = policyOnClock();
  for (let i = 0; i < 10_000; i++) {
    policy.record(i % 7 === 0 ? -0.03 : 0.04);
    if (i % 50 === 0) policy.recordTakenBack(); // the first call after the helper fell asleep
    clock.now += 0.2;
    assert.ok(policy.splitting, `still splitting after ${i} calls`);
  }
});

test('a call that loses more than a millisecond pauses splitting, longer after each losing trial', () => {
  const { policy, clock } = policyOnClock();
  const pauses: number[] = [];
  for (let trial = 0; trial < 8; trial++) {
    assert.ok(policy.splitting);
    policy.record(-3); // waited 3 ms for a descheduled helper
    const start = clock.now;
    while (!policy.splitting) clock.now += 1;
    pauses.push(clock.now - start);
  }
  assert.deepEqual(pauses, [250, 500, 1000, 2000, 4000, 8000, 16000, 16000]);
});

test('small losses pause splitting at the end of a window; a window that saves resets the pause', () => {
  const { policy, clock } = policyOnClock();
  const window = (saved: number) => {
    for (let i = 0; i < 32; i++) policy.record(saved);
  };
  window(-0.01); // loses 0.32 ms: under the at-once limit, but the window saved nothing
  assert.equal(policy.splitting, false);
  clock.now += 250;
  assert.ok(policy.splitting);
  window(0); // saves nothing either: the next pause is twice as long
  clock.now += 250;
  assert.equal(policy.splitting, false);
  clock.now += 250;
  assert.ok(policy.splitting);
  window(0.02); // saves time: the next pause is back to the shortest
  assert.ok(policy.splitting);
  window(0);
  clock.now += 250;
  assert.ok(policy.splitting);
});

test('parts taken back from an awake helper, about ten in a row, pause splitting', () => {
  const { policy } = policyOnClock();
  for (let i = 0; i < 11; i++) {
    assert.ok(policy.splitting);
    policy.recordTakenBack();
  }
  assert.equal(policy.splitting, false);
});
