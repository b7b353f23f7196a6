import { ValueError } from '../errors.ts';
import { checkRandomState } from '../random/random-state.ts';
import { BaseKFold } from './base-kfold.ts';
import { splitsFromTestFolds } from './cross-validator.ts';
import { type Features, type Labels, numSamples, toLabelValues } from './samples.ts';
import type { SplitIndices } from './shuffle-split.ts';
import { warn } from './warnings.ts';

/**
 * scikit-learn's `StratifiedKFold(n_splits=5, shuffle=False, random_state=None)`: each fold keeps the class
 * proportions; classes are taken in order of first appearance and their samples get fold ids in blocks.
 */
export class StratifiedKFold extends BaseKFold {
  split(x: Features | readonly unknown[], y?: Labels): SplitIndices[] {
    if (y === undefined) throw new ValueError('StratifiedKFold.split needs the labels y to stratify by');
    const nSamples = numSamples(x);
    this.checkSampleCount(nSamples);
    const labels = toLabelValues(y);
    if (labels.length !== nSamples) throw new ValueError(`y has ${labels.length} labels for ${nSamples} samples`);
    return splitsFromTestFolds(this.testFolds(labels), this.nSplits);
  }

  /** `_make_test_folds`: the fold id of every sample. */
  private testFolds(labels: Float64Array): Int32Array {
    if (labels.some((v) => !Number.isInteger(v))) {
      throw new ValueError(
        'StratifiedKFold supports binary or multiclass integer labels; got non-integer (continuous) values',
      );
    }
    const codeOf = new Map<number, number>();
    const encoded = Int32Array.from(labels, (label) => {
      if (!codeOf.has(label)) codeOf.set(label, codeOf.size);
      return codeOf.get(label)!;
    });
    const nClasses = codeOf.size;
    const counts = new Int32Array(nClasses);
    for (const c of encoded) counts[c]++;
    this.checkClassSizes(counts);
    const allocation = this.allocate(encoded, nClasses);
    const rng = checkRandomState(this.randomState);
    const testFolds = new Int32Array(labels.length);
    for (let c = 0; c < nClasses; c++) {
      const foldsForClass: number[] = [];
      for (let fold = 0; fold < this.nSplits; fold++) {
        for (let k = 0; k < allocation[fold][c]; k++) foldsForClass.push(fold);
      }
      if (this.shuffle) rng.shuffle(foldsForClass);
      let next = 0;
      encoded.forEach((code, i) => {
        if (code === c) testFolds[i] = foldsForClass[next++];
      });
    }
    return testFolds;
  }

  private checkClassSizes(counts: Int32Array): void {
    if (counts.every((count) => this.nSplits > count)) {
      throw new ValueError(`nSplits=${this.nSplits} cannot be greater than the number of members in each class`);
    }
    const least = Math.min(...counts);
    if (this.nSplits > least) {
      warn(
        'UserWarning',
        `The least populated class in y has only ${least} members, which is less than nSplits=${this.nSplits}.`,
      );
    }
  }

  /** Round robin over the sorted codes: allocation[fold][class] = test samples of that class in that fold. */
  private allocate(encoded: Int32Array, nClasses: number): Int32Array[] {
    const sorted = Int32Array.from(encoded).sort();
    const allocation = Array.from({ length: this.nSplits }, () => new Int32Array(nClasses));
    sorted.forEach((code, i) => allocation[i % this.nSplits][code]++);
    return allocation;
  }
}
