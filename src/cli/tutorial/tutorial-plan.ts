// How much of the tutorial to run: the full chapters, or a quick subset for smoke tests.

/** Sizes and epoch counts of one tutorial run. */
export interface TutorialPlan {
  quick: boolean;
  /** Training images taken from the 60,000 (all of them in a full run). */
  trainRows: number;
  /** Epochs where the tutorial trains for 5. */
  shortEpochs: number;
  /** Epochs where the tutorial trains for 20. */
  longEpochs: number;
  /** Seed for weight initialisation, dropout masks and fit's shuffling. */
  seed: number;
}

/** The plan for `nabla tutorial` (quick: 2,000 images, 1 and 3 epochs). */
export function tutorialPlan(quick: boolean, seed: number): TutorialPlan {
  return quick
    ? { quick, trainRows: 2000, shortEpochs: 1, longEpochs: 3, seed }
    : { quick, trainRows: 60000, shortEpochs: 5, longEpochs: 20, seed };
}
