import { ValueError } from '../errors.ts';
import { isCategorical } from './class-labels.ts';
import { type Labels, toLabelValues } from './samples.ts';

/** scikit-learn's `accuracy_score(y_true, y_pred, normalize=True)`: the fraction (or count) of exact matches. */
export function accuracyScore(yTrue: Labels, yPred: Labels, options: { normalize?: boolean } = {}): number {
  // String or boolean labels are compared as they are: two separate encodings would not agree.
  const truth = isCategorical(yTrue) ? yTrue : toLabelValues(yTrue);
  const predicted = isCategorical(yPred) ? yPred : toLabelValues(yPred);
  if (truth.length !== predicted.length) {
    throw new ValueError(
      `found input variables with inconsistent numbers of samples: [${truth.length}, ${predicted.length}]`,
    );
  }
  if (truth.length === 0) throw new ValueError('accuracyScore needs at least one sample');
  let correct = 0;
  for (let i = 0; i < truth.length; i++) if (truth[i] === predicted[i]) correct++;
  return options.normalize === false ? correct : correct / truth.length;
}
