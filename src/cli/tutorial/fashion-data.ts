// Loads Fashion-MNIST for the tutorial (keras.datasets.fashion_mnist.load_data()), cut to the plan's size.
import * as nb from '../../index.ts';
import type { Tensor } from '../../tensor/tensor.ts';
import type { TutorialContext } from './tutorial-context.ts';

/** The four arrays of load_data(), plus where they came from. */
export interface FashionData {
  trainInput: Tensor;
  trainTarget: Tensor;
  testInput: Tensor;
  testTarget: Tensor;
  source: string;
}

/** The class names of labels 0-9. */
export const CLASS_NAMES: readonly string[] = nb.datasets.fashionMnist.classNames;

/** `(train_input, train_target), (test_input, test_target) = keras.datasets.fashion_mnist.load_data()`. */
export async function loadFashionMnist(ctx: TutorialContext): Promise<FashionData> {
  const loaded = await nb.datasets.fashionMnist.loadData();
  const [[trainInput, trainTarget], [testInput, testTarget]] = loaded;
  const source = `${loaded.source.description} (${loaded.source.kind}: ${loaded.source.location})`;
  const rows = Math.min(ctx.plan.trainRows, trainInput.shape[0]!);
  if (rows === trainInput.shape[0]) return { trainInput, trainTarget, testInput, testTarget, source };
  return {
    trainInput: trainInput.slice(0, rows),
    trainTarget: trainTarget.slice(0, rows),
    testInput,
    testTarget,
    source,
  };
}

/** `train_input / 255.0`: pixel values scaled to [0, 1] as float32. */
export function scalePixels(images: Tensor): Tensor {
  return images.astype('float32').div(255);
}
