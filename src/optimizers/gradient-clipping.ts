// Gradient clipping as Keras 3 applies it before each update (BaseOptimizer._clip_gradients); docs/optimizers.md.
// Each view is the gradient of one model variable (one weight array), so clipnorm acts per variable as in Keras,
// not over the flat buffer that holds them all.

/** The clipping settings of an optimizer; at most one is set (Keras refuses more). */
export interface ClipSettings {
  clipnorm: number | null;
  globalClipnorm: number | null;
  clipvalue: number | null;
}

/** Clips the gradients in place: clipnorm per variable, else globalClipnorm over all, else clipvalue per element. */
export function clipGradients(grads: readonly Float32Array[], settings: ClipSettings): void {
  const { clipnorm, globalClipnorm, clipvalue } = settings;
  // Keras treats 0 as off (`if self.clipnorm and self.clipnorm > 0`).
  if (clipnorm !== null && clipnorm > 0) {
    for (const g of grads) scale(g, clipnorm / Math.max(Math.sqrt(sumOfSquares(g)), clipnorm));
  } else if (globalClipnorm !== null && globalClipnorm > 0) {
    let total = 0;
    for (const g of grads) total += sumOfSquares(g);
    const norm = Math.sqrt(total);
    // c·min(1/N, 1/c); a non-finite N makes the factor NaN, as in Keras's clip_by_global_norm.
    const factor = globalClipnorm * Math.min(1 / norm, 1 / globalClipnorm) + (norm - norm);
    for (const g of grads) scale(g, factor);
  } else if (clipvalue !== null && clipvalue > 0) {
    for (const g of grads) {
      for (let i = 0; i < g.length; i++) g[i] = Math.min(Math.max(g[i], -clipvalue), clipvalue);
    }
  }
}

function sumOfSquares(g: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < g.length; i++) sum += g[i] * g[i];
  return sum;
}

function scale(g: Float32Array, factor: number): void {
  if (factor === 1) return;
  for (let i = 0; i < g.length; i++) g[i] *= factor;
}
