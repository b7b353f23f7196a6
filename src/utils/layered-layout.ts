// A layered drawing of a directed graph (the Sugiyama scheme that Graphviz's dot follows): nodes in ranks by
// their longest path from a source, long edges split by invisible points, ranks ordered by barycenter sweeps to
// cut crossings, and each rank's nodes placed near their neighbours without overlapping. Coordinates are
// abstract: `along` runs from rank to rank, `across` within a rank, so one layout serves every rankdir.
import { orderRanks } from './rank-order.ts';

/** A point of the layout: `along` the rank direction, `across` it. */
export interface LayoutPoint {
  along: number;
  across: number;
}

/** A node's extent in both directions. */
export type NodeSize = LayoutPoint;

export interface LayoutSpacing {
  /** Space between consecutive ranks. */
  rankGap: number;
  /** Space between neighbours in a rank. */
  nodeGap: number;
  /** The width reserved in a rank for an edge passing through it. */
  edgeWidth: number;
}

export interface LayeredLayout {
  /** The top-left corner (smallest along and across) of each node. */
  nodes: LayoutPoint[];
  /** Each edge's path, from the source's side to the target's side (where an arrow head goes). */
  paths: LayoutPoint[][];
  /** The extent of everything drawn, from 0. */
  size: NodeSize;
}

/** A vertex of the layout: a real node, or the point where a long edge crosses a rank. */
interface Vertex {
  rank: number;
  size: NodeSize;
  center: number;
}

const SELF_LOOP = 16;

/** Lays out nodes of the given sizes joined by edges [from, to]; cycles are drawn with edges against the ranks. */
export function layeredLayout(
  sizes: readonly NodeSize[],
  edges: readonly (readonly [number, number])[],
  spacing: LayoutSpacing,
): LayeredLayout {
  const reversed = backEdges(sizes.length, edges);
  const forward = edges.map(([a, b], e) => (reversed[e] ? ([b, a] as const) : ([a, b] as const)));
  const ranks = longestPathRanks(
    sizes.length,
    forward.filter(([a, b]) => a !== b),
  );
  const vertices: Vertex[] = sizes.map((size, v) => ({ rank: ranks[v], size, center: 0 }));
  const chains = forward.map(([a, b]) => (a === b ? [a] : splitEdge(vertices, a, b, spacing.edgeWidth)));
  const order = orderRanks(
    vertices.map((v) => v.rank),
    chains,
  );
  placeAcross(vertices, order, chains, spacing);
  const { rankStart, rankSize, along } = rankBands(vertices, order.length, spacing.rankGap);
  const nodes = sizes.map((size, v) => ({
    along: rankStart[ranks[v]] + (rankSize[ranks[v]] - size.along) / 2,
    across: vertices[v].center - size.across / 2,
  }));
  const paths = edgePaths(nodes, vertices, chains, rankStart, rankSize).map((path, e) =>
    reversed[e] ? path.reverse() : path,
  );
  const across = Math.max(
    0,
    ...vertices.map((v) => v.center + v.size.across / 2),
    ...paths.flat().map((p) => p.across),
  );
  return { nodes, paths, size: { along, across } };
}

/** The edges that a depth-first walk from the nodes in index order finds closing a cycle (reversed to rank). */
function backEdges(count: number, edges: readonly (readonly [number, number])[]): boolean[] {
  const out: number[][] = Array.from({ length: count }, () => []);
  edges.forEach(([a], e) => out[a].push(e));
  const state = new Uint8Array(count); // 0 unseen, 1 on the walk's stack, 2 done
  const reversed = edges.map(() => false);
  const visit = (v: number): void => {
    state[v] = 1;
    for (const e of out[v]) {
      const w = edges[e][1];
      if (w === v) continue;
      if (state[w] === 1) reversed[e] = true;
      else if (state[w] === 0) visit(w);
    }
    state[v] = 2;
  };
  for (let v = 0; v < count; v++) if (state[v] === 0) visit(v);
  return reversed;
}

/** Each node's rank: 0 for a node without inbound edges, else one more than its deepest predecessor. */
function longestPathRanks(count: number, edges: readonly (readonly [number, number])[]): number[] {
  const inDegree = new Array<number>(count).fill(0);
  const out: number[][] = Array.from({ length: count }, () => []);
  for (const [a, b] of edges) {
    out[a].push(b);
    inDegree[b]++;
  }
  const ranks = new Array<number>(count).fill(0);
  const ready = [...ranks.keys()].filter((v) => inDegree[v] === 0);
  while (ready.length > 0) {
    const v = ready.shift()!;
    for (const w of out[v]) {
      ranks[w] = Math.max(ranks[w], ranks[v] + 1);
      if (--inDegree[w] === 0) ready.push(w);
    }
  }
  return ranks;
}

/** The vertices an edge passes through, adding one invisible vertex in every rank it crosses. */
function splitEdge(vertices: Vertex[], a: number, b: number, width: number): number[] {
  const chain = [a];
  for (let rank = vertices[a].rank + 1; rank < vertices[b].rank; rank++) {
    chain.push(vertices.length);
    vertices.push({ rank, size: { along: 0, across: width }, center: 0 });
  }
  chain.push(b);
  return chain;
}

/**
 * Places each rank's vertices in order, alternately pulled toward the mean of their neighbours above and below,
 * as close as the order and the gaps allow (a least-squares fit under separation constraints).
 */
