// The accepted keys of every public options object, for checkOptions. Each list is written as a record over
// its interface's keys, so adding an option to an interface without listing it here fails the type check
// (and an option listed here but not in the interface does too).
import type { CSVLoggerOptions } from './callbacks/csv-logger.ts';
import type { EarlyStoppingOptions } from './callbacks/early-stopping.ts';
import type { LambdaCallbackHooks } from './callbacks/lambda-callback.ts';
import type { ModelCheckpointOptions } from './callbacks/model-checkpoint.ts';
import type { ProgbarLoggerOptions } from './callbacks/progbar-logger.ts';
import type { ReduceLROnPlateauOptions } from './callbacks/reduce-lr-on-plateau.ts';
import type { LoadDataOptions } from './datasets/dataset-types.ts';
import type { DenseOptions } from './layers/dense.ts';
import type { DropoutOptions } from './layers/dropout.ts';
import type { FlattenOptions } from './layers/flatten.ts';
import type { InputOptions } from './layers/input.ts';
import type { ConcatenateOptions } from './layers/merge/concatenate.ts';
import type { LayerArgs } from './layers/layer.ts';
import type { LayerNormalizationOptions } from './layers/layer-normalization.ts';
import type { SGDClassifierOptions } from './linear-model/sgd-options.ts';
import type { CrossValidateOptions } from './model-selection/cross-validate.ts';
import type { KFoldOptions } from './model-selection/cross-validator.ts';
import type { TrainTestSplitOptions } from './model-selection/train-test-split.ts';
import type { LoadModelOptions } from './models/load-model.ts';
import type { ModelCompileOptions, ModelOptions } from './models/functional.ts';
import type { CompileOptions, SequentialOptions } from './models/sequential.ts';
import type { EvaluateOptions, FitOptions, PredictOptions } from './models/training-loop.ts';
import type { LoadWeightsOptions } from './saving/model-io.ts';
import type { AtConstraintOptions } from './metrics/at-constraint.ts';
import type { AUCOptions } from './metrics/auc.ts';
import type { ConfusionCountOptions, PrecisionRecallOptions } from './metrics/precision-recall.ts';

/** The keys of T, checked complete and exact by the compiler. */
function keysOf<T>(record: { [K in keyof Required<T>]: true }): readonly string[] {
  return Object.freeze(Object.keys(record));
}

const LAYER_ARGS = { name: true, trainable: true, inputShape: true, batchInputShape: true, dtype: true } as const;

export const LAYER_ARG_KEYS = keysOf<LayerArgs>(LAYER_ARGS);
export const DENSE_KEYS = keysOf<DenseOptions>({
  ...LAYER_ARGS,
  activation: true,
  useBias: true,
  kernelInitializer: true,
  biasInitializer: true,
  seed: true,
  kernelRegularizer: true,
  biasRegularizer: true,
  activityRegularizer: true,
  kernelConstraint: true,
  biasConstraint: true,
});
export const DROPOUT_KEYS = keysOf<DropoutOptions>({ ...LAYER_ARGS, seed: true });
export const FLATTEN_KEYS = keysOf<FlattenOptions>({ ...LAYER_ARGS, dataFormat: true });
export const INPUT_KEYS = keysOf<InputOptions>({
  shape: true,
  batchShape: true,
  batchSize: true,
  name: true,
  dtype: true,
});

export const CONCATENATE_KEYS = keysOf<ConcatenateOptions>({ ...LAYER_ARGS, axis: true });

export const MODEL_KEYS = keysOf<ModelOptions>({ inputs: true, outputs: true, name: true, trainable: true });
export const MODEL_COMPILE_KEYS = keysOf<ModelCompileOptions>({
  optimizer: true,
  loss: true,
  metrics: true,
  weightedMetrics: true,
  lossWeights: true,
});
export const SEQUENTIAL_KEYS = keysOf<SequentialOptions>({ name: true });
export const COMPILE_KEYS = keysOf<CompileOptions>({
  optimizer: true,
  loss: true,
  metrics: true,
  weightedMetrics: true,
});
export const FIT_KEYS = keysOf<FitOptions>({
  epochs: true,
  batchSize: true,
  verbose: true,
  callbacks: true,
  validationData: true,
  validationSplit: true,
  validationBatchSize: true,
  validationFreq: true,
  shuffle: true,
  initialEpoch: true,
  seed: true,
  sampleWeight: true,
  classWeight: true,
});
export const EVALUATE_KEYS = keysOf<EvaluateOptions>({
  batchSize: true,
  verbose: true,
  callbacks: true,
  returnDict: true,
  sampleWeight: true,
});
export const PREDICT_KEYS = keysOf<PredictOptions>({ batchSize: true, verbose: true, callbacks: true });
export const LOAD_WEIGHTS_KEYS = keysOf<LoadWeightsOptions>({ byName: true });
export const LOAD_MODEL_KEYS = keysOf<LoadModelOptions>({ compile: true });

