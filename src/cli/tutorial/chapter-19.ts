// Chapter 19: good practice in training: loss curves, validation loss, dropout, saving and restoring.
import * as nb from '../../index.ts';
import { CLASS_NAMES } from './fashion-data.ts';
import type { SplitData } from './chapter-17.ts';
import { compileForLabels, modelFn, type SequentialModel } from './model-fn.ts';
import {
  heading,
  outputPath,
  record,
  report,
  savePicture,
  secondsSince,
  type TutorialContext,
} from './tutorial-context.ts';
import { epochsText, historyRecord, lossAndAccuracy, numbers } from './tutorial-values.ts';
import { runCallbackSteps } from './chapter-19-callbacks.ts';
import { CH19, QUIET_FIT, SECTION_19, plotHistory } from './chapter-19-shared.ts';

/** Runs chapter 19 in the tutorial's order. */
export async function runChapter19(ctx: TutorialContext, split: SplitData): Promise<void> {
  await lossCurves(ctx, split);
  await validationLoss(ctx, split);
  const dropoutModel = await dropoutTraining(ctx, split);
  await saveAndRestore(ctx, dropoutModel, split);
  await runCallbackSteps(ctx, split);
}

/** model.compile(loss=…, metrics='accuracy'); history = model.fit(…, epochs=5, verbose=0); plot loss and accuracy */
async function lossCurves(ctx: TutorialContext, split: SplitData): Promise<void> {
  heading(ctx, `19.1 Loss curves: fit(epochs=${ctx.plan.shortEpochs}, verbose=0), plt.plot(history.history['loss'])`);
  const model = modelFn();
  compileForLabels(model);
  const history = historyRecord(
    await model.fit(split.trainScaled, split.trainTarget, { epochs: ctx.plan.shortEpochs, verbose: QUIET_FIT }),
  );
  ctx.log(
    `dict_keys([${Object.keys(history)
      .map((k) => `'${k}'`)
      .join(', ')}])`,
  );
  record(ctx, CH19, 'shortHistory', history);
  report(ctx, SECTION_19, {
    kind: 'paragraph',
    text: `The chapter's model (Flatten, Dense(100, relu), Dense(10, softmax)) with the default optimizer (RMSprop): the loss falls and the accuracy rises.`,
  });
  plotHistory(
    ctx,
    'loss-short.svg',
    history,
    { keys: ['loss'], title: `Training loss, ${epochsText(ctx.plan.shortEpochs)}` },
    "plt.plot(history.history['loss'])",
  );
  plotHistory(
    ctx,
    'accuracy-short.svg',
    history,
    { keys: ['accuracy'], title: `Training accuracy, ${epochsText(ctx.plan.shortEpochs)}` },
    "plt.plot(history.history['accuracy'])",
  );
}

/**
 * history = model.fit(…, epochs=20, verbose=0, validation_data=(val_scaled, val_target)); plot loss and val_loss.
 * The tutorial's 20-epoch loss curve and its train-vs-validation curve come from this one fit.
 */
async function validationLoss(ctx: TutorialContext, split: SplitData): Promise<void> {
  heading(ctx, `19.2 Validation loss: fit(epochs=${ctx.plan.longEpochs}, validation_data=(val_scaled, val_target))`);
  const model = modelFn();
  compileForLabels(model);
  const start = performance.now();
  const history = historyRecord(
    await model.fit(split.trainScaled, split.trainTarget, {
      epochs: ctx.plan.longEpochs,
      verbose: QUIET_FIT,
      validationData: [split.valScaled, split.valTarget],
    }),
  );
  record(ctx, CH19, 'longHistory', history);
  record(ctx, CH19, 'longFitSeconds', secondsSince(start));
  plotHistory(
    ctx,
    'loss-long.svg',
    history,
    { keys: ['loss'], title: `Training loss, ${epochsText(ctx.plan.longEpochs)}` },
    'More epochs: the training loss keeps falling.',
  );
  plotHistory(
    ctx,
    'validation-loss.svg',
    history,
    { keys: ['loss', 'val_loss'], legend: ['train', 'val'], title: 'Training and validation loss' },
    'Training against validation loss: the validation loss stops falling while the training loss goes on (overfitting).',
  );
}

