// Collects the nodes and initializers of one ONNX graph, and names its tensors.
import type { OnnxNamespace, OnnxTypes } from './onnx-proto.ts';

/** An attribute value of a node: an integer (INT) or a list of integers (INTS). */
export type AttributeValue = number | readonly number[];

/** Builds a GraphProto node by node; every tensor gets a unique name. */
export class OnnxGraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly names = new Set<string>();

  /** `onnx`: the message classes onnx-proto gives (imported when the export runs, not with this module). */
  constructor(private readonly onnx: OnnxNamespace) {}

  /** `base`, or `base_1`, `base_2`, … when taken. */
  uniqueName(base: string): string {
    let name = base;
    for (let i = 1; this.names.has(name); i++) name = `${base}_${i}`;
    this.names.add(name);
    return name;
  }

  /** Adds a float32 constant (a layer's weight) under a unique name based on `name`; returns that name. */
  addInitializer(name: string, dims: readonly number[], values: Float32Array): string {
    const unique = this.uniqueName(name);
    // Raw little-endian bytes, as ONNX stores them (the JS engines this runs on are little-endian).
    const rawData = new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength));
    this.initializers.push({ name: unique, dims: [...dims], dataType: this.onnx.TensorProto.DataType.FLOAT, rawData });
    return unique;
  }

  /** Adds a node of `opType` reading `inputs`; returns the name of its one output. */
  addNode(
    opType: string,
    inputs: readonly string[],
    outputBase: string,
    attributes: Record<string, AttributeValue> = {},
  ): string {
    const output = this.uniqueName(outputBase);
    this.nodes.push({
      opType,
      name: this.uniqueName(`${outputBase}/${opType}`),
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => attribute(this.onnx, name, value)),
    });
    return output;
  }
}

function attribute(onnx: OnnxNamespace, name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  return typeof value === 'number'
    ? { name, type: AttributeType.INT, i: value }
    : { name, type: AttributeType.INTS, ints: [...value] };
}
