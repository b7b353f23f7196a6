import type { Tracker } from '../metrics/tracker.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';
import type { Features, Targets } from './data.ts';
import { type ModelPlan, rowsFrom } from './plan.ts';
import type { StepProfile } from './step-profile.ts';

/** The rows a loop feeds a plan: one feature matrix per model input, one target set per output, the sample weights. */
export interface Dataset {
  xs: Features[];
  ys: Targets[];
  rows: number;
  /** One weight per sample (applied to every output), or null. */
  weights: Float32Array | null;
}

/**
 * Scores `rows` rows of the plan's last forward pass from `firstRow` into the tracker: each output's loss
 * (seeding the backward pass in a training plan) and metrics, and the total loss with the layers' penalties.
 */
export function track(tracker: Tracker, plan: ModelPlan, rows: number, data: Dataset, firstRow = 0): void {
  const weighted = data.weights !== null;
  let total = 0;
  plan.heads.forEach((head, j) => {
    const lossSum = head.lossSum(rows, firstRow, weighted);
    total += head.weight * lossSum;
    const units = head.units;
    const labels = data.ys[j].labels !== null;
    tracker.updateOutput(j, {
      lossSum,
      rows,
      cols: units,
      labels,
      predictions: rowsFrom(head.predictions, firstRow, units),
      targets: labels ? rowsFrom(head.labels, firstRow, 1) : rowsFrom(head.targets, firstRow, units),
      weights: weighted ? rowsFrom(plan.weights, firstRow, 1) : null,
    });
  });
  // Regularization penalties count once per batch in the batch's mean loss (Keras adds them to the loss).
  tracker.updateLoss(total + rows * plan.penalty(rows, firstRow), rows);
}

/**
 * One training step on the batch already in the plan's buffers (Keras train_step): forward with dropout,
 * the losses and metrics into the tracker (which seeds the backward pass), backward, one optimizer update,
 * the layers' weight constraints. fit and trainOnBatch both run it; the profile's marks 1-4 time its phases
 * (mark 0, the gathering of the batch, is the caller's).
 */
export function trainStep(
  plan: ModelPlan,
  optimizer: Optimizer,
  tracker: Tracker,
  rows: number,
  data: Dataset,
  profile: StepProfile | null,
): void {
  plan.forward(rows, true);
  profile?.mark(1);
  track(tracker, plan, rows, data);
  profile?.mark(2);
  plan.backward(rows);
  profile?.mark(3);
  optimizer.applyGradients();
  plan.applyConstraints();
  profile?.mark(4);
}
