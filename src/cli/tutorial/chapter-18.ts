// Chapter 18: deeper networks: two Dense layers, three ways to build a Sequential, Flatten + relu, optimizers.
import * as nb from '../../index.ts';
import { formatShape } from '../../errors.ts';
import type { FashionData } from './fashion-data.ts';
import { heading, record, report, secondsSince, type TutorialContext } from './tutorial-context.ts';
import { epochsText, historyRecord, lossAndAccuracy } from './tutorial-values.ts';
import type { SplitData } from './chapter-17.ts';

const SECTION = '18. A deep neural network';
const CH = 'chapter18';

/** An optimizer the tutorial compiles with: its label in the table and what compile() gets. */
interface OptimizerVariant {
  key: string;
  label: string;
  make: () => nb.OptimizerId | nb.optimizers.SGD | nb.optimizers.Adam;
}

/** The optimizers of section 18.4, each trained the same way (keras.optimizers.SGD() equals 'sgd', so it is not repeated). */
const OPTIMIZERS: readonly OptimizerVariant[] = [
  { key: 'sgd', label: "optimizer='sgd'", make: () => 'sgd' },
  { key: 'sgdLearningRate', label: 'SGD(learning_rate=0.1)', make: () => new nb.optimizers.SGD({ learningRate: 0.1 }) },
  {
    key: 'sgdNesterov',
    label: 'SGD(momentum=0.9, nesterov=True)',
    make: () => new nb.optimizers.SGD({ momentum: 0.9, nesterov: true }),
  },
  { key: 'adam', label: "optimizer='adam'", make: () => 'adam' },
];

/** Runs chapter 18 in the tutorial's order; returns the (28, 28) split that chapter 19 trains on. */
export async function runChapter18(ctx: TutorialContext, data: FashionData, flatSplit: SplitData): Promise<SplitData> {
  // train_scaled = train_input / 255.0, kept as 28×28 images for Flatten, then split with random_state=42 again.
  // Chapter 17's split already holds exactly those rows: viewing it as (N, 28, 28) saves a second copy of the data.
  ctx.log(formatShape(data.trainInput.shape));
  const asImages = (t: SplitData['trainScaled']) => t.reshape([-1, 28, 28]);
  const split = {
    ...flatSplit,
    trainScaled: asImages(flatSplit.trainScaled),
    valScaled: asImages(flatSplit.valScaled),
  };
  buildTwoLayerModels(ctx);
  buildFlattenReluModel(ctx);
  await compareOptimizers(ctx, split);
  return split;
}

/** dense1 = Dense(100, 'sigmoid', input_shape=(784,)); dense2 = Dense(10, 'softmax'); and the two other ways to build it */
function buildTwoLayerModels(ctx: TutorialContext): void {
  heading(
    ctx,
    "18.2 keras.Sequential([Dense(100, activation='sigmoid', input_shape=(784,)), Dense(10, activation='softmax')])",
  );
  const dense1 = new nb.layers.Dense(100, { activation: 'sigmoid', inputShape: [784] });
  const dense2 = new nb.layers.Dense(10, { activation: 'softmax' });
  const listModel = new nb.Sequential([dense1, dense2]);
  const listSummary = printSummary(ctx, listModel);

  const namedModel = new nb.Sequential(
    [
      new nb.layers.Dense(100, { activation: 'sigmoid', inputShape: [784], name: 'hidden' }),
      new nb.layers.Dense(10, { activation: 'softmax', name: 'output' }),
    ],
    { name: '패션 MNIST 모델' },
  );
  const namedSummary = printSummary(ctx, namedModel);

  const addedModel = new nb.Sequential();
  addedModel.add(new nb.layers.Dense(100, { activation: 'sigmoid', inputShape: [784] }));
  addedModel.add(new nb.layers.Dense(10, { activation: 'softmax' }));
  const addedSummary = printSummary(ctx, addedModel);

  record(ctx, CH, 'summaries', { list: listSummary, named: namedSummary, added: addedSummary });
  report(
    ctx,
    SECTION,
    {
      kind: 'paragraph',
      text: 'A hidden layer of 100 sigmoid units before the 10 softmax outputs, built three ways: from a list of layers, from named layers with a model name, and with add().',
    },
    { kind: 'text', path: `${CH}.summaries.list`, caption: 'keras.Sequential([dense1, dense2]).summary()' },
    {
      kind: 'text',
      path: `${CH}.summaries.named`,
      caption: "Named layers 'hidden' and 'output', model name '패션 MNIST 모델'",
    },
    { kind: 'text', path: `${CH}.summaries.added`, caption: 'Built with model.add()' },
  );
}

