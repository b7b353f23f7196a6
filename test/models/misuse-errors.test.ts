// What a careless caller gets: a NablaError naming the argument and the expected form, and Keras's refusals
// where Keras refuses (validation_split outside (0, 1), SGD momentum outside [0, 1]).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryLimitError, NablaError, ValueError } from '../../src/errors.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { zeros } from '../../src/tensor/ops/creation.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

function compiled(): Sequential {
  const m = new Sequential([new Dense(2, { inputShape: [3], activation: 'softmax' })]);
  m.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy' });
  return m;
}
const x = new Tensor(
  new Float32Array(30).map((_, i) => i / 30),
  [10, 3],
);
const y = new Tensor(
  Int32Array.from({ length: 10 }, (_, i) => i % 2),
  [10],
);

function valueError(...patterns: RegExp[]) {
  return (error: Error): boolean => {
    assert.ok(error instanceof ValueError, `${error.name}: ${error.message}`);
    for (const p of patterns) assert.match(error.message, p);
    return true;
  };
}

test('a callback that is not a Callback is named with its position', async () => {
  await assert.rejects(
    compiled().fit(x, y, { verbose: 0, callbacks: [{}] as never }),
    valueError(/callbacks\[0\] is an object \(Object\), not a Callback/),
  );
  await assert.rejects(
    compiled().evaluate(x, y, { verbose: 0, callbacks: {} as never }),
    valueError(/callbacks must be an array/),
  );
});

test('an activation given as an object says a string id is expected', () => {
  assert.throws(
    () => new Dense(2, { activation: { className: 'relu' } as never }),
    valueError(/activation must be a string id or null, got an object \(Object\)/, /'relu'/),
  );
});

test('validationSplit outside (0, 1) or NaN is refused as Keras refuses it; 0 means no split', async () => {
  for (const split of [-0.1, 1, 1.5, Number.NaN]) {
    await assert.rejects(
      compiled().fit(x, y, { verbose: 0, validationSplit: split }),
      valueError(/validationSplit must be in \(0, 1\)/),
    );
  }
  const history = await compiled().fit(x, y, { verbose: 0, validationSplit: 0 });
  assert.equal(history.history.val_loss, undefined);
});

test('SGD momentum outside [0, 1] is refused; 0 and 1 are accepted', () => {
  for (const momentum of [-0.1, 1.5, Number.NaN])
    assert.throws(() => new SGD({ momentum }), valueError(/SGD momentum must be a number in \[0, 1\]/));
  assert.equal(new SGD({ momentum: 1 }).getConfig().momentum, 1);
  assert.equal(new SGD({ momentum: 0 }).getConfig().momentum, 0);
});

test('absurd sizes are NablaErrors, not RangeErrors', async () => {
  assert.throws(
    () => new Sequential([new Dense(2 ** 31, { inputShape: [4] })]),
    (error: Error) => error instanceof NablaError,
  );
  assert.throws(
    () => new Sequential([new Dense(2, { inputShape: [2 ** 33] })]),
    (error: Error) => error instanceof NablaError,
  );
  assert.throws(
    () => zeros([1e5, 1e5]),
    (error: Error) => error instanceof MemoryLimitError && /1e\+?10|10000000000 elements/.test(error.message),
  );
  await assert.rejects(
    loadModel(undefined as never),
    valueError(/model file path must be a non-empty string, got undefined/),
  );
  // A batch larger than the data is one batch of all rows, as in Keras.
  await compiled().fit(x, y, { verbose: 0, batchSize: 2 ** 40 });
});
