import { ValueError } from '../errors.ts';

// numpy's legacy `RandomState`: the MT19937 generator with numpy's seeding, its legacy bounded-integer
// algorithm (mask and reject), its 53-bit doubles and its legacy shuffle. Every draw matches numpy bit for
// bit, so scikit-learn's splits and shuffles can be reproduced from the same seed.

const STATE_LENGTH = 624;
const SHIFT = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
const TWO_POW_32 = 4294967296;

/** A seed as numpy accepts it: an integer in [0, 2^32), a non-empty array of such integers, or none (entropy). */
export type RandomStateSeed = number | readonly number[] | Uint32Array | null | undefined;

/** A mutable sequence that `shuffle` can permute in place. */
export type ShuffleTarget = { length: number; [index: number]: unknown };

class MT19937 {
  readonly key = new Uint32Array(STATE_LENGTH);
  pos = STATE_LENGTH;

  /** numpy's `mt19937_seed` (Matsumoto and Nishimura's `init_genrand`), used for an integer seed. */
  seedInt(seed: number): void {
    const key = this.key;
    key[0] = seed >>> 0;
    for (let i = 1; i < STATE_LENGTH; i++) {
      const prev = key[i - 1];
      key[i] = (Math.imul(1812433253, prev ^ (prev >>> 30)) + i) >>> 0;
    }
    this.pos = STATE_LENGTH;
  }

