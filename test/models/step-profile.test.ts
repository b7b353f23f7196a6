// The training-step profile charges time to the phase that took it, per step and as a share of the total,
// in wall time (a phase that sleeps takes wall time and no CPU time, so the two columns tell them apart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STEP_PHASES, StepProfile } from '../../src/models/step-profile.ts';

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

test('a phase that sleeps 20 ms a step shows ~20,000 wall µs per step and nearly all of the wall share', () => {
  const profile = new StepProfile(true);
  const steps = 3;
  for (let step = 0; step < steps; step++) {
    profile.begin();
    for (let phase = 0; phase < STEP_PHASES.length; phase++) {
      if (STEP_PHASES[phase] === 'optimizer') sleep(20);
      profile.mark(phase);
    }
  }
  const report = profile.report();
  assert.match(report, new RegExp(`over ${steps} steps`));
  const row = report.split('\n').find((line) => line.trim().startsWith('optimizer'))!;
  const [wallMs, cpuMs, perStep, share] = row.trim().split(/\s+/).slice(1).map(Number);
  assert.ok(wallMs >= 3 * 19 && wallMs < 3 * 60, `wall ${wallMs} ms for three 20 ms sleeps`);
  assert.ok(cpuMs < wallMs / 2, `a sleep takes little CPU time (${cpuMs} of ${wallMs} ms)`);
  // The wall column is printed to 0.1 ms, so it says the per-step value to within 0.05 ms / steps.
  assert.ok(Math.abs(perStep - (wallMs * 1000) / steps) <= 50 / steps + 0.1, `per step ${perStep} µs is the wall time over the steps`);
  assert.ok(share > 90, `share ${share}%`);
});

test('a disabled profile records nothing', () => {
  const profile = new StepProfile(false);
  profile.begin();
  sleep(5);
  for (let phase = 0; phase < STEP_PHASES.length; phase++) profile.mark(phase);
  assert.match(profile.report(), /over 0 steps \(0 ms wall, 0 ms cpu\)/);
});
