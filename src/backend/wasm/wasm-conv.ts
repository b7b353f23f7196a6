import type { Backend } from '../backend.ts';
import { type ConvGeometry, checkWindowBuffers, geometryFields, geometrySizes } from '../conv-geometry.ts';
import type { ParallelKernels } from './parallel-kernels.ts';
import type { Staging } from './staging.ts';
import type { WasmMemory } from './wasm-memory.ts';

/** The convolution and pooling kernels of the WASM backend (assembly/conv.ts, assembly/pooling.ts). */
export type ConvKernels = Pick<Backend, 'im2col' | 'col2im' | 'maxPool' | 'maxPoolGrad' | 'avgPool' | 'avgPoolGrad'>;

/**
 * The WASM convolution kernels, split over the threads by blocks of images when the batch is big enough
 * (ParallelKernels.images); every image is computed the same way whatever the split.
 */
export function createConvKernels(parallel: ParallelKernels, staging: Staging, memory: WasmMemory): ConvKernels {
  // The thirteen geometry integers, written before each call into one block of the wasm memory.
  const geometryOffset = memory.allocate(16 * 4);
  const setGeometry = (g: ConvGeometry): number => {
    new Int32Array(memory.buffer, geometryOffset, 13).set(geometryFields(g));
    return geometryOffset;
  };
  return {
    im2col: (x, cols, images, g) => {
      const { image, positions, patch } = geometrySizes(g);
      checkWindowBuffers('im2col', g, images, x, 'x', cols, 'cols', patch);
      staging.begin();
      const px = staging.input(x, images * image);
      const pc = staging.output(cols, images * positions * patch, false);
      parallel.images(
        'im2col',
        [px, pc],
        [image * 4, positions * patch * 4],
        images,
        [setGeometry(g)],
        image + positions * patch,
      );
      staging.finish();
    },
    col2im: (cols, dx, images, g) => {
      const { image, positions, patch } = geometrySizes(g);
      checkWindowBuffers('col2im', g, images, dx, 'dx', cols, 'cols', patch);
      staging.begin();
      const pc = staging.input(cols, images * positions * patch);
      const pd = staging.output(dx, images * image, false);
      parallel.images(
        'col2im',
        [pc, pd],
        [positions * patch * 4, image * 4],
        images,
        [setGeometry(g)],
        image + positions * patch,
      );
      staging.finish();
    },
    maxPool: (x, out, argmax, images, g) => {
      const { image, positions } = geometrySizes(g);
      checkWindowBuffers('maxPool', g, images, x, 'x', out, 'out', g.channels);
      checkWindowBuffers('maxPool', g, images, x, 'x', argmax, 'argmax', g.channels);
      staging.begin();
      const px = staging.input(x, images * image);
      const po = staging.output(out, images * positions * g.channels, false);
      const pa = staging.output(argmax, images * positions * g.channels, false);
      const outputs = positions * g.channels;
      parallel.images(
        'maxPool',
        [px, po, pa],
        [image * 4, outputs * 4, outputs * 4],
        images,
        [setGeometry(g)],
        image + 2 * outputs,
      );
      staging.finish();
    },
    maxPoolGrad: (dy, argmax, dx, images, g) => {
      const { image, positions } = geometrySizes(g);
      checkWindowBuffers('maxPoolGrad', g, images, dx, 'dx', dy, 'dy', g.channels);
      checkWindowBuffers('maxPoolGrad', g, images, dx, 'dx', argmax, 'argmax', g.channels);
      const outputs = positions * g.channels;
      staging.begin();
      const pdy = staging.input(dy, images * outputs);
      const pa = staging.input(argmax, images * outputs);
      const pdx = staging.output(dx, images * image, false);
      parallel.images(
        'maxPoolGrad',
        [pdy, pa, pdx],
        [outputs * 4, outputs * 4, image * 4],
        images,
        [outputs, image],
        image + 2 * outputs,
      );
      staging.finish();
    },
    avgPool: (x, out, images, g) => {
      const { image, positions } = geometrySizes(g);
      checkWindowBuffers('avgPool', g, images, x, 'x', out, 'out', g.channels);
      staging.begin();
      const px = staging.input(x, images * image);
      const po = staging.output(out, images * positions * g.channels, false);
      const outputs = positions * g.channels;
      parallel.images('avgPool', [px, po], [image * 4, outputs * 4], images, [setGeometry(g)], image + outputs);
      staging.finish();
    },
    avgPoolGrad: (dy, dx, images, g) => {
      const { image, positions } = geometrySizes(g);
      checkWindowBuffers('avgPoolGrad', g, images, dx, 'dx', dy, 'dy', g.channels);
      staging.begin();
      const pdy = staging.input(dy, images * positions * g.channels);
      const pdx = staging.output(dx, images * image, false);
      const outputs = positions * g.channels;
      parallel.images('avgPoolGrad', [pdy, pdx], [outputs * 4, image * 4], images, [setGeometry(g)], image + outputs);
      staging.finish();
    },
  };
}