  /** numpy's `mt19937_init_by_array`, used for an array seed (and for entropy). */
  seedArray(initKey: Uint32Array): void {
    const key = this.key;
    this.seedInt(19650218);
    let i = 1;
    let j = 0;
    for (let k = Math.max(STATE_LENGTH, initKey.length); k > 0; k--) {
      const prev = key[i - 1];
      key[i] = ((key[i] ^ Math.imul(prev ^ (prev >>> 30), 1664525)) + initKey[j] + j) >>> 0;
      i++;
      j++;
      if (i >= STATE_LENGTH) {
        key[0] = key[STATE_LENGTH - 1];
        i = 1;
      }
      if (j >= initKey.length) j = 0;
    }
    for (let k = STATE_LENGTH - 1; k > 0; k--) {
      const prev = key[i - 1];
      key[i] = ((key[i] ^ Math.imul(prev ^ (prev >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= STATE_LENGTH) {
        key[0] = key[STATE_LENGTH - 1];
        i = 1;
      }
    }
    key[0] = 0x80000000;
    this.pos = STATE_LENGTH;
  }

  /** The next tempered 32-bit output, as an unsigned number. */
  next32(): number {
    if (this.pos >= STATE_LENGTH) this.regenerate();
    let y = this.key[this.pos++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  private regenerate(): void {
    const key = this.key;
    let i = 0;
    for (; i < STATE_LENGTH - SHIFT; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + SHIFT] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    for (; i < STATE_LENGTH - 1; i++) {
      const y = (key[i] & UPPER_MASK) | (key[i + 1] & LOWER_MASK);
      key[i] = key[i + SHIFT - STATE_LENGTH] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    }
    const y = (key[STATE_LENGTH - 1] & UPPER_MASK) | (key[0] & LOWER_MASK);
    key[STATE_LENGTH - 1] = key[SHIFT - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
    this.pos = 0;
  }
}

/** The smallest 2^k - 1 that is >= max (max < 2^32). */
function mask32(max: number): number {
  let mask = max >>> 0;
  mask |= mask >>> 1;
  mask |= mask >>> 2;
  mask |= mask >>> 4;
  mask |= mask >>> 8;
  mask |= mask >>> 16;
  return mask >>> 0;
}

function checkSeedWord(value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) {
    throw new ValueError(`RandomState seed must be an integer between 0 and 2**32 - 1, got ${value}`);
  }
  return value;
}

/** Builds the generator state numpy builds for this seed. */
function seededGenerator(seed: RandomStateSeed): MT19937 {
  const generator = new MT19937();
  if (seed === null || seed === undefined) {
    // Web Crypto: the same call in Node.js and in the browser build.
    generator.seedArray(globalThis.crypto.getRandomValues(new Uint32Array(STATE_LENGTH)));
  } else if (typeof seed === 'number') {
    generator.seedInt(checkSeedWord(seed));
  } else {
    if (seed.length === 0) throw new ValueError('RandomState seed array must be non-empty');
    generator.seedArray(Uint32Array.from(seed, checkSeedWord));
  }
  return generator;
}

/** numpy's `numpy.random.RandomState` (legacy MT19937 stream), bit-identical to numpy for the same seed. */
export class RandomStateGenerator {
  private readonly mt: MT19937;

  constructor(seed?: RandomStateSeed) {
    this.mt = seededGenerator(seed);
  }

  /** Re-seeds in place, as numpy's `RandomState.seed(seed)`. */
  seed(seed?: RandomStateSeed): void {
    const fresh = seededGenerator(seed);
    this.mt.key.set(fresh.key);
    this.mt.pos = fresh.pos;
  }

  /** The generator's state (624 key words and position), as numpy's get_state() holds it. */
  getState(): { key: Uint32Array; pos: number } {
    return { key: Uint32Array.from(this.mt.key), pos: this.mt.pos };
  }

  /** Restores a state from getState(), as numpy's set_state(). */
  setState(state: { key: ArrayLike<number>; pos: number }): void {
    if (state.key.length !== STATE_LENGTH || !(state.pos >= 0 && state.pos <= STATE_LENGTH)) {
      throw new ValueError(
        `a RandomState state needs ${STATE_LENGTH} key words and a position in [0, ${STATE_LENGTH}]`,
      );
    }
    this.mt.key.set(state.key);
    this.mt.pos = state.pos;
  }

  /** An independent copy at the same point of the stream (what scikit-learn's clone() makes of it). */
  copy(): RandomStateGenerator {
    const twin = new RandomStateGenerator(0);
    twin.setState(this.getState());
    return twin;
  }

  /** The next raw 32-bit output (numpy's `random_raw` for MT19937, `tomaxint` on 32-bit words). */
  nextUint32(): number {
    return this.mt.next32();
  }

  /** A uniform integer in [0, max], numpy's legacy `random_interval` (mask, then reject). max < 2^53. */
  interval(max: number): number {
    if (max === 0) return 0;
    if (max <= 0xffffffff) {
      const mask = mask32(max);
      let value: number;
      do value = (this.mt.next32() & mask) >>> 0;
      while (value > max);
      return value;
    }
    return this.interval64(max);
  }

  /** numpy's masked rejection over 64-bit words (high word drawn first), for max in (2^32, 2^53). */
  private interval64(max: number): number {
    const maskHigh = mask32(Math.floor(max / TWO_POW_32));
    let value: number;
    do {
      const high = (this.mt.next32() & maskHigh) >>> 0;
      const low = this.mt.next32();
      value = high * TWO_POW_32 + low;
    } while (value > max);
    return value;
  }

  /** A double in [0, 1) with 53 random bits, numpy's `random_sample` / `random` / `rand`. */
  randomSample(): number;
  randomSample(size: number | readonly number[]): Float64Array;
  randomSample(size?: number | readonly number[]): number | Float64Array {
    if (size === undefined) return this.nextDouble();
    const out = new Float64Array(countOf(size));
    for (let i = 0; i < out.length; i++) out[i] = this.nextDouble();
    return out;
  }

  /** numpy's `rand(d0, d1, ...)`: `randomSample` with the shape spread as arguments. */
  rand(): number;
  rand(...shape: number[]): Float64Array;
  rand(...shape: number[]): number | Float64Array {
    return shape.length === 0 ? this.nextDouble() : this.randomSample(shape);
  }

  /**
   * numpy's legacy `randint(low, high)`: integers in [low, high) (or [0, low) when high is omitted),
   * drawn with the masked rejection numpy's RandomState uses. Ranges up to 2^53.
   */
  randint(low: number, high?: number): number;
  randint(low: number, high: number | undefined, size: number | readonly number[]): Float64Array;
  randint(low: number, high?: number, size?: number | readonly number[]): number | Float64Array {
    const [from, to] = high === undefined ? [0, low] : [low, high];
    if (!Number.isSafeInteger(from) || !Number.isSafeInteger(to)) {
      throw new ValueError(`randint bounds must be safe integers, got low=${from}, high=${to}`);
    }
    if (from >= to) throw new ValueError(`randint needs low < high, got low=${from}, high=${to}`);
    const range = to - from - 1;
    if (size === undefined) return from + this.interval(range);
    const out = new Float64Array(countOf(size));
    for (let i = 0; i < out.length; i++) out[i] = from + this.interval(range);
    return out;
  }

  /** numpy's legacy `shuffle`: for i from n-1 down to 1, swap i with a uniform j in [0, i]. In place. */
  shuffle<T extends ShuffleTarget>(values: T): T {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.interval(i);
      const held = values[i];
      values[i] = values[j];
      values[j] = held;
    }
    return values;
  }

  /** numpy's `permutation(n)` (a shuffled 0..n-1) or `permutation(array)` (a shuffled copy). */
  permutation(n: number): Int32Array;
  permutation<T>(values: readonly T[]): T[];
  permutation<T>(arg: number | readonly T[]): Int32Array | T[] {
    if (typeof arg !== 'number') return this.shuffle([...arg]);
    if (!Number.isInteger(arg) || arg < 0 || arg > 0x7fffffff) {
      throw new ValueError(`permutation(n) needs an integer n in [0, 2**31), got ${arg}`);
    }
    const out = new Int32Array(arg);
    for (let i = 0; i < arg; i++) out[i] = i;
    return this.shuffle(out);
  }

  /** numpy's legacy `choice(n, size, replace=False)` without weights: the first `size` of a permutation. */
  choiceWithoutReplacement(n: number, size: number): Int32Array {
    if (size > n || size < 0) {
      throw new ValueError(`cannot take a sample of ${size} without replacement from a population of ${n}`);
    }
    return this.permutation(n).slice(0, size);
  }

  private nextDouble(): number {
    const a = this.mt.next32() >>> 5;
    const b = this.mt.next32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }
}

function countOf(size: number | readonly number[]): number {
  const dims = typeof size === 'number' ? [size] : size;
  let count = 1;
  for (const d of dims) {
    if (!Number.isInteger(d) || d < 0) throw new ValueError(`size must hold integers >= 0, got [${dims.join(', ')}]`);
    count *= d;
  }
  return count;
}

/** The type of a RandomState instance. */
export type RandomState = RandomStateGenerator;

interface RandomStateFactory {
  new (seed?: RandomStateSeed): RandomStateGenerator;
  (seed?: RandomStateSeed): RandomStateGenerator;
  readonly prototype: RandomStateGenerator;
}

/**
 * numpy's `numpy.random.RandomState(seed)`; callable with or without `new`, e.g.
 * `nb.random.RandomState(42).permutation(10)` gives [8, 1, 5, 0, 7, 2, 9, 4, 3, 6] as numpy does.
 */
export const RandomState: RandomStateFactory = Object.assign(
  function RandomState(seed?: RandomStateSeed): RandomStateGenerator {
    return new RandomStateGenerator(seed);
  },
  { prototype: RandomStateGenerator.prototype },
) as unknown as RandomStateFactory;

/** scikit-learn's `check_random_state`: a seed gives a fresh RandomState, an instance is used as is. */
export function checkRandomState(seed: RandomStateSeed | RandomStateGenerator): RandomStateGenerator {
  return seed instanceof RandomStateGenerator ? seed : new RandomStateGenerator(seed);
}
