// ONNX's protobuf messages, as the onnx-proto package compiles them with protobufjs (a CommonJS module: its
// namespace comes through the default import).
import onnxProto from 'onnx-proto';

export const onnx = onnxProto.onnx;
export type { onnx as OnnxTypes } from 'onnx-proto';
