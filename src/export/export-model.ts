// Model.export (keras.Model.export): writes a model in a serving format; ONNX is the one nabla writes.
import { ValueError } from '../errors.ts';
import type { Model } from '../models/functional.ts';
import type { Sequential } from '../models/sequential.ts';
import { checkOptions } from '../options.ts';
import { writeBytesAtomically } from '../saving/atomic-write.ts';
import { exportOnnx } from './export-onnx.ts';

/** The formats Model.export writes (Keras also has 'tf_saved_model'). */
export type ExportFormat = 'onnx';

/** Options of Model.export. */
export interface ExportOptions {
  format: ExportFormat;
}

/** Writes `model` to `path` in `options.format`, atomically. */
export async function exportModel(model: Sequential | Model, path: string, options: ExportOptions): Promise<void> {
  checkOptions('Model.export', options, ['format']);
  if (typeof path !== 'string' || path === '') throw new ValueError('Model.export: path must be a non-empty string');
  if (options?.format !== 'onnx') {
    throw new ValueError(
      `Model.export: format must be 'onnx' (the format nabla exports), got ${JSON.stringify(options?.format)}`,
    );
  }
  await writeBytesAtomically(path, await exportOnnx(model));
}
