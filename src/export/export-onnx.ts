// A model as an ONNX model (what keras.Model.export(path, format='onnx') writes): opset 13, float32 inputs whose
// batch dimension is the symbol 'N', the weights as initializers, inference behaviour (Dropout as the identity).
// A Sequential is the chain of its layers; a functional Model's graph is walked node by node, one graph input
// per model input (named after its InputLayer) and one output per model output (named as Keras names them).
import { ValueError } from '../errors.ts';
import { InputLayer } from '../layers/input.ts';
import { Model } from '../models/functional.ts';
import { type Graph, chainGraph, tensorShapes } from '../models/graph.ts';
import { NestedModel } from '../models/nested-model.ts';
import { Sequential } from '../models/sequential.ts';
import { convertLayer } from './onnx-layers.ts';
import { OnnxGraphBuilder } from './onnx-graph-builder.ts';
import { loadOnnxProto, type OnnxNamespace, type OnnxTypes } from './onnx-proto.ts';

/** The operator set the export targets (Softmax along one axis needs 13). */
export const ONNX_OPSET = 13;
/** The IR version of opset 13 (ONNX 1.8). */
const IR_VERSION = 7;
/** The symbolic batch dimension of the inputs and outputs. */
export const BATCH_DIMENSION = 'N';

/** What the export reads off a model: its graph and the names of its inputs and (functional) outputs. */
interface ExportedGraph {
  graph: Graph;
  inputNames: string[];
  /** The graph outputs' names; null: named after the tensors that compute them (a Sequential's one output). */
  outputNames: string[] | null;
}

/**
 * The model as ONNX protobuf bytes (the bytes of keras.Model.export(path, format='onnx')). Needs the optional
 * package onnx-proto (`npm install onnx-proto`): without it, rejects with a NablaError that says so.
 */
export async function exportOnnx(model: Sequential | Model): Promise<Uint8Array> {
  const { graph, inputNames, outputNames } = exportedGraph(model);
  const onnx = await loadOnnxProto();
  const builder = new OnnxGraphBuilder(onnx);
  const inputs = inputNames.map((name) => builder.uniqueName(name));
  const reservedOutputs = outputNames?.map((name) => builder.uniqueName(name)) ?? null;
  const shapes = tensorShapes(graph);
  const computed = convertGraph(graph, inputs, builder);
  const outputs = computed.map((tensor, i) => {
    if (reservedOutputs !== null) {
      builder.addNodeWithOutput('Identity', [tensor], reservedOutputs[i]);
      return reservedOutputs[i];
    }
    // The output needs a node of its own when no layer computed anything (only Dropout, say).
    return inputs.includes(tensor) ? builder.addNode('Identity', [tensor], 'output') : tensor;
  });
  const graphProto: OnnxTypes.IGraphProto = {
    name: model.name,
    node: builder.nodes,
    initializer: builder.initializers,
    input: inputs.map((name, i) => valueInfo(onnx, name, graph.inputShapes[i])),
    output: outputs.map((name, i) => valueInfo(onnx, name, shapes[graph.outputs[i]])),
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

/**
 * Adds the nodes of `graph` reading the ONNX tensors `inputs`; returns the tensors of its outputs. A model used
 * as a layer is inlined: its layers read the outer tensors (and share their initializers with other calls).
 */
function convertGraph(graph: Graph, inputs: readonly string[], builder: OnnxGraphBuilder): string[] {
  const shapes = tensorShapes(graph);
  const tensors = [...inputs];
  for (const node of graph.nodes) {
    const reads = node.inputs.map((t) => tensors[t]);
    if (node.layer instanceof NestedModel) {
      const inner = exportedGraph(node.layer.model as Sequential | Model).graph;
      tensors.push(convertGraph(inner, reads, builder)[0]);
    } else {
      tensors.push(
        convertLayer(
          node.layer,
          reads,
          node.inputs.map((t) => shapes[t]),
          builder,
        ),
      );
    }
  }
  return graph.outputs.map((t) => tensors[t]);
}

function exportedGraph(model: Sequential | Model): ExportedGraph {
  if (model instanceof Model) {
    return { graph: model.graph, inputNames: model.inputNames, outputNames: model.outputNames };
  }
  if (!(model instanceof Sequential)) {
    throw new ValueError(
      'exportOnnx expects a Sequential or functional Model (e.g. from nb.models.loadModel or new nb.Sequential([...]))',
    );
  }
  const inputShape = model.inputShape;
  if (!model.built || inputShape === null) {
    throw new ValueError(
      `model '${model.name}' is not built yet: give the first layer an inputShape or call build([null, ...]) before exporting`,
    );
  }
  const layers = model.layers.filter((layer) => !(layer instanceof InputLayer));
  const graph = chainGraph(layers, inputShape.slice(1) as number[]);
  return { graph, inputNames: [inputLayerName(model)], outputNames: null };
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
