import type { Callback, Logs } from '../callbacks/callback.ts';
import { CallbackList, checkCallbacks } from '../callbacks/callback-list.ts';
import { History } from '../callbacks/history.ts';
import { ProgbarLogger } from '../callbacks/progbar-logger.ts';
import { ValueError } from '../errors.ts';
import { type Metric, type MetricSpec, Tracker, resolveMetric } from '../metrics.ts';
import { Generator, defaultGenerator } from '../random/generator.ts';
import { Tensor } from '../tensor/tensor.ts';
import {
  type ArrayInput,
  type Features,
  type Targets,
  checkFiniteRows,
  gatherLabels,
  gatherRows,
  toFeatures,
  toTargets,
} from './data.ts';
import type { ModelCore } from './model-core.ts';
import type { ModelPlan } from './plan.ts';
import { type ClassWeight, sampleWeightsFor } from './sample-weights.ts';
import type { Sequential } from './sequential.ts';
import { StepProfile } from './step-profile.ts';
import { type Dataset, track, trainStep } from './train-step.ts';

/** Progress output: 0 silent, 1 progress bar, 2 one line per epoch, 'auto' = 1 (Keras verbose). */
export type Verbosity = 0 | 1 | 2 | 'auto';

/** Options of fit (keras Model.fit keyword arguments, camelCase). */
export interface FitOptions {
  epochs?: number;
  batchSize?: number;
  verbose?: Verbosity;
  callbacks?: readonly Callback[];
  /** [x, y] or [x, y, sampleWeight]. */
  validationData?: readonly [ModelInputs, ModelInputs] | readonly [ModelInputs, ModelInputs, ArrayInput];
  validationSplit?: number;
  validationBatchSize?: number;
  validationFreq?: number;
  shuffle?: boolean;
  initialEpoch?: number;
  /** Seeds the per-epoch shuffle and dropout masks (else the global generator, see nb.random.setSeed). */
  seed?: number;
  /** One weight per sample, (n,) or (n, 1): the loss becomes Σ w·l / n per batch (Keras sample_weight). */
  sampleWeight?: ArrayInput;
  /** Class index → weight, turned into sample weights from y (Keras class_weight); not with sampleWeight. */
  classWeight?: ClassWeight;
}

/** Options of evaluate (Model.evaluate). */
export interface EvaluateOptions {
  batchSize?: number;
  verbose?: Verbosity;
  callbacks?: readonly Callback[];
  /** Return { loss, accuracy, … } instead of a number or an array. */
  returnDict?: boolean;
  /** One weight per sample, (n,) or (n, 1) (Keras sample_weight). */
  sampleWeight?: ArrayInput;
}

/** Options of predict (Model.predict). */
export interface PredictOptions {
  batchSize?: number;
  verbose?: Verbosity;
  callbacks?: readonly Callback[];
}

/** What the loops need of a model (Sequential or functional Model). */
export interface LoopModel {
  readonly name: string;
  stopTraining: boolean;
}

/** x for a model: one array, or (several inputs) a list with one array per input or a record by input name. */
export type ModelInputs = ArrayInput | readonly ArrayInput[] | { readonly [name: string]: ArrayInput };

