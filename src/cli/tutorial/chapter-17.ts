// Chapter 17: a simple neural network: the data, logistic regression with cross-validation, one Dense layer.
import * as nb from '../../index.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import { CLASS_NAMES, scalePixels, type FashionData } from './fashion-data.ts';
import { heading, record, report, savePicture, secondsSince, type TutorialContext } from './tutorial-context.ts';
import { historyRecord, lossAndAccuracy, mean, numbers, shapeText } from './tutorial-values.ts';

const SECTION = '17. A simple neural network';
const CH = 'chapter17';

/** Training and validation arrays after train_test_split. */
export interface SplitData {
  trainScaled: Tensor;
  valScaled: Tensor;
  trainTarget: Tensor;
  valTarget: Tensor;
}

/** Runs chapter 17 in the tutorial's order; returns its training/validation split of flattened images. */
export async function runChapter17(ctx: TutorialContext, data: FashionData): Promise<SplitData> {
  describeData(ctx, data);
  showFirstImages(ctx, data);
  countLabels(ctx, data);
  const trainScaled = await crossValidateLogistic(ctx, data);
  const split = splitTrainVal(ctx, trainScaled, data.trainTarget);
  await trainSingleDense(ctx, split);
  return split;
}

/** print(train_input.shape, train_target.shape); print(test_input.shape, test_target.shape) */
function describeData(ctx: TutorialContext, data: FashionData): void {
  heading(ctx, '17.1 keras.datasets.fashion_mnist.load_data()');
  ctx.log(`Source: ${data.source}`);
  const shapes = `${shapeText(data.trainInput)} ${shapeText(data.trainTarget)}\n${shapeText(data.testInput)} ${shapeText(data.testTarget)}`;
  ctx.log(shapes);
  record(ctx, CH, 'source', data.source);
  record(ctx, CH, 'shapes', shapes);
  report(
    ctx,
    SECTION,
    {
      kind: 'paragraph',
      text: `Fashion-MNIST: 28×28 gray images of clothing with labels 0-9. Source: ${data.source}.`,
    },
    {
      kind: 'text',
      path: `${CH}.shapes`,
      caption: 'print(train_input.shape, train_target.shape); print(test_input.shape, test_target.shape)',
    },
  );
}

/** axs[i].imshow(train_input[i], cmap='gray_r') for the first 10 images; print(train_target[:10]) */
function showFirstImages(ctx: TutorialContext, data: FashionData): void {
  heading(ctx, '17.2 The first 10 images (gray_r) and their labels');
  const first = data.trainInput.slice(0, 10);
  const labels = numbers(data.trainTarget.slice(0, 10));
  const names = labels.map((l) => `${l} ${CLASS_NAMES[l] ?? ''}`.trim());
  const svg = nb.plot.imageGrid(first, { labels: names, cmap: 'gray_r', columns: 10 });
  savePicture(ctx, 'first-10-images.svg', svg);
  savePicture(ctx, 'first-10-images.png', nb.plot.imageGridPng(first, { cmap: 'gray_r', columns: 10, scale: 3 }));
  ctx.log(`[${labels.join(', ')}]`);
  record(ctx, CH, 'firstLabels', labels);
  report(
    ctx,
    SECTION,
    {
      kind: 'svg',
      svg,
      caption: 'The first 10 training images, drawn with gray_r, with their labels',
      file: 'first-10-images.svg',
    },
    {
      kind: 'table',
      caption: 'print([train_target[i] for i in range(10)])',
      columns: ['image', 'label', 'class'],
      rows: labels.map((l, i) => [String(i + 1), { path: `${CH}.firstLabels.${i}`, digits: 0 }, CLASS_NAMES[l] ?? '']),
    },
  );
}

/** print(np.unique(train_target, return_counts=True)) */
function countLabels(ctx: TutorialContext, data: FashionData): void {
  heading(ctx, '17.3 np.unique(train_target, return_counts=True)');
  const [values, counts] = nb.unique(data.trainTarget, { returnCounts: true });
  const labels = numbers(values);
  const countList = numbers(counts);
  ctx.log(`(array([${labels.join(', ')}], dtype=uint8), array([${countList.join(', ')}]))`);
  record(ctx, CH, 'labelCounts', { labels, counts: countList });
  report(ctx, SECTION, {
    kind: 'table',
    caption: 'Images per label in the training set',
    columns: ['label', 'class', 'count'],
    rows: labels.map((l, i) => [
      { path: `${CH}.labelCounts.labels.${i}`, digits: 0 },
      CLASS_NAMES[l] ?? '',
      { path: `${CH}.labelCounts.counts.${i}`, digits: 0 },
    ]),
  });
}

