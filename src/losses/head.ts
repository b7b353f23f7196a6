// Where a model's loss starts (docs/losses-and-metrics.md, "The fused path"): from the output, from logits, or
// in the fused softmax + sparse cross-entropy kernel.
import type { ActivationName } from '../backend/backend.ts';
import { SparseCategoricalCrossentropy } from './crossentropy.ts';
import { FunctionLoss } from './function-loss.ts';
import type { Loss } from './loss.ts';

/** 'fused': softmax + sparse CE kernel; 'logits': the loss takes logits; 'probabilities': the plain output. */
export type HeadMode = 'fused' | 'logits' | 'probabilities';

export interface Head {
  mode: HeadMode;
  /** Whether the output's softmax/sigmoid is left out of the forward pass and its input given to the loss. */
  activationTaken: boolean;
}

const warned = new Set<string>();

/**
 * The head for a loss and the model's output activation. A cross-entropy after the matching softmax/sigmoid
 * takes that activation's input, as tf.keras's _get_logits does; fromLogits: true on such an output warns once,
 * as Keras does, and takes the same input.
 */
export function headOf(loss: Loss | null, activation: ActivationName): Head {
  if (loss === null || loss instanceof FunctionLoss) return { mode: 'probabilities', activationTaken: false };
  const taken = loss.logitsActivation !== null && loss.logitsActivation === activation;
  if (taken && loss.fromLogits) warnOnce(loss, activation);
  if (!taken && !loss.fromLogits) return { mode: 'probabilities', activationTaken: false };
  const fused = loss instanceof SparseCategoricalCrossentropy && loss.ignoreClass === null;
  return { mode: fused ? 'fused' : 'logits', activationTaken: taken };
}

function warnOnce(loss: Loss, activation: ActivationName): void {
  const key = `${loss.name}:${activation}`;
  if (warned.has(key)) return;
  warned.add(key);
  process.emitWarning(
    `${loss.constructor.name} received fromLogits: true, but the model output is produced by a ${activation} ` +
      `activation and thus does not represent logits. Was this intended? (The loss takes the ${activation}'s input, ` +
      'as Keras with TensorFlow does.)',
  );
}
