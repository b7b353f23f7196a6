// Chapter 20: one convolution on a sample image, then the CNN trained with a checkpoint and early stopping.
import * as nb from '../../../index.ts';
import type { Tensor } from '../../../tensor/tensor.ts';
import { CLASS_NAMES, scalePixels, type FashionData } from '../fashion-data.ts';
import {
  heading,
  outputPath,
  record,
  report,
  savePicture,
  secondsSince,
  type TutorialContext,
} from '../tutorial-context.ts';
import { historyRecord, lossAndAccuracy, numbers, shapeText } from '../tutorial-values.ts';
import { CNN, SECTION_CNN, channelsFirst, chapterCnn, normalized, pictureList, type ImageSplit } from './cnn-shared.ts';

/** The fit's verbosity: one line per epoch keeps the console showing progress. */
const EPOCH_LINES = 2;

/** train_scaled = train_input.reshape(-1, 28, 28, 1) / 255.0; train_test_split(test_size=0.2, random_state=42) */
export function splitImages(ctx: TutorialContext, data: FashionData): ImageSplit {
  heading(ctx, '20.1 train_input.reshape(-1, 28, 28, 1) / 255.0; train_test_split(test_size=0.2, random_state=42)');
  const rows = data.trainInput.shape[0]!;
  const scaled = scalePixels(data.trainInput).reshape([rows, 28, 28, 1]);
  const [trainScaled, valScaled, trainTarget, valTarget] = nb.modelSelection.trainTestSplit(scaled, data.trainTarget, {
    testSize: 0.2,
    randomState: 42,
  });
  const shapes = `${shapeText(trainScaled)} ${shapeText(trainTarget)}\n${shapeText(valScaled)} ${shapeText(valTarget)}`;
  ctx.log(shapes);
  record(ctx, CNN, 'splitShapes', shapes);
  report(ctx, SECTION_CNN, {
    kind: 'text',
    path: `${CNN}.splitShapes`,
    caption: 'Images keep their 28×28 shape and gain a channel axis (channels-last)',
  });
  return { trainScaled, valScaled, trainTarget, valTarget, sample: data.trainInput.slice(0, 1).reshape([28, 28]) };
}

/** A single Conv2D(4, 3, same) applied to one image: each filter gives one feature map of the same size. */
export function singleConvolution(ctx: TutorialContext, split: ImageSplit): void {
  heading(ctx, "20.2 One Conv2D(4, kernel_size=3, padding='same') applied to an image");
  // Named, so that the chapter's model keeps Keras's automatic names (conv2d, conv2d_1) as in the book.
  const conv = new nb.layers.Conv2D(4, 3, { padding: 'same', seed: ctx.plan.seed, name: 'single_convolution' });
  const image = split.trainScaled.slice(0, 1);
  const maps = conv.apply(image);
  ctx.log(`${shapeText(image)} → ${shapeText(maps)}`);
  record(ctx, CNN, 'singleConvolution', {
    inputShape: image.shape as number[],
    outputShape: maps.shape as number[],
    params: conv.countParams(),
  });
  const pictures = [split.trainScaled.slice(0, 1).reshape([28, 28]), ...pictureList(normalized(channelsFirst(maps)))];
  const svg = nb.plot.imageGrid(pictures, {
    labels: ['image', 'map 1', 'map 2', 'map 3', 'map 4'],
    cmap: 'gray_r',
    vmin: 0,
    vmax: 1,
  });
  savePicture(ctx, 'single-convolution.svg', svg);
  report(
    ctx,
    SECTION_CNN,
    {
      kind: 'paragraph',
      text: 'A convolution slides each 3×3 filter over the image; with padding "same" the 28×28 image gives 28×28 feature maps, one per filter (random filters here, before any training).',
    },
    {
      kind: 'svg',
      svg,
      caption: 'An image and the four feature maps of an untrained Conv2D(4, 3, padding="same")',
      file: 'single-convolution.svg',
    },
  );
}

/** keras.utils.plot_model(model, show_shapes=True, to_file='cnn-architecture.png'), as the chapter draws it. */
function drawArchitecture(ctx: TutorialContext, model: nb.Sequential): void {
  heading(ctx, "20.3 keras.utils.plot_model(model, show_shapes=True, to_file='cnn-architecture.png')");
  const svg = nb.utils.plotModel(model, { showShapes: true });
  savePicture(ctx, 'cnn-architecture.svg', svg);
  savePicture(ctx, 'cnn-architecture.png', nb.utils.plotModelPng(model, { showShapes: true }));
  report(ctx, SECTION_CNN, {
    kind: 'svg',
    svg,
    caption: 'keras.utils.plot_model(model, show_shapes=True): each layer with its input and output shapes',
    file: 'cnn-architecture.png',
  });
}

