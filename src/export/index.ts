export { exportOnnx, ONNX_OPSET } from './export-onnx.ts';
export { exportModel } from './export-model.ts';
export type { ExportFormat, ExportOptions } from './export-model.ts';
