// The order within ranks of a layered drawing: barycenter sweeps untangle edges that the first order crosses.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { orderRanks } from '../../src/utils/rank-order.ts';

test('edges that all cross in the first order are untangled', () => {
  // Vertices 0, 1, 2 above 3, 4, 5 with 0→5, 1→4, 2→3: every pair crosses until the lower rank is reversed.
  const order = orderRanks(
    [0, 0, 0, 1, 1, 1],
    [
      [0, 5],
      [1, 4],
      [2, 3],
    ],
  );
  assert.deepEqual(order, [
    [0, 1, 2],
    [5, 4, 3],
  ]);
});

test('an order without crossings is kept, and an edge through a middle rank follows its ends', () => {
  assert.deepEqual(
    orderRanks(
      [0, 0, 1, 1],
      [
        [0, 2],
        [1, 3],
      ],
    ),
    [
      [0, 1],
      [2, 3],
    ],
  );
  // 0→3 passes rank 1 through vertex 4; 1→2 is direct; 2 and 4 share rank 1, 3 and 5 rank 2, with 2→5.
  const order = orderRanks(
    [0, 0, 1, 2, 1, 2],
    [
      [0, 4, 3],
      [1, 2],
      [2, 5],
    ],
  );
  assert.deepEqual(order, [
    [0, 1],
    [4, 2],
    [3, 5],
  ]);
});
