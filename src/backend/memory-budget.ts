// A model's weights are checked against the backend's memory before any of it is allocated: a model that
// cannot fit gets an error naming its size and its largest layer, and the backend stays as it was.
import { MemoryLimitError } from '../errors.ts';
import type { Backend } from './backend.ts';
import { formatBytes } from './wasm/wasm-memory.ts';

/** A layer's name, class and parameter count, for the message. */
export interface LayerSize {
  name: string;
  className: string;
  params: number;
}

/** Float32 values the model's weights take: the weights and their gradients. */
const COPIES = 2;

/** Throws a MemoryLimitError when the parameters and gradients of `layers` cannot fit `backend`'s memory. */
export function checkWeightsFit(layers: readonly LayerSize[], backend: Backend): void {
  const params = layers.reduce((sum, layer) => sum + layer.params, 0);
  const bytes = params * 4 * COPIES;
  const available = backend.availableBytes?.() ?? Number.MAX_SAFE_INTEGER;
  // A typed array holds at most 2^32 - 1 float32 values in any backend.
  if (bytes <= available && params < 2 ** 32) return;
  const largest = layers.reduce((a, b) => (b.params > a.params ? b : a));
  throw new MemoryLimitError(
    `the model needs ${formatBytes(bytes)} for its ${params.toLocaleString('en-US')} parameters and their ` +
      `gradients, more than the ${backend.name} backend can hold (${formatBytes(Math.min(available, 2 ** 34))} available); ` +
      `its largest layer is '${largest.name}' (${largest.className}, ${largest.params.toLocaleString('en-US')} parameters)`,
  );
}
