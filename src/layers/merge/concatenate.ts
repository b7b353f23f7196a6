import { ShapeError, ValueError } from '../../errors.ts';
import { checkOptions } from '../../options.ts';
import type { MultiStepOptions } from '../keras-tensor.ts';
import { type LayerArgs, type LayerConfig, type LayerStep, layerArgsFromConfig } from '../layer.ts';
import { CONCATENATE_KEYS } from '../../option-keys.ts';
import { MergeLayer, describeShapes } from './merge.ts';

/** Options of Concatenate (keras.layers.Concatenate). */
export interface ConcatenateOptions extends LayerArgs {
  /** The axis to join along, counted with the batch axis as 0; negative counts from the end. Default -1. */
  axis?: number;
}

/** Joins the inputs along one axis; the other axes must agree (keras.layers.Concatenate). */
export class Concatenate extends MergeLayer {
  readonly axis: number;

  constructor(options: ConcatenateOptions = {}) {
    checkOptions('Concatenate', options, CONCATENATE_KEYS);
    super('Concatenate', options);
    const axis = options.axis ?? -1;
    if (!Number.isInteger(axis) || axis === 0) {
      throw new ValueError(`Concatenate axis must be a non-zero integer (0 is the batch axis), got ${String(axis)}`);
    }
    this.axis = axis;
  }

  static fromConfig(config: LayerConfig): Concatenate {
    return new Concatenate({ ...layerArgsFromConfig(config), axis: (config.axis as number | undefined) ?? -1 });
  }

  /** The axis within a sample shape of `rank` axes. */
  private sampleAxis(rank: number): number {
    const axis = this.axis < 0 ? rank + this.axis : this.axis - 1;
    if (axis < 0 || axis >= rank)
      throw new ValueError(
        `layer '${this.name}' (Concatenate): axis ${this.axis} is out of range for inputs of rank ${rank + 1}`,
      );
    return axis;
  }

  override computeMultiOutputShape(shapes: readonly (readonly number[])[]): number[] {
    this.checkCount(shapes, 1);
    const rank = shapes[0].length;
    const axis = this.sampleAxis(rank);
    const fits = shapes.every((s) => s.length === rank && s.every((d, i) => i === axis || d === shapes[0][i]));
    if (!fits) {
      throw new ShapeError(
        `layer '${this.name}' (Concatenate) needs inputs that match except on axis ${this.axis}, got ${describeShapes(shapes)}`,
      );
    }
    const out = [...shapes[0]];
    out[axis] = shapes.reduce((sum, s) => sum + s[axis], 0);
    return out;
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), axis: this.axis };
  }

  // Each sample is `outer` blocks; block b of the output is block b of each input in turn.
  override createMultiStep(options: MultiStepOptions): LayerStep {
    const { inputs, inputGrads, maxRows } = options;
    const shapes = this.inputShapes!;
    const axis = this.sampleAxis(shapes[0].length);
    const outer = shapes[0].slice(0, axis).reduce((a, b) => a * b, 1);
    const widths = shapes.map((s) => s.slice(axis).reduce((a, b) => a * b, 1));
    const total = widths.reduce((a, b) => a + b, 0);
    const output = options.alloc(maxRows * outer * total);
    const outputGrad = options.withGradients ? options.alloc(maxRows * outer * total) : null;
    return {
      output,
      outputGrad,
      forward: (rows) => {
        let offset = 0;
        inputs.forEach((x, k) => {
          copyBlocks(x, 0, widths[k], output, offset, total, rows * outer, widths[k]);
          offset += widths[k];
        });
      },
      backward: (rows) => {
        if (outputGrad === null) return;
        let offset = 0;
        inputGrads.forEach((dx, k) => {
          if (dx !== null) copyBlocks(outputGrad, offset, total, dx, 0, widths[k], rows * outer, widths[k]);
          offset += widths[k];
        });
      },
    };
  }
}

/**
 * Copies `count` blocks of `width` values: block b from src[srcOffset + b·srcStride] to dst[dstOffset + b·dstStride].
 * Short blocks are copied value by value (a view per block would cost more than the copy).
 */
function copyBlocks(
  src: Float32Array,
  srcOffset: number,
  srcStride: number,
  dst: Float32Array,
  dstOffset: number,
  dstStride: number,
  count: number,
  width: number,
): void {
  if (width < 16) {
    for (let b = 0; b < count; b++) {
      const from = srcOffset + b * srcStride,
        to = dstOffset + b * dstStride;
      for (let j = 0; j < width; j++) dst[to + j] = src[from + j];
    }
    return;
  }
  for (let b = 0; b < count; b++) {
    const from = srcOffset + b * srcStride;
    dst.set(src.subarray(from, from + width), dstOffset + b * dstStride);
  }
}