export const CSV_LOGGER_KEYS = keysOf<CSVLoggerOptions>({ separator: true, append: true });
export const EARLY_STOPPING_KEYS = keysOf<EarlyStoppingOptions>({
  monitor: true,
  minDelta: true,
  patience: true,
  verbose: true,
  mode: true,
  baseline: true,
  restoreBestWeights: true,
  startFromEpoch: true,
  stream: true,
});
export const MODEL_CHECKPOINT_KEYS = keysOf<ModelCheckpointOptions>({
  monitor: true,
  verbose: true,
  saveBestOnly: true,
  saveWeightsOnly: true,
  mode: true,
  saveFreq: true,
  initialValueThreshold: true,
  stream: true,
});
export const PROGBAR_LOGGER_KEYS = keysOf<ProgbarLoggerOptions>({ verbose: true, stream: true });
export const REDUCE_LR_KEYS = keysOf<ReduceLROnPlateauOptions>({
  monitor: true,
  factor: true,
  patience: true,
  verbose: true,
  mode: true,
  minDelta: true,
  cooldown: true,
  minLr: true,
  stream: true,
});
export const TERMINATE_ON_NAN_KEYS: readonly string[] = ['raiseError', 'stream'];
export const LAMBDA_CALLBACK_KEYS = keysOf<LambdaCallbackHooks>({
  onEpochBegin: true,
  onEpochEnd: true,
  onTrainBegin: true,
  onTrainEnd: true,
  onTrainBatchBegin: true,
  onTrainBatchEnd: true,
  onBatchBegin: true,
  onBatchEnd: true,
  onTestBegin: true,
  onTestEnd: true,
  onTestBatchBegin: true,
  onTestBatchEnd: true,
  onPredictBegin: true,
  onPredictEnd: true,
  onPredictBatchBegin: true,
  onPredictBatchEnd: true,
});

export const LOAD_DATA_KEYS = keysOf<LoadDataOptions>({
  path: true,
  cacheDir: true,
  offline: true,
  source: true,
  mirrors: true,
  connectTimeoutMs: true,
  idleTimeoutMs: true,
  verbose: true,
});

export const SGD_CLASSIFIER_KEYS = keysOf<SGDClassifierOptions>({
  loss: true,
  penalty: true,
  alpha: true,
  l1Ratio: true,
  fitIntercept: true,
  maxIter: true,
  tol: true,
  shuffle: true,
  learningRate: true,
  eta0: true,
  powerT: true,
  nIterNoChange: true,
  randomState: true,
});
export const CROSS_VALIDATE_KEYS = keysOf<CrossValidateOptions>({ cv: true, nJobs: true, returnTrainScore: true });
export const KFOLD_KEYS = keysOf<KFoldOptions>({ nSplits: true, shuffle: true, randomState: true });
export const TRAIN_TEST_SPLIT_KEYS = keysOf<TrainTestSplitOptions>({
  testSize: true,
  trainSize: true,
  randomState: true,
  shuffle: true,
  stratify: true,
});

export const LAYER_NORMALIZATION_KEYS = keysOf<LayerNormalizationOptions>({
  ...LAYER_ARGS,
  axis: true,
  epsilon: true,
  center: true,
  scale: true,
  rmsScaling: true,
  betaInitializer: true,
  gammaInitializer: true,
});

export const CONFUSION_COUNT_KEYS = keysOf<ConfusionCountOptions>({ name: true, thresholds: true });
export const PRECISION_RECALL_KEYS = keysOf<PrecisionRecallOptions>({
  name: true,
  thresholds: true,
  topK: true,
  classId: true,
});
export const AUC_KEYS = keysOf<AUCOptions>({
  name: true,
  numThresholds: true,
  curve: true,
  summationMethod: true,
  thresholds: true,
  multiLabel: true,
  numLabels: true,
  labelWeights: true,
  fromLogits: true,
});
export const AT_CONSTRAINT_KEYS = keysOf<AtConstraintOptions>({ name: true, numThresholds: true, classId: true });
