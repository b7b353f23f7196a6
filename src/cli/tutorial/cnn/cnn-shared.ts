// What the steps of the CNN chapter share: names in the report and results, the data split, the model.
import * as nb from '../../../index.ts';
import type { Tensor } from '../../../tensor/tensor.ts';

export const SECTION_CNN = '20. Convolutional neural networks';
export const SECTION_VIS = '21. What the convolution layers learned';
export const CNN = 'cnn';

/** Images as (N, 28, 28, 1) scaled to [0, 1], split into training and validation sets. */
export interface ImageSplit {
  trainScaled: Tensor;
  valScaled: Tensor;
  trainTarget: Tensor;
  valTarget: Tensor;
  /** The first training image, unscaled (28 × 28), for the pictures. */
  sample: Tensor;
}

/**
 * The chapter's CNN: Conv2D(32, 3, relu, same, input 28×28×1) → MaxPooling2D(2) → Conv2D(64, 3, relu, same)
 * → MaxPooling2D(2) → Flatten → Dense(100, relu) → Dropout(0.4) → Dense(10, softmax).
 */
export function chapterCnn(): nb.Sequential {
  const model = new nb.Sequential();
  model.add(new nb.layers.Conv2D(32, 3, { activation: 'relu', padding: 'same', inputShape: [28, 28, 1] }));
  model.add(new nb.layers.MaxPooling2D(2));
  model.add(new nb.layers.Conv2D(64, 3, { activation: 'relu', padding: 'same' }));
  model.add(new nb.layers.MaxPooling2D(2));
  model.add(new nb.layers.Flatten());
  model.add(new nb.layers.Dense(100, { activation: 'relu' }));
  model.add(new nb.layers.Dropout(0.4));
  model.add(new nb.layers.Dense(10, { activation: 'softmax' }));
  return model;
}

/** (1, H, W, C) channels-last maps → (C, H, W), one picture per channel. */
export function channelsFirst(maps: Tensor): Tensor {
  const [, h, w, c] = maps.shape as number[];
  const out = new Float32Array(c! * h! * w!);
  for (let i = 0; i < h! * w!; i++) for (let k = 0; k < c!; k++) out[k * h! * w! + i] = maps.data[i * c! + k]!;
  return new nb.Tensor(out, [c!, h!, w!]);
}

/** A conv kernel (kh, kw, 1, F) → (F, kh, kw), one picture per filter. */
export function filtersOf(kernel: Tensor): Tensor {
  const [kh, kw, cin, f] = kernel.shape as number[];
  const out = new Float32Array(f! * kh! * kw!);
  for (let i = 0; i < kh! * kw!; i++)
    for (let k = 0; k < f!; k++) out[k * kh! * kw! + i] = kernel.data[i * cin! * f! + k]!;
  return new nb.Tensor(out, [f!, kh!, kw!]);
}

/** (N, H, W) → N pictures of (H, W). */
export function pictureList(stack: Tensor): Tensor[] {
  const [n, h, w] = stack.shape as number[];
  return Array.from({ length: n! }, (_, i) => stack.slice(i, i + 1).reshape([h!, w!]));
}

/** Values divided by the largest absolute value, so that a grid of maps shares one scale in [−1, 1]. */
export function normalized(t: Tensor): Tensor {
  let top = 0;
  for (const v of t.data) top = Math.max(top, Math.abs(Number(v)));
  return new nb.Tensor(
    Float32Array.from(t.data as Float32Array, (v) => v / (top || 1)),
    t.shape as number[],
  );
}
