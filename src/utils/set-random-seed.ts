import { ValueError } from '../errors.ts';
import { setSeed } from '../random/generator.ts';

/**
 * Seeds nabla's default generator (keras.utils.set_random_seed), which draws every initializer, shuffle,
 * dropout mask and noise that has no seed of its own: the same seed, the same run.
 */
export function setRandomSeed(seed: number): void {
  if (!Number.isInteger(seed) || seed < 0)
    throw new ValueError(`setRandomSeed: seed must be a non-negative integer, got ${String(seed)}`);
  setSeed(seed);
}
