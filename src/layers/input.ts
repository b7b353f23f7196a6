import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { KerasTensor, Node, checkSampleShape } from './keras-tensor.ts';
import { type LayerConfig, type LayerStep, type StepOptions, Layer, layerArgsFromConfig } from './layer.ts';
import { uniqueName } from './naming.ts';
import { INPUT_KEYS } from '../option-keys.ts';

/** Options of InputLayer / Input (keras.Input): the sample shape, or the shape with a batch axis. */
export interface InputOptions {
  shape?: readonly number[];
  batchShape?: readonly (number | null)[];
  batchSize?: number;
  name?: string;
  dtype?: 'float32';
}

/** The layer that declares a model's input shape; it computes nothing (keras.layers.InputLayer). */
export class InputLayer extends Layer {
  constructor(options: InputOptions = {}) {
    const batchInputShape =
      options.batchShape ?? (options.shape ? [options.batchSize ?? null, ...options.shape] : undefined);
    if (batchInputShape === undefined) {
      throw new ValueError(
        'InputLayer needs a shape: pass { shape: [784] } (the shape of one sample) or { batchShape: [null, 784] }',
      );
    }
    // tf.keras names explicit inputs one-based: input_1, input_2, …
    super('InputLayer', { name: options.name ?? uniqueName('input', false), batchInputShape, dtype: options.dtype });
    checkOptions('InputLayer', options, INPUT_KEYS);
    this.build(checkSampleShape(batchInputShape, `InputLayer '${this.name}'`));
    // The input tensor of a functional model: a node without inputs, as Keras's InputLayer makes.
    const node = new Node(this, [], 0, false);
    this.inboundNodes.push(node);
    node.outputs.push(new KerasTensor(batchInputShape, node));
  }

  /** Rebuilds an InputLayer from getConfig() output. */
  static fromConfig(config: LayerConfig): InputLayer {
    const args = layerArgsFromConfig(config);
    return new InputLayer({
      name: args.name,
      batchShape: args.batchInputShape ?? (args.inputShape ? [null, ...args.inputShape] : undefined),
    });
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    return [...inputShape];
  }

  override getConfig(): LayerConfig {
    return {
      batchInputShape: [...this.batchInputShape!],
      dtype: this.dtype,
      sparse: false,
      ragged: false,
      name: this.name,
    };
  }

  override createStep(options: StepOptions): LayerStep {
    return { output: options.input, outputGrad: options.inputGrad, forward: () => {}, backward: () => {} };
  }
}

/**
 * A symbolic model input of a given sample shape (keras.Input): call layers on it and build a functional
 * Model from it, or place it first in a Sequential.
 */
export function Input(options: InputOptions): KerasTensor {
  checkOptions('Input', options, INPUT_KEYS);
  return new InputLayer(options).output;
}
