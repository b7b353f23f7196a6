import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ValueError } from '../../src/errors.ts';
import { grad, valueAndGrad } from '../../src/autograd/index.ts';
import * as nb from '../../src/tensor/index.ts';
import { assertAllClose } from '../helpers/all-close.ts';

test('valueAndGrad returns the value and one gradient per argument (hand-computed)', () => {
  const x = nb.tensor([
    [1, -2],
    [3, 4],
  ]);
  const w = nb.tensor([[0.5], [0.25]]);
  const { value, grads } = valueAndGrad((x: nb.Tensor, w: nb.Tensor) => nb.relu(x.matmul(w)).sum())(x, w);
  // x·w = [[0], [2.5]]; relu kills the first row (derivative 0 at 0).
  assert.equal(value.item(), 2.5);
  assertAllClose(grads[0], [
    [0, 0],
    [0.5, 0.25],
  ]);
  assertAllClose(grads[1], [[3], [4]]);
});

test('tensor methods are differentiable too', () => {
  const [dx] = grad((x: nb.Tensor) => x.mul(x).mean())(nb.tensor([1, 2, 3, 4]));
  assertAllClose(dx, [0.5, 1, 1.5, 2]); // d/dx mean(x²) = 2x/4
  const [dy] = grad((x: nb.Tensor) => x.reshape([2, 2]).sum(0).div(2).slice(1).sum())(nb.tensor([1, 2, 3, 4]));
  assertAllClose(dy, [0, 0.5, 0, 0.5]);
});

test('a non-scalar value is differentiated as its sum', () => {
  const [d] = grad((x: nb.Tensor) => x.mul(3))(
    nb.tensor([
      [1, 2],
      [3, 4],
    ]),
  );
  assertAllClose(d, [
    [3, 3],
    [3, 3],
  ]);
});

test('the same tensor passed twice gets two gradients; an unused argument gets zeros', () => {
  const a = nb.tensor([2, 3]);
  const [da, db, dc] = grad((x: nb.Tensor, y: nb.Tensor, _z: nb.Tensor) => x.mul(y).sum())(a, a, nb.tensor([[1]]));
  assertAllClose(da, [2, 3]);
  assertAllClose(db, [2, 3]);
  assertAllClose(dc, [[0]]);
});

test('a tensor used twice accumulates its gradient', () => {
  const [d] = grad((x: nb.Tensor) => nb.add(nb.mul(x, x), nb.exp(x)).sum())(nb.tensor([0, 1], undefined, 'float64'));
  assertAllClose(d, [0 + 1, 2 + Math.E]);
});

test('gradients keep the dtype of their argument', () => {
  const [d32] = grad((x: nb.Tensor) => x.mul(2).sum())(nb.tensor([1]));
  const [d64] = grad((x: nb.Tensor) => x.mul(2).sum())(nb.tensor([1], undefined, 'float64'));
  assert.equal(d32.dtype, 'float32');
  assert.equal(d64.dtype, 'float64');
});

test('the gradient stops at non-differentiable ops (argMax, equal, casts to integers)', () => {
  const [d] = grad((x: nb.Tensor) => x.add(x.astype('int32')).sum())(nb.tensor([1.5, 2.5]));
  assertAllClose(d, [1, 1]);
});

test('bad arguments are clear errors', () => {
  assert.throws(
    () => grad((x: nb.Tensor) => x.sum())(nb.tensor([1], undefined, 'int32')),
    (e: unknown) => e instanceof ValueError && /argument 0 is int32; gradients need a float tensor/.test(e.message),
  );
  assert.throws(() => grad((() => 3) as never)(nb.tensor([1])), /must return a Tensor/);
});

test('nothing is recorded outside valueAndGrad, and a throwing function leaves no recorder behind', () => {
  assert.throws(
    () =>
      grad((_x: nb.Tensor): nb.Tensor => {
        throw new Error('boom');
      })(nb.tensor([1])),
    /boom/,
  );
  const [d] = grad((x: nb.Tensor) => x.mul(5).sum())(nb.tensor([1]));
  assertAllClose(d, [5]);
});

test('nested valueAndGrad: the inner one works inside an outer trace', () => {
  const outer = grad((x: nb.Tensor) => {
    const [inner] = grad((y: nb.Tensor) => y.mul(y).sum())(nb.tensor([3]));
    assertAllClose(inner, [6]);
    return x.mul(inner).sum();
  });
  assertAllClose(outer(nb.tensor([1]))[0], [6]);
});

test('dropout: same seed, same mask; kept elements scaled by 1/(1 − rate); gradient is the mask', () => {
  const x = nb.ones([1000]);
  const a = nb.dropout(x, 0.25, { seed: 7 });
  const b = nb.dropout(x, 0.25, { seed: 7 });
  assert.deepEqual(a.data, b.data);
  const kept = Array.from(a.data).filter((v) => v !== 0);
  assert.ok(kept.every((v) => Math.abs(v - 1 / 0.75) < 1e-6));
  assert.ok(Math.abs(kept.length / 1000 - 0.75) < 0.05, `kept ${kept.length}`);
  const [d] = grad((t: nb.Tensor) => nb.dropout(t, 0.25, { seed: 7 }).sum())(x);
  assertAllClose(d, a);
  assert.throws(() => nb.dropout(x, 1.5), /rate must be in \[0, 1\]/);
  assert.deepEqual(
    Array.from(nb.dropout(x, 1, { seed: 1 }).data).filter((v) => v !== 0),
    [],
  );
});

test('a float cast passes the gradient through, in the argument dtype', () => {
  const [d] = grad((x: nb.Tensor) =>
    x
      .astype('float32')
      .mul(nb.tensor([2, 3]))
      .sum(),
  )(nb.tensor([1, 1], undefined, 'float64'));
  assert.equal(d.dtype, 'float64');
  assertAllClose(d, [2, 3]);
});
