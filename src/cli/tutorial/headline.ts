// The report's opening table: this run's main numbers next to the tutorial's own (Keras on the canonical files).
import type { ReportSection } from '../../report/report-document.ts';
import { numberAt } from '../../report/results.ts';
import { record, type TutorialContext } from './tutorial-context.ts';

/** What the tutorial printed for the same steps (tf.keras / scikit-learn, canonical Fashion-MNIST files). */
const TUTORIAL_PRINTED = {
  crossValidation: 0.8195666666666668,
  dense10ValAccuracy: 0.8589583039283752,
  adamValAccuracy: 0.8784999847412109,
};

/** Gathers the headline numbers into results.headline and returns the section that shows them. */
export function headlineSection(ctx: TutorialContext): ReportSection {
  const at = (path: string): number => numberAt(ctx.results, path);
  record(ctx, 'headline', 'thisRun', {
    crossValidation: at('chapter17.crossValidation.meanTestScore'),
    dense10ValAccuracy: at('chapter17.dense10.valAccuracy'),
    adamValAccuracy: at('chapter18.optimizers.adam.valAccuracy'),
    stoppedEpoch: at('chapter19.earlyStopping.stoppedEpoch'),
  });
  record(ctx, 'headline', 'tutorial', TUTORIAL_PRINTED);
  const row = (label: string, key: keyof typeof TUTORIAL_PRINTED): [string, { path: string }, { path: string }] => [
    label,
    { path: `headline.thisRun.${key}` },
    { path: `headline.tutorial.${key}` },
  ];
  return {
    title: 'Summary',
    blocks: [
      {
        kind: 'paragraph',
        text: ctx.plan.quick
          ? 'A quick run on a small subset: the numbers show that every step works, not how well the models do.'
          : 'The main numbers of this run next to those the tutorial printed (Keras and scikit-learn on the canonical files).',
      },
      {
        kind: 'table',
        columns: ['step', 'nabla (this run)', 'the tutorial'],
        rows: [
          row('SGDClassifier, mean 5-fold cross-validation accuracy', 'crossValidation'),
          row('Dense(10, softmax), validation accuracy', 'dense10ValAccuracy'),
          row('784-100-10 relu network with Adam, validation accuracy', 'adamValAccuracy'),
          ['EarlyStopping(patience=2): stopped_epoch', { path: 'headline.thisRun.stoppedEpoch', digits: 0 }, '—'],
        ],
      },
    ],
  };
}
