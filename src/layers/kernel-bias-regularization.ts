// The regularizers and constraints of the layers with a kernel and a bias (Dense, Conv1D, Conv2D): Keras's
// kernel_regularizer, bias_regularizer, activity_regularizer, kernel_constraint and bias_constraint, with their
// parts of a training step. One owner for the rules both layers follow:
// - weight penalties count once per model however often the layer is called (Keras adds a weight's
//   regularization loss once); the activity penalty counts per call, on that call's output;
// - only trainable weights are regularized and constrained;
// - the activity penalty is the sum over the batch, not divided by the batch size (Keras 3).
import type { ActivationName } from '../activations.ts';
import { ValueError } from '../errors.ts';
import { type Constraint, type ConstraintConfig, type ConstraintId, getConstraint } from '../constraints.ts';
import { type Regularizer, type RegularizerConfig, type RegularizerId, getRegularizer } from '../regularizers.ts';
import type { LayerConfig, LayerStep } from './layer.ts';

/** The options (keras.layers.Dense / Conv2D keyword arguments of the same names, camelCase). */
export interface KernelBiasRegularizationOptions {
  kernelRegularizer?: RegularizerId | RegularizerConfig | null;
  biasRegularizer?: RegularizerId | RegularizerConfig | null;
  /** A penalty on the layer's output, summed over the batch (Keras 3 does not divide it by the batch size). */
  activityRegularizer?: RegularizerId | RegularizerConfig | null;
  kernelConstraint?: ConstraintId | ConstraintConfig | null;
  biasConstraint?: ConstraintId | ConstraintConfig | null;
}

/** What a step's hooks work on: the layer's weights and one call's output. */
export interface RegularizedCall {
  /** The layer's name, for errors. */
  layerName: string;
  /** Whether the layer is trainable when the hook runs (Keras regularizes and constrains trainable weights). */
  trainable: () => boolean;
  kernel: Float32Array;
  kernelShape: readonly number[];
  /** Null without a bias. */
  bias: Float32Array | null;
  /** This call's output buffer (rows × outputWidth) and the width of one row. */
  output: Float32Array;
  outputWidth: number;
  /** The activation this call applies, and the layer's own: they differ when a fused loss takes the logits. */
  activation: ActivationName;
  layerActivation: ActivationName;
  /** A later call of a layer already called in the same model: its weight penalties belong to the first. */
  repeatCall: boolean;
}

/** A layer's regularizers and constraints, resolved from the options. */
export class KernelBiasRegularization {
  readonly kernelRegularizer: Regularizer | null;
  readonly biasRegularizer: Regularizer | null;
  readonly activityRegularizer: Regularizer | null;
  readonly kernelConstraint: Constraint | null;
  readonly biasConstraint: Constraint | null;

  constructor(options: KernelBiasRegularizationOptions) {
    this.kernelRegularizer = getRegularizer(options.kernelRegularizer);
    this.biasRegularizer = getRegularizer(options.biasRegularizer);
    this.activityRegularizer = getRegularizer(options.activityRegularizer);
    this.kernelConstraint = getConstraint(options.kernelConstraint);
    this.biasConstraint = getConstraint(options.biasConstraint);
  }

  /** The options as a layer config stores them ({className, config} or null each). */
  getConfig(): LayerConfig {
    return {
      kernelRegularizer: serialize(this.kernelRegularizer),
      biasRegularizer: serialize(this.biasRegularizer),
      activityRegularizer: serialize(this.activityRegularizer),
      kernelConstraint: serialize(this.kernelConstraint),
      biasConstraint: serialize(this.biasConstraint),
    };
  }

  /** The options back from a layer config (fromConfig). */
  static optionsFromConfig(config: LayerConfig): KernelBiasRegularizationOptions {
    return {
      kernelRegularizer: config.kernelRegularizer as RegularizerConfig | null | undefined,
      biasRegularizer: config.biasRegularizer as RegularizerConfig | null | undefined,
      activityRegularizer: config.activityRegularizer as RegularizerConfig | null | undefined,
      kernelConstraint: config.kernelConstraint as ConstraintConfig | null | undefined,
      biasConstraint: config.biasConstraint as ConstraintConfig | null | undefined,
    };
  }

  /** The step's penalty and afterUpdate hooks for one call (absent when there is nothing to add). */
  stepHooks(call: RegularizedCall): Pick<LayerStep, 'penalty' | 'afterUpdate'> {
    const { kernel, bias, output, outputWidth, repeatCall } = call;
    const activity = this.activityRegularizer;
    if (activity !== null && call.activation !== call.layerActivation) {
      // The output buffer would hold logits, not the activations Keras regularizes.
      throw new ValueError(
        `layer '${call.layerName}': an activityRegularizer on the output layer is not supported with a loss computed from its logits`,
      );
    }
    const kernelPenalty = repeatCall ? null : this.kernelRegularizer;
    const biasPenalty = repeatCall || bias === null ? null : this.biasRegularizer;
    const hooks: Pick<LayerStep, 'penalty' | 'afterUpdate'> = {};
    if (activity !== null || kernelPenalty !== null || biasPenalty !== null) {
      hooks.penalty = (rows, firstRow) => {
        let total = activity?.penalty(output, rows * outputWidth, firstRow * outputWidth) ?? 0;
        if (!call.trainable()) return total;
        if (kernelPenalty !== null) total += kernelPenalty.penalty(kernel);
        if (biasPenalty !== null) total += biasPenalty.penalty(bias!);
        return total;
      };
    }
    const kernelConstraint = repeatCall ? null : this.kernelConstraint;
    const biasConstraint = repeatCall || bias === null ? null : this.biasConstraint;
    if (kernelConstraint !== null || biasConstraint !== null) {
      hooks.afterUpdate = () => {
        if (!call.trainable()) return;
        kernelConstraint?.apply(kernel, call.kernelShape);
        if (bias !== null) biasConstraint?.apply(bias, [bias.length]);
      };
    }
    return hooks;
  }

  /** dz += the activity penalty's gradient for `rows` rows of this call's output (before the activation's). */
  addActivityGradient(call: RegularizedCall, dz: Float32Array, rows: number): void {
    this.activityRegularizer?.addGradient(call.output, dz, rows * call.outputWidth);
  }

  /** The weight penalties' gradients, added once per model (by the first call) to trainable weights' gradients. */
  addWeightGradients(call: RegularizedCall, kernelGrad: Float32Array, biasGrad: Float32Array | null): void {
    if (call.repeatCall || !call.trainable()) return;
    this.kernelRegularizer?.addGradient(call.kernel, kernelGrad);
    if (call.bias !== null && biasGrad !== null) this.biasRegularizer?.addGradient(call.bias, biasGrad);
  }
}

/** A regularizer or constraint as its Keras config ({className, config}), or null. */
function serialize(value: Regularizer | Constraint | null): LayerConfig | null {
  return value === null ? null : { className: value.className, config: { ...value.getConfig() } };
}
