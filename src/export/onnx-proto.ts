// ONNX's protobuf messages, as the onnx-proto package compiles them with protobufjs. onnx-proto is an optional
// peer dependency (protobufjs alone weighs 23 MB): it is imported the first time a model is exported, never when
// nabla loads, so an install without it works for everything but ONNX export. The imports here are types only.
import type onnxProto from 'onnx-proto';
import { NablaError } from '../errors.ts';

export type { onnx as OnnxTypes } from 'onnx-proto';

/** The `onnx` namespace of message classes (ModelProto, TensorProto, ...). */
export type OnnxNamespace = typeof onnxProto.onnx;

/** Imports the onnx-proto module (a CommonJS module: its namespace comes through the default export). */
export type OnnxProtoImporter = () => Promise<{ default: { onnx: OnnxNamespace } }>;

const importOnnxProtoPackage: OnnxProtoImporter = () => import('onnx-proto');

/** The error for an install without onnx-proto: names the package and the command that adds it. */
export function onnxProtoMissingError(): NablaError {
  return new NablaError(
    'ONNX export needs the optional package onnx-proto, which is not installed: run `npm install onnx-proto`',
  );
}

/** Whether `error` says that the module itself could not be found (not that it failed while loading). */
function isModuleNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

/** The onnx namespace that `importModule` gives; a NablaError naming `npm install onnx-proto` when it is absent. */
export async function importOnnxProto(
  importModule: OnnxProtoImporter = importOnnxProtoPackage,
): Promise<OnnxNamespace> {
  let module: Awaited<ReturnType<OnnxProtoImporter>>;
  try {
    module = await importModule();
  } catch (error) {
    if (isModuleNotFound(error)) throw onnxProtoMissingError();
    throw error;
  }
  return module.default.onnx;
}

let loaded: Promise<OnnxNamespace> | null = null;

/** The onnx namespace, imported on the first call and cached (a failed import is tried again on the next call). */
export function loadOnnxProto(): Promise<OnnxNamespace> {
  loaded ??= importOnnxProto().catch((error: unknown) => {
    loaded = null;
    throw error;
  });
  return loaded;
}
