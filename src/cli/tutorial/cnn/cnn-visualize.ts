// Chapter 21: the first layer's filters (trained and untrained) and the feature maps of a sample image, each
// layer applied eagerly (layer.apply) to the output of the one before.
import * as nb from '../../../index.ts';
import type { Tensor } from '../../../tensor/tensor.ts';
import { heading, record, report, savePicture, type TutorialContext } from '../tutorial-context.ts';
import { mean } from '../tutorial-values.ts';
import {
  CNN,
  SECTION_VIS,
  channelsFirst,
  chapterCnn,
  filtersOf,
  normalized,
  pictureList,
  type ImageSplit,
} from './cnn-shared.ts';

/** Draws the filters and feature maps of a trained model. */
export function visualize(ctx: TutorialContext, model: nb.Sequential, split: ImageSplit): void {
  drawFilters(ctx, model);
  drawFeatureMaps(ctx, model, split);
}

/** conv = model.layers[0]; conv.weights[0].shape; mean and std; the 32 filters, then those of an untrained model. */
function drawFilters(ctx: TutorialContext, model: nb.Sequential): void {
  heading(ctx, '21.1 conv = model.layers[0]: its weights and filters');
  const trained = model.layers[0]!.getWeights()[0]!;
  const untrained = chapterCnn();
  const fresh = untrained.layers[0]!.getWeights()[0]!;
  const stats = (t: Tensor): { mean: number; std: number } => {
    const values = Array.from(t.data as Float32Array);
    const m = mean(values);
    return { mean: m, std: Math.sqrt(mean(values.map((v) => (v - m) ** 2))) };
  };
  ctx.log(
    `${JSON.stringify(trained.shape)} trained ${JSON.stringify(stats(trained))} untrained ${JSON.stringify(stats(fresh))}`,
  );
  record(ctx, CNN, 'filters', { shape: trained.shape as number[], trained: stats(trained), untrained: stats(fresh) });
  const grid = (kernel: Tensor): string =>
    nb.plot.imageGrid(pictureList(filtersOf(kernel)), { columns: 16, cmap: 'gray', vmin: -0.5, vmax: 0.5, scale: 12 });
  const trainedSvg = grid(trained);
  const freshSvg = grid(fresh);
  savePicture(ctx, 'cnn-filters.svg', trainedSvg);
  savePicture(ctx, 'cnn-filters-untrained.svg', freshSvg);
  report(
    ctx,
    SECTION_VIS,
    {
      kind: 'metrics',
      items: [
        { label: 'trained kernel: mean', path: `${CNN}.filters.trained.mean` },
        { label: 'trained kernel: standard deviation', path: `${CNN}.filters.trained.std` },
        { label: 'untrained kernel: mean', path: `${CNN}.filters.untrained.mean` },
        { label: 'untrained kernel: standard deviation', path: `${CNN}.filters.untrained.std` },
      ],
    },
    {
      kind: 'svg',
      svg: trainedSvg,
      caption: 'The 32 trained 3×3 filters of the first Conv2D (vmin −0.5 black, vmax 0.5 white)',
      file: 'cnn-filters.svg',
    },
    {
      kind: 'svg',
      svg: freshSvg,
      caption: 'The same filters before training (glorot_uniform): no pattern yet',
      file: 'cnn-filters-untrained.svg',
    },
  );
}

/** The feature maps of the first training image after the first Conv2D, and after the second. */
function drawFeatureMaps(ctx: TutorialContext, model: nb.Sequential, split: ImageSplit): void {
  heading(ctx, '21.2 Feature maps of a sample image: model.layers[0] and model.layers[2] applied to it');
  const image = split.trainScaled.slice(0, 1);
  const [conv1, pool1, conv2] = model.layers as nb.layers.Layer[];
  const first = conv1!.apply(image);
  const second = conv2!.apply(pool1!.apply(first));
  ctx.log(`feature maps: ${JSON.stringify(first.shape)} and ${JSON.stringify(second.shape)}`);
  record(ctx, CNN, 'featureMaps', { first: first.shape as number[], second: second.shape as number[] });
  const draw = (maps: Tensor, columns: number): string =>
    nb.plot.imageGrid(pictureList(normalized(channelsFirst(maps))), {
      columns,
      cmap: 'gray',
      vmin: 0,
      vmax: 1,
      scale: 2,
    });
  const firstSvg = draw(first, 8);
  const secondSvg = draw(second, 8);
  savePicture(ctx, 'cnn-feature-maps-1.svg', firstSvg);
  savePicture(ctx, 'cnn-feature-maps-2.svg', secondSvg);
  report(
    ctx,
    SECTION_VIS,
    {
      kind: 'paragraph',
      text: 'Each layer applied to one image (layer.apply): bright pixels are where a filter responds strongly.',
    },
    {
      kind: 'svg',
      svg: firstSvg,
      caption: 'The 32 feature maps (28×28) of the first Conv2D',
      file: 'cnn-feature-maps-1.svg',
    },
    {
      kind: 'svg',
      svg: secondSvg,
      caption: 'The 64 feature maps (14×14) of the second Conv2D',
      file: 'cnn-feature-maps-2.svg',
    },
  );
}