/** The training loop of Model.fit (docs/keras-facts.md §5, §6). */
export async function fitLoop(
  model: LoopModel,
  core: ModelCore,
  x: ModelInputs,
  y: ModelInputs,
  options: FitOptions,
): Promise<History> {
  requireCompiled(core, 'fit');
  const epochs = checkCount('epochs', options.epochs ?? 1, 0);
  const batchSize = checkCount('batchSize', options.batchSize ?? 32, 1);
  const initialEpoch = checkCount('initialEpoch', options.initialEpoch ?? 0, 0);
  const verbose = resolveVerbose(options.verbose);
  let train = toDataset(core, model.name, x, y, true, options.sampleWeight, options.classWeight);
  let validation: Dataset | null = null;
  if (options.validationData !== undefined) {
    const [vx, vy, vw] = options.validationData;
    validation = toDataset(core, model.name, vx, vy, true, vw, undefined, 'validationData sample weights');
  } else if (options.validationSplit !== undefined && options.validationSplit !== 0) {
    [train, validation] = splitLast(train, options.validationSplit);
    // Keras weights the held-out rows by sampleWeight but not by classWeight.
    if (options.classWeight !== undefined) validation = { ...validation, weights: null };
  }
  const metrics = resolveMetrics(core, train.ys);
  const rng = options.seed !== undefined ? new Generator(options.seed) : defaultGenerator();
  core.dropoutGenerator = options.seed !== undefined ? rng.spawn() : null;
  const optimizer = core.buildOptimizer();
  const n = train.rows;
  const steps = Math.ceil(n / batchSize);
  const plan = core.plan('train', Math.min(batchSize, n));
  const history = new History();
  const callbacks = makeCallbacks(model, options.callbacks, verbose, history, { epochs, steps, verbose: verbose });
  const tracker = newTracker(core, metrics);
  const order = new Int32Array(n);
  const profile = StepProfile.fromEnvironment();
  model.stopTraining = false;
  await callbacks.run('onTrainBegin');
  let epochLogs: Logs = {};
  for (let epoch = initialEpoch; epoch < epochs; epoch++) {
    tracker.reset();
    await callbacks.epoch('onEpochBegin', epoch);
    for (let i = 0; i < n; i++) order[i] = i;
    if (options.shuffle ?? true) rng.shuffle(order);
    for (let step = 0; step < steps; step++) {
      profile.begin();
      if (callbacks.hasBatchHook('onTrainBatchBegin')) await callbacks.batch('onTrainBatchBegin', step);
      const start = step * batchSize;
      const rows = Math.min(batchSize, n - start);
      loadBatch(plan, train, order, start, rows);
      profile.mark(0);
      trainStep(plan, optimizer, tracker, rows, train, profile);
      if (callbacks.hasBatchHook('onTrainBatchEnd')) await callbacks.batch('onTrainBatchEnd', step, tracker.logs());
      profile.mark(5);
      if (model.stopTraining) break;
    }
    epochLogs = tracker.logs();
    const freq = options.validationFreq ?? 1;
    if (validation !== null && (epoch + 1) % freq === 0) {
      // Validation data was checked for NaN when converted (refused before the first epoch, not after it).
      const valLogs = await evaluateDataset(
        core,
        validation,
        metrics,
        options.validationBatchSize ?? batchSize,
        callbacks,
        false,
      );
      for (const [k, v] of Object.entries(valLogs)) epochLogs[`val_${k}`] = v;
    }
    await callbacks.epoch('onEpochEnd', epoch, epochLogs);
    if (model.stopTraining) break;
  }
  await callbacks.run('onTrainEnd', epochLogs);
  core.dropoutGenerator = null;
  if (profile.enabled) process.stderr.write(profile.report());
  return history;
}

/** Model.evaluate: the loss and metrics over x, y in batches, without dropout. */
export async function evaluateLoop(
  model: LoopModel,
  core: ModelCore,
  x: ModelInputs,
  y: ModelInputs,
  options: EvaluateOptions,
): Promise<Logs> {
  requireCompiled(core, 'evaluate');
  const batchSize = checkCount('batchSize', options.batchSize ?? 32, 1);
  const verbose = resolveVerbose(options.verbose);
  const data = toDataset(core, model.name, x, y, false, options.sampleWeight);
  const steps = Math.ceil(data.rows / batchSize);
  const callbacks = makeCallbacks(model, options.callbacks, verbose, null, { epochs: 1, steps, verbose });
  return evaluateDataset(core, data, resolveMetrics(core, data.ys), batchSize, callbacks, true);
}

