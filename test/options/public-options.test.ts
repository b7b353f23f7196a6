// Every public options object refuses a key it does not know (naming it and the accepted ones), and a
// snake_case key is answered with its camelCase form: nothing a caller passes is silently ignored.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as nb from '../../src/index.ts';
import { ValueError } from '../../src/errors.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

function refuses(what: string, call: () => unknown, key: string, hint?: string): Promise<void> {
  const check = (error: Error): boolean => {
    assert.ok(error instanceof ValueError, `${what}: ${error.name}: ${error.message}`);
    assert.match(error.message, new RegExp(`unknown option '${key}'`), what);
    if (hint !== undefined) assert.match(error.message, new RegExp(`did you mean '${hint}'`), what);
    return true;
  };
  return assert.rejects(async () => call(), check);
}

const bad = (key: string) => ({ [key]: 1 }) as never;

test('layers, models and optimizers refuse unknown keys and suggest camelCase', async () => {
  const { Dense, Dropout, Flatten, Activation, InputLayer } = nb.layers;
  await refuses('Dense', () => new Dense(2, bad('kernel_initializer')), 'kernel_initializer', 'kernelInitializer');
  await refuses('Dense', () => new Dense(2, bad('kernel_regularizer')), 'kernel_regularizer', 'kernelRegularizer');
  await refuses('Dropout', () => new Dropout(0.5, bad('noise_shape')), 'noise_shape');
  await refuses('Flatten', () => new Flatten(bad('data_format')), 'data_format', 'dataFormat');
  await refuses('Activation', () => new Activation('relu', bad('input_shape')), 'input_shape', 'inputShape');
  await refuses(
    'InputLayer',
    () => new InputLayer({ shape: [2], ...(bad('batch_size') as object) } as never),
    'batch_size',
    'batchSize',
  );
  await refuses('Sequential', () => new nb.Sequential([], bad('trainable')), 'trainable');
  const { SGD, Adam, RMSprop, Adagrad } = nb.optimizers;
  await refuses('SGD', () => new SGD(bad('learning_rate')), 'learning_rate', 'learningRate');
  await refuses('Adam', () => new Adam(bad('beta_1')), 'beta_1');
  await refuses('RMSprop', () => new RMSprop(bad('jit_compile')), 'jit_compile');
  await refuses(
    'Adagrad',
    () => new Adagrad(bad('initial_accumulator_value')),
    'initial_accumulator_value',
    'initialAccumulatorValue',
  );
});

test('compile, fit, evaluate, predict, loadWeights and loadModel refuse unknown keys', async () => {
  const model = new nb.Sequential([new nb.layers.Dense(2, { inputShape: [3] })]);
  await refuses(
    'compile',
    () => model.compile({ loss: 'mse', ...(bad('run_eagerly') as object) } as never),
    'run_eagerly',
  );
  model.compile({ loss: 'mse', optimizer: 'sgd' });
  const x = new Tensor(new Float32Array(12), [4, 3]);
  const y = new Tensor(new Float32Array(8), [4, 2]);
  await refuses('fit', () => model.fit(x, y, bad('batch_size')), 'batch_size', 'batchSize');
  await refuses('fit', () => model.fit(x, y, bad('class_weight')), 'class_weight', 'classWeight');
  await refuses('evaluate', () => model.evaluate(x, y, bad('return_dict')), 'return_dict', 'returnDict');
  await refuses('predict', () => model.predict(x, bad('steps')), 'steps');
  await refuses('loadWeights', () => model.loadWeights('absent.h5', bad('by_name')), 'by_name', 'byName');
  await refuses('loadModel', () => nb.loadModel('absent.h5', bad('custom_objects')), 'custom_objects');
});

test('callbacks refuse unknown keys', async () => {
  const c = nb.callbacks;
  await refuses(
    'EarlyStopping',
    () => new c.EarlyStopping(bad('restore_best_weights')),
    'restore_best_weights',
    'restoreBestWeights',
  );
  await refuses(
    'ModelCheckpoint',
    () => new c.ModelCheckpoint('m.h5', bad('save_best_only')),
    'save_best_only',
    'saveBestOnly',
  );
  await refuses('ReduceLROnPlateau', () => new c.ReduceLROnPlateau(bad('min_lr')), 'min_lr', 'minLr');
  await refuses('CSVLogger', () => new c.CSVLogger('log.csv', bad('sep')), 'sep');
  await refuses('ProgbarLogger', () => new c.ProgbarLogger(bad('count_mode')), 'count_mode');
  await refuses('TerminateOnNaN', () => new c.TerminateOnNaN(bad('raise_error')), 'raise_error', 'raiseError');
  await refuses('LambdaCallback', () => new c.LambdaCallback(bad('on_epoch_end')), 'on_epoch_end', 'onEpochEnd');
});

test('datasets and the scikit-learn side refuse unknown keys', async () => {
  await refuses('loadData', () => nb.datasets.fashionMnist.loadData(bad('cache_dir')), 'cache_dir', 'cacheDir');
  await refuses(
    'SGDClassifier',
    () => new nb.linearModel.SGDClassifier(bad('random_state')),
    'random_state',
    'randomState',
  );
  const ms = nb.modelSelection;
  await refuses('KFold', () => new ms.KFold(bad('n_splits')), 'n_splits', 'nSplits');
  await refuses('StratifiedKFold', () => new ms.StratifiedKFold(bad('n_splits')), 'n_splits', 'nSplits');
  await refuses('trainTestSplit', () => ms.trainTestSplit([1, 2, 3, 4], bad('test_size')), 'test_size', 'testSize');
  const estimator = new nb.linearModel.SGDClassifier();
  await refuses(
    'crossValidate',
    () => ms.crossValidate(estimator, [[0], [1], [0], [1]], [0, 1, 0, 1], bad('n_jobs')),
    'n_jobs',
    'nJobs',
  );
});
