// Shapes dataset images (N, 28, 28) to what a loaded model takes: as they are, or flattened to (N, 784).
import { CliError } from '../cli-error.ts';
import { formatShape } from '../../errors.ts';
import type { Tensor } from '../../tensor/tensor.ts';

/** What this helper needs of a model: its input shape with the batch axis first (Keras's model.input_shape). */
interface ModelWithInput {
  readonly inputShape: readonly (number | null)[] | null;
}

/** Reshapes (N, H, W) images to the model's per-sample input shape when the sizes agree. */
export function inputsForModel(model: ModelWithInput, images: Tensor): Tensor {
  const sample = model.inputShape?.slice(1) ?? null;
  if (!sample || sample.some((d) => d === null)) return images;
  const dims = sample as number[];
  const perSample = images.shape.slice(1).reduce((a, b) => a * b, 1);
  const wanted = dims.reduce((a, b) => a * b, 1);
  if (wanted !== perSample) {
    throw new CliError(
      `the model takes inputs of shape ${formatShape([null, ...dims])}, but the dataset's images are ${formatShape([null, ...images.shape.slice(1)])}`,
    );
  }
  return images.reshape([images.shape[0]!, ...dims]);
}
