import type { Tracker } from '../metrics/tracker.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';
import type { Features, Targets } from './data.ts';
import { type ModelPlan, rowsFrom } from './plan.ts';
import type { StepProfile } from './step-profile.ts';

/** The rows a loop feeds a plan: features, targets, and one weight per sample or null. */
export interface Dataset {
  x: Features;
  y: Targets;
  weights: Float32Array | null;
}

/** Adds the batch of `rows` rows from `firstRow` of the plan's buffers to the tracker. */
export function track(tracker: Tracker, plan: ModelPlan, lossSum: number, rows: number, units: number, data: Dataset, firstRow = 0): void {
  const labels = data.y.labels !== null;
  tracker.update({
    lossSum, rows, cols: units, labels, predictions: rowsFrom(plan.predictions, firstRow, units),
    targets: labels ? rowsFrom(plan.labels, firstRow, 1) : rowsFrom(plan.targets, firstRow, units),
    weights: data.weights === null ? null : rowsFrom(plan.weights, firstRow, 1),
  });
}

/**
 * One training step on the batch already in the plan's buffers (Keras train_step): forward with dropout,
 * the loss and metrics into the tracker, backward, one optimizer update, the layers' weight constraints. fit and trainOnBatch both run it;
 * the profile's marks 1-4 time its phases (mark 0, the gathering of the batch, is the caller's).
 */
export function trainStep(
  plan: ModelPlan, optimizer: Optimizer, tracker: Tracker, rows: number, data: Dataset, units: number, profile: StepProfile | null,
): void {
  plan.forward(rows, true);
  profile?.mark(1);
  track(tracker, plan, plan.lossSum(rows, 0, data.weights !== null), rows, units, data);
  profile?.mark(2);
  plan.backward(rows);
  profile?.mark(3);
  optimizer.applyGradients();
  plan.applyConstraints();
  profile?.mark(4);
}
