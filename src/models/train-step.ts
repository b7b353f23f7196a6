import type { Optimizer } from '../optimizers/optimizer.ts';
import type { Targets } from './data.ts';
import type { ModelPlan } from './plan.ts';
import type { StepProfile } from './step-profile.ts';
import type { Tracker } from './tracker.ts';

/**
 * One training step on the batch already in the plan's buffers (Keras train_step): forward with dropout,
 * the losses and metrics into the tracker (which seeds the backward pass), backward, one optimizer update.
 * fit and trainOnBatch both run it; the profile's marks 1-4 time its phases (mark 0, the gathering of the
 * batch, is the caller's).
 */
export function trainStep(
  plan: ModelPlan, optimizer: Optimizer, tracker: Tracker, rows: number, ys: readonly Targets[], profile: StepProfile | null,
): void {
  plan.forward(rows, true);
  profile?.mark(1);
  tracker.update(plan, rows, ys);
  profile?.mark(2);
  plan.backward(rows);
  profile?.mark(3);
  optimizer.applyGradients();
  profile?.mark(4);
}