/** model_fn(keras.layers.Dropout(0.3)); model.summary(); compile(optimizer='adam'); fit with validation data */
async function dropoutTraining(ctx: TutorialContext, split: SplitData): Promise<SequentialModel> {
  heading(ctx, '19.3 Dropout(0.3), optimizer adam');
  const model = modelFn(new nb.layers.Dropout(0.3));
  const summary = model.summaryText();
  ctx.log(summary);
  compileForLabels(model, 'adam');
  const history = historyRecord(
    await model.fit(split.trainScaled, split.trainTarget, {
      epochs: ctx.plan.longEpochs,
      verbose: QUIET_FIT,
      validationData: [split.valScaled, split.valTarget],
    }),
  );
  record(ctx, CH19, 'dropoutSummary', summary);
  record(ctx, CH19, 'dropoutHistory', history);
  report(ctx, SECTION_19, {
    kind: 'text',
    path: `${CH19}.dropoutSummary`,
    caption: 'model_fn(keras.layers.Dropout(0.3)).summary()',
  });
  plotHistory(
    ctx,
    'dropout-loss.svg',
    history,
    {
      keys: ['loss', 'val_loss'],
      legend: ['train', 'val'],
      title: 'Dropout(0.3) with Adam: training and validation loss',
    },
    'With dropout and Adam the validation loss follows the training loss for longer.',
  );
  return model;
}

/** save_weights / load_weights / save / load_model, and the validation accuracy from predict + argmax */
async function saveAndRestore(ctx: TutorialContext, model: SequentialModel, split: SplitData): Promise<void> {
  heading(ctx, "19.4 model.save_weights('model-weights.h5'), model.save('model-whole.h5'), load_model");
  const trained = lossAndAccuracy(await model.evaluate(split.valScaled, split.valTarget));
  await model.saveWeights(outputPath(ctx, 'model-weights.h5'));
  await model.save(outputPath(ctx, 'model-whole.h5'));

  const fresh = modelFn(new nb.layers.Dropout(0.3));
  await fresh.loadWeights(outputPath(ctx, 'model-weights.h5'));
  // val_labels = np.argmax(model.predict(val_scaled), axis=-1); print(np.mean(val_labels == val_target))
  const valLabels = (await fresh.predict(split.valScaled)).argMax(-1);
  const predictAccuracy = valLabels.equal(split.valTarget).astype('float32').mean().item();
  ctx.log(String(predictAccuracy));

  const loaded = await nb.models.loadModel(outputPath(ctx, 'model-whole.h5'));
  const reloaded = lossAndAccuracy(await loaded.evaluate(split.valScaled, split.valTarget));
  ctx.log(`[${reloaded.loss}, ${reloaded.accuracy}]`);
  record(ctx, CH19, 'saving', {
    trainedValLoss: trained.loss,
    trainedValAccuracy: trained.accuracy,
    predictArgmaxAccuracy: predictAccuracy,
    loadedValLoss: reloaded.loss,
    loadedValAccuracy: reloaded.accuracy,
  });
  report(
    ctx,
    SECTION_19,
    {
      kind: 'paragraph',
      text: 'The dropout model saved as weights (model-weights.h5) and as a whole model (model-whole.h5, Keras HDF5), then restored both ways.',
    },
    {
      kind: 'table',
      columns: ['model', 'validation accuracy', 'validation loss'],
      rows: [
        [
          'trained model, evaluate()',
          { path: `${CH19}.saving.trainedValAccuracy` },
          { path: `${CH19}.saving.trainedValLoss` },
        ],
        [
          'model_fn + load_weights, mean(argmax(predict) == target)',
          { path: `${CH19}.saving.predictArgmaxAccuracy` },
          '—',
        ],
        [
          "load_model('model-whole.h5'), evaluate()",
          { path: `${CH19}.saving.loadedValAccuracy` },
          { path: `${CH19}.saving.loadedValLoss` },
        ],
      ],
    },
  );
  showPredictions(ctx, split, numbers(valLabels.slice(0, 10)));
}

/** The first 10 validation images with the restored model's predictions (a PNG picture in the report). */
function showPredictions(ctx: TutorialContext, split: SplitData, predicted: number[]): void {
  const images = split.valScaled.slice(0, 10);
  const png = nb.plot.imageGridPng(images, { cmap: 'gray_r', columns: 10, scale: 3 });
  savePicture(ctx, 'validation-predictions.png', png);
  const truth = numbers(split.valTarget.slice(0, 10));
  record(ctx, CH19, 'firstPredictions', { predicted, target: truth });
  report(
    ctx,
    SECTION_19,
    {
      kind: 'image',
      png,
      alt: 'the first 10 validation images',
      caption: 'The first 10 validation images',
      file: 'validation-predictions.png',
    },
    {
      kind: 'table',
      caption: 'Predicted and true classes of those images',
      columns: ['image', 'predicted', 'class', 'true', 'class'],
      rows: predicted.map((p, i) => [
        String(i + 1),
        { path: `${CH19}.firstPredictions.predicted.${i}`, digits: 0 },
        CLASS_NAMES[p] ?? '',
        { path: `${CH19}.firstPredictions.target.${i}`, digits: 0 },
        CLASS_NAMES[truth[i]!] ?? '',
      ]),
    },
  );
}
