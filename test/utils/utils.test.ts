// nb.utils: toCategorical, padSequences, normalize and setRandomSeed against hand-computed values and Keras's
// documented examples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Dropout } from '../../src/layers/dropout.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import { normalize, padSequences, setRandomSeed, toCategorical } from '../../src/utils/index.ts';

test('toCategorical: one-hot rows, numClasses inferred or given, a trailing axis of 1 dropped', () => {
  const y = toCategorical([0, 2, 1]);
  assert.deepEqual(y.shape, [3, 3]);
  assert.deepEqual([...y.data], [1, 0, 0, 0, 0, 1, 0, 1, 0]);
  const column = toCategorical(new Tensor(Int32Array.from([1, 0]), [2, 1]), 4);
  assert.deepEqual(column.shape, [2, 4]);
  assert.deepEqual([...column.data], [0, 1, 0, 0, 1, 0, 0, 0]);
  assert.equal(column.dtype, 'float32');
  assert.throws(
    () => toCategorical([0, 3], 3),
    (e: Error) => e instanceof ValueError && /y\[1\] = 3/.test(e.message),
  );
  assert.throws(() => toCategorical([0.5]), ValueError);
});

test("padSequences: Keras's 'pre' defaults, 'post', truncation, value and dtype", () => {
  const sequences = [[1], [2, 3], [4, 5, 6]];
  const rows = (t: Tensor): number[][] =>
    Array.from({ length: t.shape[0] }, (_, i) =>
      Array.from(t.data.slice(i * t.shape[1], (i + 1) * t.shape[1]), Number),
    );
  assert.deepEqual(rows(padSequences(sequences)), [
    [0, 0, 1],
    [0, 2, 3],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences(sequences, { padding: 'post', value: -1 })), [
    [1, -1, -1],
    [2, 3, -1],
    [4, 5, 6],
  ]);
  assert.deepEqual(rows(padSequences(sequences, { maxlen: 2 })), [
    [0, 1],
    [2, 3],
    [5, 6],
  ]);
  assert.deepEqual(rows(padSequences(sequences, { maxlen: 2, truncating: 'post' })), [
    [0, 1],
    [2, 3],
    [4, 5],
  ]);
  assert.equal(padSequences(sequences).dtype, 'int32');
  assert.equal(padSequences([[0.5]], { dtype: 'float32', maxlen: 2 }).data[1], 0.5);
  assert.throws(() => padSequences(sequences, { padding: 'middle' as 'pre' }), ValueError);
  assert.throws(() => padSequences(sequences, { max_len: 2 } as never), /unknown option 'max_len'/);
});

test('normalize: x / ‖x‖ along an axis for orders 2, 1 and ∞; zero vectors stay zero', () => {
  assert.deepEqual(
    [
      ...normalize([
        [3, 4],
        [0, 0],
      ]).data,
    ].map((v) => +v.toFixed(6)),
    [0.6, 0.8, 0, 0],
  );
  assert.deepEqual(
    [
      ...normalize(
        [
          [1, 3],
          [-1, 1],
        ],
        { order: 1 },
      ).data,
    ],
    [0.25, 0.75, -0.5, 0.5],
  );
  assert.deepEqual(
    [
      ...normalize(
        [
          [3, 4],
          [4, 3],
        ],
        { axis: 0, order: Infinity },
      ).data,
    ],
    [0.75, 1, 1, 0.75],
  );
  const t = normalize(
    [
      [
        [1, 2],
        [2, 1],
      ],
    ],
    { axis: 1 },
  );
  const n = Math.sqrt(5);
  assert.deepEqual(
    [...t.data].map((v) => +v.toFixed(6)),
    [1 / n, 2 / n, 2 / n, 1 / n].map((v) => +v.toFixed(6)),
  );
  assert.throws(() => normalize([1, 2], { axis: 2 }), ValueError);
  assert.throws(() => normalize([1, 2], { order: 0.5 }), ValueError);
});

test('setRandomSeed makes initial weights and a dropout fit repeat exactly; another seed differs', async () => {
  const run = async (seed: number): Promise<number[]> => {
    setRandomSeed(seed);
    const model = new Sequential([
      new Dense(8, { inputShape: [4], activation: 'relu' }),
      new Dropout(0.5),
      new Dense(1),
    ]);
    model.compile({ optimizer: 'sgd', loss: 'mean_squared_error' });
    const x = new Tensor(
      Float32Array.from({ length: 64 }, (_, i) => Math.sin(i)),
      [16, 4],
    );
    const y = new Tensor(
      Float32Array.from({ length: 16 }, (_, i) => Math.cos(i)),
      [16, 1],
    );
    const history = await model.fit(x, y, { epochs: 3, batchSize: 4, verbose: 0 });
    return [...model.getWeights()[0].data.slice(0, 4), ...(history.history.loss as number[])];
  };
  const first = await run(42);
  assert.deepEqual(await run(42), first);
  assert.notDeepEqual(await run(43), first);
  assert.throws(() => setRandomSeed(-1), ValueError);
});