/**
 * Rows that evaluate and predict run through the model at once. Each row's output is the same whatever the
 * block (every kernel computes a row alone, summing in a fixed order), so batches are still scored one by one
 * and the results are those of one batch at a time; but a block of many rows keeps both cores busy and pays
 * the per-call costs once. Measured on 2 cores (best of 12, ms, 10,000 rows, batch 32), blocks of 32 → 256 rows:
 * 784-100-10 predict 36.5 → 31.5, evaluate 43.4 → 38.3; Dense(10) predict 11.3 → 7.8; with OpenBLAS 784-100-10
 * predict 27.7 → 23.8. Blocks of 128 to 1024 rows measured alike.
 */
const INFERENCE_BLOCK_ROWS = 256;

/** The rows per block: several batches, unless a callback (other than the progress bar) watches every batch. */
function inferenceBlockRows(batchSize: number, n: number, callbacks: CallbackList, phase: 'test' | 'predict'): number {
  const batches = callbacks.onlyReportersWatch(phase) ? Math.max(1, Math.floor(INFERENCE_BLOCK_ROWS / batchSize)) : 1;
  return Math.min(batches * batchSize, n);
}

/** The loss and metrics over a dataset; `checkX`: scan each block of x for NaN where it is copied. */
async function evaluateDataset(
  core: ModelCore,
  data: Dataset,
  metrics: MetricLists,
  batchSize: number,
  callbacks: CallbackList,
  checkX: boolean,
): Promise<Logs> {
  const n = data.rows;
  const blockRows = inferenceBlockRows(batchSize, n, callbacks, 'test');
  const plan = core.plan('eval', blockRows);
  const tracker = newTracker(core, metrics);
  const watchesBatchEnd = callbacks.hasBatchHook('onTestBatchEnd');
  await callbacks.run('onTestBegin');
  for (let blockStart = 0, step = 0; blockStart < n; blockStart += blockRows) {
    const blockEnd = Math.min(blockStart + blockRows, n);
    loadBlock(plan, data.xs, data.ys, blockStart, blockEnd - blockStart, checkX, data.weights);
    plan.forward(blockEnd - blockStart, false);
    for (let start = blockStart; start < blockEnd; start += batchSize, step++) {
      await callbacks.batch('onTestBatchBegin', step);
      const rows = Math.min(batchSize, blockEnd - start);
      const firstRow = start - blockStart;
      track(tracker, plan, rows, data, firstRow);
      if (watchesBatchEnd) await callbacks.batch('onTestBatchEnd', step, tracker.logs());
    }
  }
  const logs = tracker.logs();
  await callbacks.run('onTestEnd', logs);
  return logs;
}

/** Model.predict: the outputs for x in batches, one Tensor per model output. */
export async function predictLoop(
  model: LoopModel,
  core: ModelCore,
  x: ModelInputs,
  options: PredictOptions,
): Promise<Tensor[]> {
  const batchSize = checkCount('batchSize', options.batchSize ?? 32, 1);
  const verbose = resolveVerbose(options.verbose);
  const features = toInputFeatures(core, model.name, x, false);
  const n = features[0].rows;
  const outShapes = core.outputShapes;
  const sizes = outShapes.map((s) => s.reduce((a, b) => a * b, 1));
  const outs = sizes.map((units) => new Float32Array(n * units));
  const steps = Math.ceil(n / batchSize);
  const callbacks = makeCallbacks(model, options.callbacks, verbose, null, { epochs: 1, steps, verbose });
  const blockRows = inferenceBlockRows(batchSize, n, callbacks, 'predict');
  const plan = core.plan('predict', blockRows);
  await callbacks.run('onPredictBegin');
  for (let blockStart = 0, step = 0; blockStart < n; blockStart += blockRows) {
    const blockEnd = Math.min(blockStart + blockRows, n);
    loadBlock(plan, features, null, blockStart, blockEnd - blockStart, true);
    plan.forward(blockEnd - blockStart, false);
    plan.heads.forEach((head, j) =>
      outs[j].set(head.output.subarray(0, (blockEnd - blockStart) * sizes[j]), blockStart * sizes[j]),
    );
    for (let start = blockStart; start < blockEnd; start += batchSize, step++) {
      await callbacks.batch('onPredictBatchBegin', step);
      await callbacks.batch('onPredictBatchEnd', step);
    }
  }
  await callbacks.run('onPredictEnd');
  return outs.map((out, j) => new Tensor(out, [n, ...outShapes[j]]));
}

