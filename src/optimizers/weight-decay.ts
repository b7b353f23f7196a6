// Decoupled weight decay as Keras 3 applies it after clipping and before the update
// (BaseOptimizer._apply_weight_decay): w ← w − w·wd·lr for every trainable variable not excluded; docs/optimizers.md.

/** Which variables weight decay skips: Keras's exclude_from_weight_decay(var_names=...) patterns. */
export class WeightDecayExclusions {
  private pattern: RegExp | null = null;

  /** Sets the name patterns; a variable whose name (the last part of its path, e.g. 'bias') matches one is skipped. */
  setNames(names: readonly string[]): void {
    this.pattern = names.length > 0 ? new RegExp([...new Set(names)].join('|')) : null;
  }

  /** Whether the variable at this path ('dense/bias') gets weight decay. */
  decays(path: string): boolean {
    if (this.pattern === null) return true;
    // Keras searches the variable's name, which is the last part of its path.
    return !this.pattern.test(path.slice(path.lastIndexOf('/') + 1));
  }
}

/** w ← w − w·wd·lr over one variable's values. */
export function decayWeights(params: Float32Array, weightDecay: number, learningRate: number): void {
  const factor = weightDecay * learningRate;
  if (factor === 0) return;
  for (let i = 0; i < params.length; i++) params[i] -= params[i] * factor;
}