/** model.summary(); compile(adam); fit(epochs=20, callbacks=[ModelCheckpoint('best-cnn-model.keras'), EarlyStopping(patience=2)]) */
export async function trainCnn(ctx: TutorialContext, split: ImageSplit): Promise<nb.Sequential> {
  heading(ctx, '20.3 The CNN: model.summary()');
  const model = chapterCnn();
  const summary = model.summaryText();
  ctx.log(summary.trimEnd());
  record(ctx, CNN, 'summary', summary);
  record(ctx, CNN, 'params', model.countParams());
  report(ctx, SECTION_CNN, { kind: 'text', path: `${CNN}.summary`, caption: 'model.summary()' });
  drawArchitecture(ctx, model);

  heading(
    ctx,
    "20.4 compile(optimizer='adam'); fit with ModelCheckpoint('best-cnn-model.keras', save_best_only=True) and EarlyStopping(patience=2, restore_best_weights=True)",
  );
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const checkpoint = new nb.callbacks.ModelCheckpoint(outputPath(ctx, 'best-cnn-model.keras'), { saveBestOnly: true });
  const earlyStopping = new nb.callbacks.EarlyStopping({ patience: 2, restoreBestWeights: true });
  const start = performance.now();
  const history = historyRecord(
    await model.fit(split.trainScaled, split.trainTarget, {
      epochs: ctx.plan.longEpochs,
      verbose: EPOCH_LINES,
      validationData: [split.valScaled, split.valTarget],
      callbacks: [checkpoint, earlyStopping],
      seed: ctx.plan.seed,
    }),
  );
  const fitSeconds = secondsSince(start);
  const val = lossAndAccuracy(await model.evaluate(split.valScaled, split.valTarget, { verbose: 0 }));
  ctx.log(
    `stopped_epoch ${earlyStopping.stoppedEpoch}; evaluate(val_scaled, val_target): [${val.loss}, ${val.accuracy}]`,
  );
  const best = await nb.models.loadModel(outputPath(ctx, 'best-cnn-model.keras'));
  const reloaded = lossAndAccuracy(await best.evaluate(split.valScaled, split.valTarget, { verbose: 0 }));
  const epochsRun = history.loss?.length ?? 0;
  record(ctx, CNN, 'training', {
    history,
    epochsRun,
    stoppedEpoch: earlyStopping.stoppedEpoch,
    valLoss: val.loss,
    valAccuracy: val.accuracy,
    checkpointValAccuracy: reloaded.accuracy,
    fitSeconds,
    secondsPerEpoch: fitSeconds / Math.max(epochsRun, 1),
  });
  const svg = nb.plot.history(
    { history },
    { keys: ['loss', 'val_loss'], legend: ['train', 'val'], title: 'CNN: training and validation loss' },
  );
  savePicture(ctx, 'cnn-loss.svg', svg);
  report(
    ctx,
    SECTION_CNN,
    {
      kind: 'metrics',
      items: [
        { label: 'epochs run', path: `${CNN}.training.epochsRun`, digits: 0 },
        { label: 'early_stopping_cb.stopped_epoch', path: `${CNN}.training.stoppedEpoch`, digits: 0 },
        { label: 'validation loss (best weights restored)', path: `${CNN}.training.valLoss` },
        { label: 'validation accuracy (best weights restored)', path: `${CNN}.training.valAccuracy` },
        {
          label: "load_model('best-cnn-model.keras'): validation accuracy",
          path: `${CNN}.training.checkpointValAccuracy`,
        },
        { label: 'fit time (s)', path: `${CNN}.training.fitSeconds`, digits: 1 },
        { label: 'seconds per epoch (with validation)', path: `${CNN}.training.secondsPerEpoch`, digits: 1 },
      ],
    },
    { kind: 'svg', svg, caption: 'Training and validation loss per epoch', file: 'cnn-loss.svg' },
  );
  await predictOne(ctx, model, split.valScaled.slice(0, 1), numbers(split.valTarget.slice(0, 1))[0]!);
  return model;
}

/** preds = model.predict(val_scaled[0:1]): the class probabilities of one validation image. */
async function predictOne(ctx: TutorialContext, model: nb.Sequential, image: Tensor, label: number): Promise<void> {
  heading(ctx, '20.5 model.predict(val_scaled[0:1])');
  const probabilities = numbers(await model.predict(image, { verbose: 0 }));
  ctx.log(
    `[${probabilities.map((p) => p.toFixed(4)).join(', ')}] → ${CLASS_NAMES[probabilities.indexOf(Math.max(...probabilities))]}`,
  );
  record(ctx, CNN, 'prediction', { probabilities, label });
  report(ctx, SECTION_CNN, {
    kind: 'table',
    caption: `Predicted probabilities for the first validation image (label ${label}, ${CLASS_NAMES[label]})`,
    columns: ['class', 'probability'],
    rows: probabilities.map((_, i) => [`${i} ${CLASS_NAMES[i]}`, { path: `${CNN}.prediction.probabilities.${i}` }]),
  });
}