/** One training (or test) step on a single batch: train_on_batch / test_on_batch. */
export function singleBatch(model: LoopModel, core: ModelCore, x: ModelInputs, y: ModelInputs, train: boolean): Logs {
  requireCompiled(core, train ? 'trainOnBatch' : 'testOnBatch');
  const data = toDataset(core, model.name, x, y);
  const rows = data.rows;
  const plan = core.plan(train ? 'train' : 'eval', rows);
  const tracker = newTracker(core, resolveMetrics(core, data.ys));
  loadBlock(plan, data.xs, data.ys, 0, rows, false);
  if (train) {
    trainStep(plan, core.buildOptimizer(), tracker, rows, data, null);
  } else {
    plan.forward(rows, false);
    track(tracker, plan, rows, data);
  }
  return tracker.logs();
}

function newTracker(core: ModelCore, [metrics, weightedMetrics]: MetricLists): Tracker {
  const tracker = new Tracker(metrics, weightedMetrics, core.outputNames.length > 1 ? core.outputNames : null);
  // Metric objects given to compile keep their state between runs: each run starts them over.
  tracker.reset();
  return tracker;
}

function loadBatch(plan: ModelPlan, data: Dataset, order: Int32Array, start: number, rows: number): void {
  data.xs.forEach((x, i) => {
    const input = plan.inputs[i];
    // Row copies into shared (WASM) memory are ~3× slower than into ordinary memory: stage, then copy once.
    const staging = plan.inputStagings[i];
    if (staging === null) gatherRows(x.data, x.sampleSize, order, start, rows, input);
    else {
      gatherRows(x.data, x.sampleSize, order, start, rows, staging);
      input.set(rows === plan.maxRows ? staging : staging.subarray(0, rows * x.sampleSize));
    }
  });
  data.ys.forEach((y, j) => {
    const head = plan.heads[j];
    if (y.labels !== null) gatherLabels(y.labels, order, start, rows, head.labels);
    else gatherRows(y.values!, head.units, order, start, rows, head.targets);
  });
  if (data.weights !== null) gatherRows(data.weights, 1, order, start, rows, plan.weights);
}

/**
 * Samples [start, start + rows) of x (and of y, when given) into the plan's buffers, each in one piece; with
 * `checkX`, x is scanned for NaN there, in the kernels' memory while it is in cache (errors name the sample).
 */
function loadBlock(
  plan: ModelPlan,
  xs: readonly Features[],
  ys: readonly Targets[] | null,
  start: number,
  rows: number,
  checkX: boolean,
  weights: Float32Array | null = null,
): void {
  xs.forEach((x, i) => {
    const size = x.sampleSize;
    const input = plan.inputs[i].subarray(0, rows * size);
    input.set(x.data.subarray(start * size, (start + rows) * size));
    if (checkX) checkFiniteRows(input, start, size, xs.length > 1 ? `x[${i}]` : 'x');
  });
  if (weights !== null) plan.weights.set(weights.subarray(start, start + rows));
  if (ys === null) return;
  ys.forEach((y, j) => {
    const head = plan.heads[j];
    if (y.labels !== null) head.labels.set(y.labels.subarray(start, start + rows));
    else head.targets.set(y.values!.subarray(start * head.units, (start + rows) * head.units));
  });
}

