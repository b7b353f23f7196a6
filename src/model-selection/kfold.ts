import { checkRandomState } from '../random/random-state.ts';
import { BaseKFold } from './base-kfold.ts';
import { splitsFromTestFolds } from './cross-validator.ts';
import { type Features, type Labels, numSamples } from './samples.ts';
import type { SplitIndices } from './shuffle-split.ts';

/** scikit-learn's `KFold(n_splits=5, shuffle=False, random_state=None)`: consecutive folds, first ones one larger. */
export class KFold extends BaseKFold {
  split(x: Features | readonly unknown[], _y?: Labels): SplitIndices[] {
    const nSamples = numSamples(x);
    this.checkSampleCount(nSamples);
    const order = Int32Array.from({ length: nSamples }, (_, i) => i);
    if (this.shuffle) checkRandomState(this.randomState).shuffle(order);
    const testFolds = new Int32Array(nSamples);
    let start = 0;
    for (let fold = 0; fold < this.nSplits; fold++) {
      const size = Math.floor(nSamples / this.nSplits) + (fold < nSamples % this.nSplits ? 1 : 0);
      for (let k = start; k < start + size; k++) testFolds[order[k]] = fold;
      start += size;
    }
    return splitsFromTestFolds(testFolds, this.nSplits);
  }
}
