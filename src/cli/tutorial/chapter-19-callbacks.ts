// Chapter 19, callbacks: ModelCheckpoint keeps the best model, EarlyStopping ends training when it stops improving.
import * as nb from '../../index.ts';
import type { SplitData } from './chapter-17.ts';
import { CH19, SECTION_19, QUIET_FIT, plotHistory } from './chapter-19-shared.ts';
import { compileForLabels, modelFn } from './model-fn.ts';
import { heading, outputPath, record, report, type TutorialContext } from './tutorial-context.ts';
import { historyRecord, lossAndAccuracy } from './tutorial-values.ts';

/** Runs the checkpoint and early-stopping steps. */
export async function runCallbackSteps(ctx: TutorialContext, split: SplitData): Promise<void> {
  await checkpointBest(ctx, split);
  await stopEarly(ctx, split);
}

/** checkpoint_cb = ModelCheckpoint('best-model.h5', save_best_only=True); fit(…, callbacks=[checkpoint_cb]); load_model */
async function checkpointBest(ctx: TutorialContext, split: SplitData): Promise<void> {
  heading(ctx, "19.5 ModelCheckpoint('best-model.h5', save_best_only=True)");
  const model = modelFn(new nb.layers.Dropout(0.3));
  compileForLabels(model, 'adam');
  const checkpoint = new nb.callbacks.ModelCheckpoint(outputPath(ctx, 'best-model.h5'), { saveBestOnly: true });
  const history = historyRecord(
    await model.fit(split.trainScaled, split.trainTarget, {
      epochs: ctx.plan.longEpochs,
      verbose: QUIET_FIT,
      validationData: [split.valScaled, split.valTarget],
      callbacks: [checkpoint],
    }),
  );
  const best = await nb.models.loadModel(outputPath(ctx, 'best-model.h5'));
  const val = lossAndAccuracy(await best.evaluate(split.valScaled, split.valTarget));
  ctx.log(`[${val.loss}, ${val.accuracy}]`);
  const bestEpoch = argMin(history.val_loss ?? []);
  record(ctx, CH19, 'checkpoint', {
    history,
    bestEpoch,
    bestValLoss: history.val_loss?.[bestEpoch] ?? null,
    loadedValLoss: val.loss,
    loadedValAccuracy: val.accuracy,
  });
  report(
    ctx,
    SECTION_19,
    {
      kind: 'paragraph',
      text: 'ModelCheckpoint saves the model at the end of every epoch whose validation loss is the best so far; loading best-model.h5 gives that epoch back.',
    },
    {
      kind: 'metrics',
      items: [
        { label: 'best epoch (0-based)', path: `${CH19}.checkpoint.bestEpoch`, digits: 0 },
        { label: 'best val_loss during fit', path: `${CH19}.checkpoint.bestValLoss` },
        { label: "load_model('best-model.h5'): val loss", path: `${CH19}.checkpoint.loadedValLoss` },
        { label: "load_model('best-model.h5'): val accuracy", path: `${CH19}.checkpoint.loadedValAccuracy` },
      ],
    },
  );
}

/** early_stopping_cb = EarlyStopping(patience=2, restore_best_weights=True); print(early_stopping_cb.stopped_epoch) */
async function stopEarly(ctx: TutorialContext, split: SplitData): Promise<void> {
  heading(ctx, '19.6 EarlyStopping(patience=2, restore_best_weights=True)');
  const model = modelFn(new nb.layers.Dropout(0.3));
  compileForLabels(model, 'adam');
  const checkpoint = new nb.callbacks.ModelCheckpoint(outputPath(ctx, 'best-model.h5'), { saveBestOnly: true });
  const earlyStopping = new nb.callbacks.EarlyStopping({ patience: 2, restoreBestWeights: true });
  const history = historyRecord(
    await model.fit(split.trainScaled, split.trainTarget, {
      epochs: ctx.plan.longEpochs,
      verbose: QUIET_FIT,
      validationData: [split.valScaled, split.valTarget],
      callbacks: [checkpoint, earlyStopping],
    }),
  );
  const stoppedEpoch = earlyStopping.stoppedEpoch;
  ctx.log(String(stoppedEpoch));
  const val = lossAndAccuracy(await model.evaluate(split.valScaled, split.valTarget));
  ctx.log(`[${val.loss}, ${val.accuracy}]`);
  const bestEpoch = argMin(history.val_loss ?? []);
  const epochsRun = history.loss?.length ?? 0;
  record(ctx, CH19, 'earlyStopping', {
    history,
    stoppedEpoch,
    epochsRun,
    bestEpoch,
    bestValLoss: history.val_loss?.[bestEpoch] ?? null,
    valLoss: val.loss,
    valAccuracy: val.accuracy,
  });
  const stopped = stoppedEpoch > 0;
  report(
    ctx,
    SECTION_19,
    {
      kind: 'paragraph',
      text: stopped
        ? 'EarlyStopping ended training once the validation loss had not improved for 2 epochs, and put back the weights of the best epoch.'
        : `EarlyStopping did not stop within ${ctx.plan.longEpochs} epochs; the weights of the best epoch were put back at the end.`,
    },
    {
      kind: 'metrics',
      items: [
        { label: 'early_stopping_cb.stopped_epoch', path: `${CH19}.earlyStopping.stoppedEpoch`, digits: 0 },
        { label: 'epochs run', path: `${CH19}.earlyStopping.epochsRun`, digits: 0 },
        { label: 'best epoch (0-based)', path: `${CH19}.earlyStopping.bestEpoch`, digits: 0 },
        { label: 'validation loss (restored weights)', path: `${CH19}.earlyStopping.valLoss` },
        { label: 'validation accuracy (restored weights)', path: `${CH19}.earlyStopping.valAccuracy` },
      ],
    },
  );
  plotHistory(
    ctx,
    'early-stopping.svg',
    history,
    {
      keys: ['loss', 'val_loss'],
      legend: ['train', 'val'],
      title: 'Early stopping: training and validation loss',
      ...(stopped ? { markEpoch: stoppedEpoch, markLabel: `stopped_epoch = ${stoppedEpoch}` } : {}),
    },
    stopped
      ? 'The dashed line marks the epoch at which training stopped (early_stopping_cb.stopped_epoch).'
      : 'Training and validation loss.',
  );
}

function argMin(values: readonly number[]): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! < values[best]!) best = i;
  return best;
}