/** One ArrayInput per entry of `names`: x itself for one name, else a list or a record by name. */
export function splitByName(value: ModelInputs, names: readonly string[], what: string, owner: string): ArrayInput[] {
  const isRecord = value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Tensor);
  if (isRecord) {
    const record = value as { readonly [name: string]: ArrayInput };
    const unknown = Object.keys(record).filter((k) => !names.includes(k));
    if (unknown.length > 0)
      throw new ValueError(
        `${owner}: ${what} has entries ${unknown.map((k) => `'${k}'`).join(', ')} that match no ${what === 'x' ? 'input' : 'output'}: expected ${names.map((n) => `'${n}'`).join(', ')}`,
      );
    return names.map((name) => {
      if (record[name] === undefined)
        throw new ValueError(`${owner}: ${what} has no entry '${name}': expected one per name (${names.join(', ')})`);
      return record[name];
    });
  }
  const list = value as readonly unknown[];
  if (names.length === 1) {
    return Array.isArray(list) && list.length === 1 && list[0] instanceof Tensor ? [list[0]] : [value as ArrayInput];
  }
  const isList =
    Array.isArray(list) && list.length === names.length && list.every((v) => v instanceof Tensor || Array.isArray(v));
  if (!isList) {
    throw new ValueError(
      `${owner} has ${names.length} ${what === 'x' ? 'inputs' : 'outputs'} (${names.join(', ')}): pass ${what} as a list of ${names.length} arrays, one per ${what === 'x' ? 'input' : 'output'}, or a record by name`,
    );
  }
  return list as ArrayInput[];
}

/** The features of each model input, converted and checked against the model's input shapes. */
function toInputFeatures(core: ModelCore, name: string, x: ModelInputs, checkX: boolean): Features[] {
  const names = core.inputNames;
  const parts = splitByName(x, names, 'x', `model '${name}'`);
  const features = parts.map((part, i) =>
    toFeatures(part, names.length > 1 ? `x[${i}] (input '${names[i]}')` : 'x', checkX),
  );
  const rows = features[0].rows;
  features.forEach((f, i) => {
    if (f.rows !== rows)
      throw new ValueError(
        `model '${name}': the inputs have different numbers of samples: x[0] has ${rows}, x[${i}] has ${f.rows}`,
      );
  });
  core.ensureBuiltFor(
    features.map((f) => f.sampleShape),
    rows,
    name,
    names,
  );
  return features;
}

/**
 * x, y and the sample weights converted and checked; `checkX` false leaves the scan of x for NaN to the loop,
 * block by block. One weight array applies to every output (Keras repeats it per output); classWeight only to
 * a model with one output, as Keras.
 */
function toDataset(
  core: ModelCore,
  name: string,
  x: ModelInputs,
  y: ModelInputs,
  checkX = true,
  sampleWeight?: ArrayInput,
  classWeight?: ClassWeight,
  weightsName = 'sampleWeight',
): Dataset {
  const xs = toInputFeatures(core, name, x, checkX);
  const rows = xs[0].rows;
  const outputShapes = core.outputShapes;
  const parts = splitByName(y, core.outputNames, 'y', `model '${name}'`);
  const ys = parts.map((part, j) => {
    const loss = core.losses[j];
    const units = outputShapes[j].reduce((a, b) => a * b, 1);
    return toTargets(part, loss.takesLabels, units, loss.name, loss.ignoredLabel());
  });
  ys.forEach((targets) => {
    if (targets.rows !== rows) {
      throw new ValueError(`x and y have different numbers of samples: x has ${rows}, y has ${targets.rows}`);
    }
  });
  if (classWeight !== undefined && ys.length > 1) {
    throw new ValueError(
      `model '${name}' has ${ys.length} outputs: classWeight is only supported for a model with one output (as in Keras); pass sampleWeight instead`,
    );
  }
  return { xs, ys, rows, weights: sampleWeightsFor(ys[0], sampleWeight, classWeight, weightsName) };
}