function placeAcross(vertices: Vertex[], order: number[][], chains: number[][], spacing: LayoutSpacing): void {
  const above: number[][] = vertices.map(() => []);
  const below: number[][] = vertices.map(() => []);
  for (const chain of chains) {
    for (let i = 1; i < chain.length; i++) {
      below[chain[i - 1]].push(chain[i]);
      above[chain[i]].push(chain[i - 1]);
    }
  }
  for (const rank of order)
    fitRank(
      vertices,
      rank,
      rank.map(() => 0),
      spacing.nodeGap,
    );
  const ranks = [...order.keys()];
  for (let sweep = 0; sweep < 8; sweep++) {
    const down = sweep % 2 === 0;
    for (const r of down ? ranks : [...ranks].reverse()) {
      const rank = order[r];
      const wanted = rank.map((v) => {
        const neighbours = sweep === 7 ? [...above[v], ...below[v]] : down ? above[v] : below[v];
        if (neighbours.length === 0) return vertices[v].center;
        return neighbours.reduce((s, w) => s + vertices[w].center, 0) / neighbours.length;
      });
      fitRank(vertices, rank, wanted, spacing.nodeGap);
    }
  }
  const left = Math.min(...vertices.map((v) => v.center - v.size.across / 2));
  for (const v of vertices) v.center -= left;
}

/**
 * Sets the centres of one rank's vertices, in their order, as near the wanted centres as possible in least
 * squares while each keeps `gap` from the next: with the separations taken out, the centres must not decrease,
 * which pooling adjacent violators solves exactly.
 */
function fitRank(vertices: Vertex[], rank: readonly number[], wanted: readonly number[], gap: number): void {
  const offsets: number[] = [];
  let offset = 0;
  rank.forEach((v, i) => {
    if (i > 0) offset += (vertices[rank[i - 1]].size.across + vertices[v].size.across) / 2 + gap;
    offsets.push(offset);
  });
  const blocks: { sum: number; count: number }[] = [];
  wanted.forEach((w, i) => {
    blocks.push({ sum: w - offsets[i], count: 1 });
    while (blocks.length > 1) {
      const last = blocks[blocks.length - 1];
      const previous = blocks[blocks.length - 2];
      if (previous.sum / previous.count <= last.sum / last.count) break;
      previous.sum += last.sum;
      previous.count += last.count;
      blocks.pop();
    }
  });
  let i = 0;
  for (const block of blocks) {
    for (let k = 0; k < block.count; k++, i++) vertices[rank[i]].center = block.sum / block.count + offsets[i];
  }
}

/** Where each rank's band starts and how deep it is (its deepest node), and the total depth. */
function rankBands(
  vertices: readonly Vertex[],
  rankCount: number,
  gap: number,
): { rankStart: number[]; rankSize: number[]; along: number } {
  const rankSize = new Array<number>(rankCount).fill(0);
  for (const v of vertices) rankSize[v.rank] = Math.max(rankSize[v.rank], v.size.along);
  const rankStart: number[] = [];
  let along = 0;
  for (let r = 0; r < rankCount; r++) {
    rankStart.push(along);
    along += rankSize[r] + (r + 1 < rankCount ? gap : 0);
  }
  return { rankStart, rankSize, along };
}

/**
 * Each edge as a poly-line: out of its source's far side, straight through the bands of the ranks it crosses,
 * into its target's near side. Several edges at one side get ports spread along it, ordered by where they go.
 */
function edgePaths(
  nodes: readonly LayoutPoint[],
  vertices: readonly Vertex[],
  chains: readonly number[][],
  rankStart: readonly number[],
  rankSize: readonly number[],
): LayoutPoint[][] {
  const outPort = ports(vertices, chains, (chain) => [chain[0], chain[1]]);
  const inPort = ports(vertices, chains, (chain) => [chain[chain.length - 1], chain[chain.length - 2]]);
  return chains.map((chain, e) => {
    const source = chain[0];
    const box = vertices[source].size;
    if (chain.length === 1) {
      const right = nodes[source].across + box.across;
      const [top, bottom] = [nodes[source].along + box.along / 3, nodes[source].along + (2 * box.along) / 3];
      return [
        { along: top, across: right },
        { along: top, across: right + SELF_LOOP },
        { along: bottom, across: right + SELF_LOOP },
        { along: bottom, across: right },
      ];
    }
    const target = chain[chain.length - 1];
    const path = [{ along: nodes[source].along + box.along, across: outPort[e] }];
    for (const v of chain.slice(1, -1)) {
      const r = vertices[v].rank;
      path.push(
        { along: rankStart[r], across: vertices[v].center },
        { along: rankStart[r] + rankSize[r], across: vertices[v].center },
      );
    }
    path.push({ along: nodes[target].along, across: inPort[e] });
    return path;
  });
}

/** The across position of each edge's port on one end, spread evenly when a node has several edges there. */
function ports(
  vertices: readonly Vertex[],
  chains: readonly number[][],
  ends: (chain: number[]) => [number, number],
): number[] {
  const atNode = new Map<number, number[]>();
  chains.forEach((chain, e) => {
    if (chain.length < 2) return;
    const [node] = ends(chain);
    atNode.set(node, [...(atNode.get(node) ?? []), e]);
  });
  const port = chains.map(() => 0);
  for (const [node, list] of atNode) {
    const { center, size } = vertices[node];
    const step = Math.min(12, size.across / (list.length + 1));
    list.sort((e, f) => vertices[ends(chains[e])[1]].center - vertices[ends(chains[f])[1]].center);
    list.forEach((e, i) => {
      port[e] = center + (i - (list.length - 1) / 2) * step;
    });
  }
  return port;
}
