// A Sequential model as an ONNX model (what keras.Model.export(path, format='onnx') writes): opset 13, one float32
// input whose batch dimension is the symbol 'N', the weights as initializers, inference behaviour (Dropout as
// the identity).
import { ValueError } from '../errors.ts';
import { Sequential } from '../models/sequential.ts';
import { convertLayer } from './onnx-layers.ts';
import { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { loadOnnxProto, type OnnxNamespace, type OnnxTypes } from './onnx-proto.ts';

/** The operator set the export targets (Softmax along one axis needs 13). */
export const ONNX_OPSET = 13;
/** The IR version of opset 13 (ONNX 1.8). */
const IR_VERSION = 7;
/** The symbolic batch dimension of the input and output. */
export const BATCH_DIMENSION = 'N';

/**
 * The model as ONNX protobuf bytes (the bytes of keras.Model.export(path, format='onnx')). Needs the optional
 * package onnx-proto (`npm install onnx-proto`): without it, rejects with a NablaError that says so.
 */
export async function exportOnnx(model: Sequential): Promise<Uint8Array> {
  if (!(model instanceof Sequential)) {
    throw new ValueError(
      'exportOnnx expects a Sequential model (e.g. from nb.models.loadModel or new nb.Sequential([...]))',
    );
  }
  const inputShape = model.inputShape;
  if (!model.built || inputShape === null) {
    throw new ValueError(
      `model '${model.name}' is not built yet: give the first layer an inputShape or call build([null, ...]) before exporting`,
    );
  }
  const onnx = await loadOnnxProto();
  const graph = new OnnxGraphBuilder(onnx);
  const inputName = graph.uniqueName(inputLayerName(model));
  let tensor = inputName;
  for (const layer of model.layers) tensor = convertLayer(layer, tensor, graph);
  // The output needs a node of its own when no layer computed anything (only Dropout, say).
  if (tensor === inputName) tensor = graph.addNode('Identity', [tensor], 'output');
  const graphProto: OnnxTypes.IGraphProto = {
    name: model.name,
    node: graph.nodes,
    initializer: graph.initializers,
    input: [valueInfo(onnx, inputName, inputShape.slice(1) as number[])],
    output: [valueInfo(onnx, tensor, model.outputShape.slice(1) as number[])],
  };
  const modelProto = onnx.ModelProto.create({
    irVersion: IR_VERSION,
    producerName: 'nabla',
    opsetImport: [{ domain: '', version: ONNX_OPSET }],
    graph: graphProto,
  });
  // protobufjs gives a Node.js Buffer, which may be a view of a shared pool: a plain copy of its own.
  return new Uint8Array(onnx.ModelProto.encode(modelProto).finish());
}

/** The input's name: that of the model's InputLayer, as Keras names it. */
function inputLayerName(model: Sequential): string {
  const first = model.getConfig().layers[0];
  return first?.className === 'InputLayer' && typeof first.config.name === 'string' ? first.config.name : 'input';
}

/** A float32 tensor of shape (N, ...sampleShape). */
function valueInfo(onnx: OnnxNamespace, name: string, sampleShape: readonly number[]): OnnxTypes.IValueInfoProto {
  const dim = [{ dimParam: BATCH_DIMENSION }, ...sampleShape.map((d) => ({ dimValue: d }))];
  return { name, type: { tensorType: { elemType: onnx.TensorProto.DataType.FLOAT, shape: { dim } } } };
}
