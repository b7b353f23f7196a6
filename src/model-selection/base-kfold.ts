import { ValueError } from '../errors.ts';
import { type CrossValidator, type KFoldOptions, checkKFoldOptions } from './cross-validator.ts';
import type { Features, Labels } from './samples.ts';
import type { RandomStateLike, SplitIndices } from './shuffle-split.ts';
import { checkOptions } from '../options.ts';
import { KFOLD_KEYS } from '../option-keys.ts';

/** scikit-learn's `_BaseKFold`: the options and checks KFold and StratifiedKFold share. */
export abstract class BaseKFold implements CrossValidator {
  readonly nSplits: number;
  readonly shuffle: boolean;
  readonly randomState: RandomStateLike;

  constructor(options: KFoldOptions = {}) {
    checkOptions(this.constructor.name, options, KFOLD_KEYS);
    this.nSplits = checkKFoldOptions(options);
    this.shuffle = options.shuffle ?? false;
    this.randomState = options.randomState;
  }

  getNSplits(): number {
    return this.nSplits;
  }

  abstract split(x: Features | readonly unknown[], y?: Labels): SplitIndices[];

  /** Refuses more folds than samples, as scikit-learn's split does. */
  protected checkSampleCount(nSamples: number): void {
    if (this.nSplits > nSamples) {
      throw new ValueError(
        `cannot have number of splits nSplits=${this.nSplits} greater than the number of samples: nSamples=${nSamples}`,
      );
    }
  }
}
