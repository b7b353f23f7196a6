import { ValueError } from '../errors.ts';
import { type AdamOptions, AdamUpdate } from './adam.ts';

/** Options of AdamW (keras.optimizers.AdamW); weightDecay defaults to 0.004 and cannot be null. */
export type AdamWOptions = AdamOptions;

/**
 * Adam with decoupled weight decay (keras.optimizers.AdamW): the base optimizer's w ← w − w·wd·lr before Adam's
 * update, with wd 0.004 by default; the update itself is Adam's (and uses Adam's fused kernel).
 */
export class AdamW extends AdamUpdate {
  constructor(options: AdamWOptions = {}) {
    if (options.weightDecay === null) {
      throw new ValueError('AdamW: argument `weightDecay` must be a number. Received: weightDecay=null');
    }
    super('AdamW', 'adamw', { ...options, weightDecay: options.weightDecay ?? 0.004 });
  }
}
