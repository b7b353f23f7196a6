import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { Generator } from '../random/generator.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from './layer.ts';

/** Options of GaussianNoise (keras.layers.GaussianNoise). */
export interface GaussianNoiseOptions extends LayerArgs {
  seed?: number | null;
}

/** Adds N(0, stddev²) noise in training and passes values through otherwise (keras.layers.GaussianNoise). */
export class GaussianNoise extends Layer {
  readonly stddev: number;
  readonly seed: number | null;
  private readonly seededGenerator: Generator | null;

  constructor(stddev: number, options: GaussianNoiseOptions = {}) {
    checkOptions('GaussianNoise', options, ['seed', 'name', 'trainable', 'inputShape', 'batchInputShape', 'dtype']);
    super('GaussianNoise', options);
    if (typeof stddev !== 'number' || !(stddev >= 0) || !Number.isFinite(stddev)) {
      throw new ValueError(`GaussianNoise stddev must be a non-negative number, got ${String(stddev)}`);
    }
    this.stddev = stddev;
    this.seed = options.seed ?? null;
    this.seededGenerator = this.seed === null ? null : new Generator(this.seed);
  }

  /** Rebuilds a GaussianNoise layer from getConfig() output. */
  static fromConfig(config: LayerConfig): GaussianNoise {
    return new GaussianNoise(config.stddev as number, {
      ...layerArgsFromConfig(config),
      seed: (config.seed as number | null) ?? null,
    });
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), stddev: this.stddev, seed: this.seed };
  }

  override createStep(options: StepOptions): LayerStep {
    const { maxRows, input, inputGrad } = options;
    const cols = this.inputShape!.reduce((a, b) => a * b, 1);
    const output = options.alloc(maxRows * cols);
    const outputGrad = options.withGradients ? options.alloc(maxRows * cols) : null;
    return {
      output,
      outputGrad,
      forward: (rows, training) => {
        const n = rows * cols;
        if (!training || this.stddev === 0) {
          output.set(input.subarray(0, n));
          return;
        }
        const rng = this.seededGenerator ?? options.generator();
        for (let i = 0; i < n; i++) output[i] = input[i] + this.stddev * rng.normal();
      },
      // Additive noise: the gradient passes through unchanged.
      backward: (rows) => {
        if (inputGrad !== null && outputGrad !== null) inputGrad.set(outputGrad.subarray(0, rows * cols));
      },
    };
  }
}
