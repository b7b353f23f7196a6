// The order of the vertices within each rank of a layered drawing: barycenter sweeps (each vertex moves to the
// mean position of its neighbours in the rank just swept), keeping the order with the fewest edge crossings.

const SWEEPS = 12;

/**
 * Orders each rank's vertices. `ranks` gives each vertex's rank; `chains` are the edges as vertex paths, one
 * rank per step. Ties keep the earlier order, which starts from the vertex numbering.
 */
export function orderRanks(ranks: readonly number[], chains: readonly number[][]): number[][] {
  const rankCount = ranks.reduce((m, r) => Math.max(m, r + 1), 0);
  let order: number[][] = Array.from({ length: rankCount }, () => []);
  ranks.forEach((r, v) => order[r].push(v));
  const segments = chains.flatMap((chain) => chain.slice(1).map((v, i) => [chain[i], v] as const));
  const above: number[][] = ranks.map(() => []);
  const below: number[][] = ranks.map(() => []);
  for (const [a, b] of segments) {
    below[a].push(b);
    above[b].push(a);
  }
  let best = order;
  let fewest = crossings(best, segments, ranks);
  for (let sweep = 0; sweep < SWEEPS && fewest > 0; sweep++) {
    order = sweepOnce(order, sweep % 2 === 0 ? above : below, sweep % 2 === 0);
    const count = crossings(order, segments, ranks);
    if (count < fewest) {
      best = order;
      fewest = count;
    }
  }
  return best;
}

/** One pass down (each rank sorted by its neighbours above) or up (by its neighbours below). */
function sweepOnce(order: readonly number[][], neighbours: readonly number[][], down: boolean): number[][] {
  const next = order.map((rank) => [...rank]);
  const position = new Map<number, number>();
  next.forEach((rank) => rank.forEach((v, i) => position.set(v, i)));
  const ranks = [...next.keys()];
  for (const r of down ? ranks.slice(1) : ranks.reverse().slice(1)) {
    const key = new Map<number, number>();
    for (const v of next[r]) {
      const list = neighbours[v];
      key.set(v, list.length === 0 ? position.get(v)! : list.reduce((s, w) => s + position.get(w)!, 0) / list.length);
    }
    next[r].sort((a, b) => key.get(a)! - key.get(b)!);
    next[r].forEach((v, i) => position.set(v, i));
  }
  return next;
}

/** The number of pairs of segments between neighbouring ranks that cross. */
function crossings(
  order: readonly number[][],
  segments: readonly (readonly [number, number])[],
  ranks: readonly number[],
): number {
  const position = new Map<number, number>();
  order.forEach((rank) => rank.forEach((v, i) => position.set(v, i)));
  const byRank = new Map<number, (readonly [number, number])[]>();
  for (const [a, b] of segments) {
    const pair = [position.get(a)!, position.get(b)!] as const;
    byRank.set(ranks[a], [...(byRank.get(ranks[a]) ?? []), pair]);
  }
  let count = 0;
  for (const pairs of byRank.values()) {
    for (let i = 0; i < pairs.length; i++) {
      for (let j = i + 1; j < pairs.length; j++) {
        if ((pairs[i][0] - pairs[j][0]) * (pairs[i][1] - pairs[j][1]) < 0) count++;
      }
    }
  }
  return count;
}
