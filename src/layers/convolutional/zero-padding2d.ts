import { ValueError } from '../../errors.ts';
import { checkOptions } from '../../options.ts';
import {
  type LayerArgs,
  type LayerConfig,
  type LayerStep,
  type StepOptions,
  Layer,
  layerArgsFromConfig,
} from '../layer.ts';
import { LAYER_ARG_KEYS, checkDataFormat, checkSpatialRank } from './window-args.ts';

/** Rows and columns of zeros: one number for all sides, [rows, columns], or [[top, bottom], [left, right]]. */
export type ZeroPadding2DSize =
  | number
  | readonly [number, number]
  | readonly [readonly [number, number], readonly [number, number]];

/** Options of ZeroPadding2D (keras.layers.ZeroPadding2D keyword arguments, camelCase). */
export interface ZeroPadding2DOptions extends LayerArgs {
  dataFormat?: 'channels_last';
}

/** Adds rows and columns of zeros around channels-last images (keras.layers.ZeroPadding2D; default 1 on every side). */
export class ZeroPadding2D extends Layer {
  /** [[top, bottom], [left, right]]. */
  readonly padding: [[number, number], [number, number]];
  readonly dataFormat = 'channels_last' as const;

  constructor(padding: ZeroPadding2DSize = 1, options: ZeroPadding2DOptions = {}) {
    checkOptions('ZeroPadding2D', options, [...LAYER_ARG_KEYS, 'dataFormat']);
    super('ZeroPadding2D', options);
    checkDataFormat('ZeroPadding2D', options.dataFormat);
    this.padding = normalizePadding(padding);
  }

  /** Rebuilds a ZeroPadding2D layer from getConfig() output. */
  static fromConfig(config: LayerConfig): ZeroPadding2D {
    return new ZeroPadding2D((config.padding as ZeroPadding2DSize | undefined) ?? 1, layerArgsFromConfig(config));
  }

  override computeOutputShape(inputShape: readonly number[]): number[] {
    checkSpatialRank(this.name, 'ZeroPadding2D', 2, inputShape);
    const [[top, bottom], [left, right]] = this.padding;
    return [inputShape[0] + top + bottom, inputShape[1] + left + right, inputShape[2]];
  }

  override getConfig(): LayerConfig {
    return { ...super.getConfig(), padding: this.padding.map((p) => [...p]), dataFormat: this.dataFormat };
  }

  /** Copies each image row into the middle of the padded one (and back for the gradient); the border stays zero. */
  override createStep(options: StepOptions): LayerStep {
    const { maxRows, input, inputGrad, alloc } = options;
    const [h, w, c] = this.inputShape!;
    const [outH, outW] = this.computeOutputShape(this.inputShape!);
    const [[top], [left]] = this.padding;
    const output = alloc(maxRows * outH * outW * c);
    const outputGrad = options.withGradients ? alloc(maxRows * outH * outW * c) : null;
    const rowLength = w * c;
    const forEachRow = (rows: number, visit: (inAt: number, outAt: number) => void): void => {
      for (let n = 0; n < rows; n++) {
        for (let i = 0; i < h; i++) visit((n * h + i) * rowLength, ((n * outH + i + top) * outW + left) * c);
      }
    };
    return {
      output,
      outputGrad,
      forward: (rows) => forEachRow(rows, (inAt, outAt) => output.set(input.subarray(inAt, inAt + rowLength), outAt)),
      backward: (rows) => {
        if (inputGrad === null) return;
        forEachRow(rows, (inAt, outAt) => inputGrad.set(outputGrad!.subarray(outAt, outAt + rowLength), inAt));
      },
    };
  }
}

function normalizePadding(padding: ZeroPadding2DSize): [[number, number], [number, number]] {
  const ok = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
  if (ok(padding))
    return [
      [padding, padding],
      [padding, padding],
    ];
  if (Array.isArray(padding) && padding.length === 2) {
    const [a, b] = padding as unknown[];
    if (ok(a) && ok(b))
      return [
        [a, a],
        [b, b],
      ];
    if (Array.isArray(a) && Array.isArray(b) && a.length === 2 && b.length === 2 && [...a, ...b].every(ok)) {
      return [
        [a[0], a[1]],
        [b[0], b[1]],
      ];
    }
  }
  throw new ValueError(
    `ZeroPadding2D: padding must be a non-negative integer, [rows, columns] or [[top, bottom], [left, right]], got ${JSON.stringify(padding)}`,
  );
}