/** sc = SGDClassifier(loss='log_loss', max_iter=5, random_state=42); cross_validate(sc, train_scaled, train_target, n_jobs=-1) */
async function crossValidateLogistic(ctx: TutorialContext, data: FashionData): Promise<Tensor> {
  heading(ctx, "17.4 SGDClassifier(loss='log_loss', max_iter=5, random_state=42), 5-fold cross_validate");
  // train_scaled = train_input / 255.0; train_scaled = train_scaled.reshape(-1, 28*28)
  const x = scalePixels(data.trainInput).reshape([data.trainInput.shape[0]!, 28 * 28]);
  const y = data.trainTarget;
  ctx.log(shapeText(x));
  const start = performance.now();
  const sc = new nb.linearModel.SGDClassifier({ loss: 'log_loss', maxIter: 5, randomState: 42 });
  const scores = await nb.modelSelection.crossValidate(sc, x, y, { nJobs: -1 });
  const testScore = numbers(scores.testScore);
  const meanScore = mean(testScore);
  ctx.log(`test_score per fold: [${testScore.map((s) => s.toFixed(4)).join(', ')}]`);
  ctx.log(String(meanScore));
  record(ctx, CH, 'crossValidation', {
    testScore,
    fitTime: numbers(scores.fitTime),
    scoreTime: numbers(scores.scoreTime),
    meanTestScore: meanScore,
    seconds: secondsSince(start),
  });
  report(
    ctx,
    SECTION,
    {
      kind: 'paragraph',
      text: 'Logistic regression by stochastic gradient descent on the flattened, scaled images (784 features), scored by 5-fold cross-validation.',
    },
    {
      kind: 'table',
      columns: ['fold', 'test accuracy', 'fit time (s)'],
      rows: testScore.map((_, i) => [
        String(i + 1),
        { path: `${CH}.crossValidation.testScore.${i}` },
        { path: `${CH}.crossValidation.fitTime.${i}`, digits: 2 },
      ]),
    },
    {
      kind: 'metrics',
      items: [
        { label: 'np.mean(scores["test_score"])', path: `${CH}.crossValidation.meanTestScore` },
        { label: 'wall time (s)', path: `${CH}.crossValidation.seconds`, digits: 1 },
      ],
    },
  );
  return x;
}

/** train_scaled, val_scaled, train_target, val_target = train_test_split(train_scaled, train_target, test_size=0.2, random_state=42) */
function splitTrainVal(ctx: TutorialContext, x: Tensor, y: Tensor): SplitData {
  heading(ctx, 'train_test_split(test_size=0.2, random_state=42)');
  const [trainScaled, valScaled, trainTarget, valTarget] = nb.modelSelection.trainTestSplit(x, y, {
    testSize: 0.2,
    randomState: 42,
  });
  const shapes = `${shapeText(trainScaled)} ${shapeText(trainTarget)}\n${shapeText(valScaled)} ${shapeText(valTarget)}`;
  ctx.log(shapes);
  record(ctx, CH, 'splitShapes', shapes);
  report(ctx, SECTION, {
    kind: 'text',
    path: `${CH}.splitShapes`,
    caption: 'Training and validation sets after train_test_split(test_size=0.2, random_state=42)',
  });
  return { trainScaled, valScaled, trainTarget, valTarget };
}

/** Dense(10, activation='softmax', input_shape=(784,)); compile; fit(epochs=5); evaluate(val_scaled, val_target) */
async function trainSingleDense(ctx: TutorialContext, split: SplitData): Promise<void> {
  heading(ctx, "17.5 keras.Sequential(Dense(10, activation='softmax', input_shape=(784,)))");
  const dense = new nb.layers.Dense(10, { activation: 'softmax', inputShape: [784] });
  const model = new nb.Sequential([dense]);
  model.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  ctx.log(`[${numbers(split.trainTarget.slice(0, 10)).join(' ')}]`);
  const start = performance.now();
  const history = await model.fit(split.trainScaled, split.trainTarget, { epochs: ctx.plan.shortEpochs });
  const fitSeconds = secondsSince(start);
  const val = lossAndAccuracy(await model.evaluate(split.valScaled, split.valTarget));
  ctx.log(`[${val.loss}, ${val.accuracy}]`);
  record(ctx, CH, 'dense10', {
    history: historyRecord(history),
    valLoss: val.loss,
    valAccuracy: val.accuracy,
    fitSeconds,
  });
  report(
    ctx,
    SECTION,
    {
      kind: 'paragraph',
      text: 'One Dense layer of 10 softmax units on the 784 pixels, trained with the default optimizer (RMSprop) and evaluated on the validation set.',
    },
    {
      kind: 'metrics',
      items: [
        { label: 'training loss, last epoch', path: `${CH}.dense10.history.loss.${ctx.plan.shortEpochs - 1}` },
        { label: 'training accuracy, last epoch', path: `${CH}.dense10.history.accuracy.${ctx.plan.shortEpochs - 1}` },
        { label: 'validation loss', path: `${CH}.dense10.valLoss` },
        { label: 'validation accuracy', path: `${CH}.dense10.valAccuracy` },
        { label: 'fit time (s)', path: `${CH}.dense10.fitSeconds`, digits: 1 },
      ],
    },
    { kind: 'paragraph', text: 'Logistic regression (SGDClassifier) against the Dense(10) network:' },
    {
      kind: 'table',
      columns: ['model', 'accuracy'],
      rows: [
        ['SGDClassifier, 5-fold cross-validation', { path: `${CH}.crossValidation.meanTestScore` }],
        ['Dense(10, softmax), validation set', { path: `${CH}.dense10.valAccuracy` }],
      ],
    },
  );
}
