// Seeded mutations of a file's bytes, the damage real files suffer: flipped bits, truncation, a chunk
// written twice, a run of bytes overwritten or zeroed. The same seed gives the same mutants.

/** A small seeded generator (mulberry32): reproducible and independent of the library under test. */
export class FuzzRandom {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  below(n: number): number {
    return Math.floor(this.next() * n);
  }
}

/** The kinds of damage applied. */
export const MUTATIONS = ['bit-flips', 'truncation', 'chunk-duplication', 'overwrite', 'zero-run'] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** A damaged copy of `bytes` and what was done to it. */
export function mutate(
  bytes: Uint8Array,
  random: FuzzRandom,
  kind: Mutation = MUTATIONS[random.below(MUTATIONS.length)],
): { bytes: Uint8Array; kind: Mutation } {
  const n = bytes.length;
  const out = Uint8Array.from(bytes);
  switch (kind) {
    case 'bit-flips': {
      const flips = 1 + random.below(8);
      for (let i = 0; i < flips; i++) out[random.below(n)] ^= 1 << random.below(8);
      return { bytes: out, kind };
    }
    case 'truncation':
      return { bytes: out.subarray(0, random.below(n)), kind };
    case 'chunk-duplication': {
      const start = random.below(n);
      const length = 1 + random.below(Math.min(4096, n - start));
      const at = random.below(n + 1);
      const copy = new Uint8Array(n + length);
      copy.set(bytes.subarray(0, at), 0);
      copy.set(bytes.subarray(start, start + length), at);
      copy.set(bytes.subarray(at), at + length);
      return { bytes: copy, kind };
    }
    case 'overwrite':
    case 'zero-run': {
      const start = random.below(n);
      const length = 1 + random.below(Math.min(64, n - start));
      for (let i = start; i < start + length; i++) out[i] = kind === 'zero-run' ? 0 : random.below(256);
      return { bytes: out, kind };
    }
  }
}
