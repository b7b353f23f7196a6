import { ValueError } from '../errors.ts';
import { Generator } from '../random/generator.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';
import { checkOptions } from '../options.ts';
import { DROPOUT_KEYS } from '../option-keys.ts';

/** Options of Dropout (keras.layers.Dropout). */
export interface DropoutOptions extends LayerArgs {
  seed?: number | null;
}

/** Inverted dropout: in training, zeroes each value with probability `rate` and scales the rest by 1/(1−rate) (keras.layers.Dropout). */
export class Dropout extends Layer {
  readonly rate: number;
  readonly seed: number | null;
  private seededGenerator: Generator | null;

  constructor(rate: number, options: DropoutOptions = {}) {
    super('Dropout', options);
    checkOptions('Dropout', options, DROPOUT_KEYS);
    if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) {
      throw new ValueError(`Dropout rate must be a number in [0, 1], got ${String(rate)}`);
    }
    this.rate = rate;
    this.seed = options.seed ?? null;
    this.seededGenerator = this.seed === null ? null : new Generator(this.seed);
  }

  /** Rebuilds a Dropout layer from getConfig() output. */
  static fromConfig(config: LayerConfig): Dropout {
    return new Dropout(config.rate as number, {
      ...layerArgsFromConfig(config),
      seed: (config.seed as number | null) ?? null,
    });
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), rate: this.rate, noiseShape: null, seed: this.seed };
  }

  override createStep(options: StepOptions): LayerStep {
    const { backend, maxRows, input, inputGrad } = options;
    const cols = this.computeOutputShape(this.inputShape!).reduce((a, b) => a * b, 1);
    const output = options.alloc(maxRows * cols);
    const mask = options.alloc(maxRows * cols);
    const keep = 1 - this.rate;
    const scale = keep > 0 ? 1 / keep : 0;
    const seeded = this.seededGenerator;
    const outputGrad = options.withGradients ? options.alloc(maxRows * cols) : null;
    let masked = false;
    return {
      output,
      outputGrad,
      forward: (rows, training) => {
        const n = rows * cols;
        masked = training && this.rate > 0;
        if (!masked) {
          output.set(input.subarray(0, n));
          return;
        }
        const rng = seeded ?? options.generator();
        rng.fillBernoulli(mask, n, keep, scale);
        backend.mul(input, mask, output, n);
      },
      backward: (rows) => {
        if (inputGrad === null || outputGrad === null) return;
        const n = rows * cols;
        if (masked) backend.mul(outputGrad, mask, inputGrad, n);
        else inputGrad.set(outputGrad.subarray(0, n));
      },
    };
  }
}