/** Flatten(input_shape=(28, 28)) + Dense(100, 'relu') + Dense(10, 'softmax'); model.summary() */
function buildFlattenReluModel(ctx: TutorialContext): void {
  heading(ctx, "18.3 Flatten(input_shape=(28, 28)), Dense(100, activation='relu'), Dense(10, activation='softmax')");
  const summary = printSummary(ctx, flattenReluModel());
  record(ctx, CH, 'flattenReluSummary', summary);
  report(
    ctx,
    SECTION,
    {
      kind: 'paragraph',
      text: 'Flatten turns each 28×28 image into 784 inputs inside the model; relu replaces sigmoid in the hidden layer.',
    },
    { kind: 'text', path: `${CH}.flattenReluSummary`, caption: 'model.summary()' },
  );
}

/** The relu network of 18.3 (the tutorial's last Dense(100, 'softmax') is a typo for Dense(10, 'softmax')). */
export function flattenReluModel(): nb.Sequential {
  const model = new nb.Sequential();
  model.add(new nb.layers.Flatten({ inputShape: [28, 28] }));
  model.add(new nb.layers.Dense(100, { activation: 'relu' }));
  model.add(new nb.layers.Dense(10, { activation: 'softmax' }));
  return model;
}

/** model.compile(optimizer=…); model.fit(train_scaled, train_target, epochs=5); model.evaluate(val_scaled, val_target) */
async function compareOptimizers(ctx: TutorialContext, split: SplitData): Promise<void> {
  const rows: Record<
    string,
    {
      optimizer: string;
      trainLoss: number;
      trainAccuracy: number;
      valLoss: number;
      valAccuracy: number;
      fitSeconds: number;
    }
  > = {};
  for (const variant of OPTIMIZERS) {
    heading(ctx, `18.4 ${variant.label}: fit(epochs=${ctx.plan.shortEpochs}), evaluate(val_scaled, val_target)`);
    const model = flattenReluModel();
    model.compile({ optimizer: variant.make(), loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
    const start = performance.now();
    const history = historyRecord(
      await model.fit(split.trainScaled, split.trainTarget, { epochs: ctx.plan.shortEpochs }),
    );
    const fitSeconds = secondsSince(start);
    const val = lossAndAccuracy(await model.evaluate(split.valScaled, split.valTarget));
    ctx.log(`[${val.loss}, ${val.accuracy}]`);
    rows[variant.key] = {
      optimizer: variant.label,
      trainLoss: last(history.loss),
      trainAccuracy: last(history.accuracy),
      valLoss: val.loss,
      valAccuracy: val.accuracy,
      fitSeconds,
    };
  }
  record(ctx, CH, 'optimizers', rows);
  report(
    ctx,
    SECTION,
    {
      kind: 'paragraph',
      text: `The Flatten + relu network trained for ${epochsText(ctx.plan.shortEpochs)} with each optimizer of section 18.4, then evaluated on the validation set.`,
    },
    {
      kind: 'table',
      caption: 'Optimizers compared',
      columns: ['optimizer', 'train loss', 'train accuracy', 'val loss', 'val accuracy', 'fit time (s)'],
      rows: OPTIMIZERS.map((v) => [
        v.label,
        ...(['trainLoss', 'trainAccuracy', 'valLoss', 'valAccuracy'] as const).map((k) => ({
          path: `${CH}.optimizers.${v.key}.${k}`,
        })),
        { path: `${CH}.optimizers.${v.key}.fitSeconds`, digits: 1 },
      ]),
    },
  );
}

function printSummary(ctx: TutorialContext, model: nb.Sequential): string {
  const text = model.summaryText();
  ctx.log(text);
  return text;
}

function last(values: readonly number[] | undefined): number {
  if (!values || values.length === 0) throw new Error('the History holds no epochs');
  return values[values.length - 1]!;
}