/** validationSplit: the last fraction of the rows, taken before any shuffling (views, no copies). */
function splitLast(data: Dataset, fraction: number): [Dataset, Dataset] {
  if (!(fraction > 0 && fraction < 1)) throw new ValueError(`validationSplit must be in (0, 1), got ${fraction}`);
  const n = data.rows;
  const splitAt = Math.floor(n * (1 - fraction));
  if (splitAt === 0 || splitAt === n) {
    throw new ValueError(
      `validationSplit ${fraction} leaves no ${splitAt === 0 ? 'training' : 'validation'} samples out of ${n}`,
    );
  }
  const cut = (from: number, to: number): Dataset => ({
    rows: to - from,
    xs: data.xs.map((x) => ({ ...x, data: x.data.subarray(from * x.sampleSize, to * x.sampleSize), rows: to - from })),
    ys: data.ys.map((y) => {
      const perTarget = y.values !== null ? y.values.length / n : 1;
      return {
        ...y,
        rows: to - from,
        labels: y.labels?.subarray(from, to) ?? null,
        values: y.values?.subarray(from * perTarget, to * perTarget) ?? null,
      };
    }),
    weights: data.weights?.subarray(from, to) ?? null,
  });
  return [cut(0, splitAt), cut(splitAt, n)];
}

/** Per output, the compiled metrics and weighted metrics as objects for this data ('accuracy' resolved by its shapes). */
type MetricLists = [Metric[][], Metric[][]];

function resolveMetrics(core: ModelCore, ys: readonly Targets[]): MetricLists {
  const outputShapes = core.outputShapes;
  const resolveFor = (j: number) => {
    const y = ys[j];
    const units = outputShapes[j].reduce((a, b) => a * b, 1);
    const sparseTargets = y.shape.length < 2 || (y.shape[y.shape.length - 1] === 1 && units > 1);
    return (spec: MetricSpec): Metric => {
      const metric = resolveMetric(spec, { sparseTargets, outputUnits: units });
      const wantsLabels = metric.takesLabels;
      if (wantsLabels !== null && units > 1 && wantsLabels !== (y.labels !== null)) {
        const id = typeof spec === 'string' ? spec : metric.name;
        const hint = id.includes('accuracy')
          ? `: use ${wantsLabels ? "'categorical_accuracy'" : "'sparse_categorical_accuracy'"} or 'accuracy'`
          : '';
        throw new ValueError(
          `metric '${id}' needs ${wantsLabels ? 'integer labels (n,)' : `one-hot targets (n, ${units})`} but the loss '${core.losses[j].name}' takes ${y.labels !== null ? 'integer labels' : 'one-hot targets'}${hint}`,
        );
      }
      return metric;
    };
  };
  return [
    ys.map((_, j) => (core.outputMetricSpecs[j] ?? []).map(resolveFor(j))),
    ys.map((_, j) => (core.outputWeightedMetricSpecs[j] ?? []).map(resolveFor(j))),
  ];
}

function makeCallbacks(
  model: LoopModel,
  user: readonly Callback[] | undefined,
  verbose: 0 | 1 | 2,
  history: History | null,
  params: { epochs: number; steps: number; verbose: number },
): CallbackList {
  const list: Callback[] = [];
  if (verbose !== 0) list.push(new ProgbarLogger({ verbose }));
  list.push(...(user === undefined ? [] : checkCallbacks(user)));
  if (history !== null) list.push(history);
  // Callbacks see the model through the Sequential API, which a functional Model offers as well.
  return new CallbackList(list, model as Sequential, params);
}

function requireCompiled(core: ModelCore, what: string): void {
  if (core.loss === null || core.optimizer === null) {
    throw new ValueError(`call model.compile({ optimizer, loss, metrics }) before ${what}()`);
  }
}

function resolveVerbose(verbose: Verbosity | undefined): 0 | 1 | 2 {
  if (verbose === undefined || verbose === 'auto') return 1;
  if (verbose === 0 || verbose === 1 || verbose === 2) return verbose;
  throw new ValueError(`verbose must be 0, 1, 2 or 'auto', got ${String(verbose)}`);
}

function checkCount(name: string, value: number, min: number): number {
  if (!Number.isInteger(value) || value < min)
    throw new ValueError(`${name} must be an integer >= ${min}, got ${String(value)}`);
  return value;
}
