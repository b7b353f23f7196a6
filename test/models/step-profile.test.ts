// The training-step profile charges time to the phase that took it, per step and as a share of the total,
// in wall time (a phase that sleeps takes wall time and no CPU time, so the two columns tell them apart).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { STEP_PHASES, StepProfile } from '../../src/models/step-profile.ts';

function sleep(milliseconds: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, milliseconds);
}

test('a phase that sleeps 20 ms a step shows ~20,000 wall µs per step and the largest wall share', () => {
  // CPU time is the process's: let the compiler's background threads finish with this code first.
  const warmUp = new StepProfile(true);
  for (let step = 0; step < 3; step++) {
    warmUp.begin();
    for (let phase = 0; phase < STEP_PHASES.length; phase++) warmUp.mark(phase);
  }
  warmUp.report();
  sleep(50);
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
  const header = report.match(new RegExp(`over ${steps} steps \\(([\\d.]+) ms wall`));
  assert.ok(header !== null, report);
  const totalWallMs = Number(header[1]);
  const row = report.split('\n').find((line) => line.trim().startsWith('optimizer'))!;
  const [wallMs, cpuMs, perStep, share] = row.trim().split(/\s+/).slice(1).map(Number);
  assert.ok(wallMs >= 3 * 19 && wallMs < 3 * 60, `wall ${wallMs} ms for three 20 ms sleeps`);
  assert.ok(cpuMs < wallMs / 2, `a sleep takes little CPU time (${cpuMs} of ${wallMs} ms)`);
  // The wall column is printed to 0.1 ms, so it says the per-step value to within 0.05 ms / steps.
  assert.ok(
    Math.abs(perStep - (wallMs * 1000) / steps) <= 50 / steps + 0.1,
    `per step ${perStep} µs is the wall time over the steps`,
  );
  // The share is of the wall total (a share of CPU time would be near zero for a sleep); the other phases do
  // nothing but may be descheduled on a busy machine, so the bound on the share itself is loose.
  // The header's total is printed to 1 ms, the phase's wall to 0.1 ms and the share to 0.1%.
  const [low, high] = [
    (100 * (wallMs - 0.05)) / (totalWallMs + 0.5) - 0.05,
    (100 * (wallMs + 0.05)) / (totalWallMs - 0.5) + 0.05,
  ];
  assert.ok(share >= low && share <= high, `share ${share}% is ${wallMs} of ${totalWallMs} ms wall`);
  // "Nearly all": the sleeping phase has the largest share. (Its share could drop under half only if this
  // thread were held back for more than the three sleeps in the empty phases, which a loaded machine did.)
  const shares = report
    .split('\n')
    .slice(2)
    .filter((line) => line.trim() !== '')
    .map((line) => Number(line.trim().split(/\s+/)[4]));
  assert.equal(Math.max(...shares), share, `the optimizer's ${share}% is the largest share of ${shares.join(', ')}`);
});

test('a disabled profile records nothing', () => {
  const profile = new StepProfile(false);
  profile.begin();
  sleep(5);
  for (let phase = 0; phase < STEP_PHASES.length; phase++) profile.mark(phase);
  assert.match(profile.report(), /over 0 steps \(0 ms wall, 0 ms cpu\)/);
});
