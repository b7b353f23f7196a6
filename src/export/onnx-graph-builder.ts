// Collects the nodes and initializers of one ONNX graph, and names its tensors.
import type { Layer } from '../layers/layer.ts';
import type { OnnxNamespace, OnnxTypes } from './onnx-proto.ts';

/** A float attribute (FLOAT), told apart from the integer ones. */
export interface FloatAttribute {
  readonly float: number;
}

/** An attribute value of a node: an integer (INT), a list of integers (INTS) or a float (FLOAT). */
export type AttributeValue = number | readonly number[] | FloatAttribute;

/** Builds a GraphProto node by node; every tensor gets a unique name. */
export class OnnxGraphBuilder {
  readonly nodes: OnnxTypes.INodeProto[] = [];
  readonly initializers: OnnxTypes.ITensorProto[] = [];
  private readonly names = new Set<string>();
  // A layer called several times (a shared layer) reads the same initializers at every call.
  private readonly layerConstants = new Map<Layer, Map<string, string>>();

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

  /** Adds an int64 constant (a shape or pads input) under a unique name based on `name`; returns that name. */
  addInt64Initializer(name: string, values: readonly number[]): string {
    const unique = this.uniqueName(name);
    const rawData = new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer);
    this.initializers.push({
      name: unique,
      dims: [values.length],
      dataType: this.onnx.TensorProto.DataType.INT64,
      rawData,
    });
    return unique;
  }

  /**
   * The float32 constant `key` of `layer`: made by `make` (dims and values) on the layer's first call, the same
   * initializer on later calls of a shared layer.
   */
  layerConstant(layer: Layer, key: string, make: () => { dims: readonly number[]; values: Float32Array }): string {
    let constants = this.layerConstants.get(layer);
    if (constants === undefined) this.layerConstants.set(layer, (constants = new Map()));
    let name = constants.get(key);
    if (name === undefined) {
      const { dims, values } = make();
      name = this.addInitializer(`${layer.name}/${key}`, dims, values);
      constants.set(key, name);
    }
    return name;
  }

  /** Adds a node of `opType` reading `inputs`; returns the name of its one output. */
  addNode(
    opType: string,
    inputs: readonly string[],
    outputBase: string,
    attributes: Record<string, AttributeValue> = {},
  ): string {
    const output = this.uniqueName(outputBase);
    this.pushNode(opType, inputs, output, attributes);
    return output;
  }

  /** Adds a node whose output is `output`, a name reserved earlier with uniqueName (a graph output's). */
  addNodeWithOutput(
    opType: string,
    inputs: readonly string[],
    output: string,
    attributes: Record<string, AttributeValue> = {},
  ): void {
    this.pushNode(opType, inputs, output, attributes);
  }

  private pushNode(
    opType: string,
    inputs: readonly string[],
    output: string,
    attributes: Record<string, AttributeValue>,
  ): void {
    this.nodes.push({
      opType,
      name: this.uniqueName(`${output}/${opType}`),
      input: [...inputs],
      output: [output],
      attribute: Object.entries(attributes).map(([name, value]) => attribute(this.onnx, name, value)),
    });
  }
}

function attribute(onnx: OnnxNamespace, name: string, value: AttributeValue): OnnxTypes.IAttributeProto {
  const { AttributeType } = onnx.AttributeProto;
  if (typeof value === 'number') return { name, type: AttributeType.INT, i: value };
  if ('float' in value) return { name, type: AttributeType.FLOAT, f: value.float };
  return { name, type: AttributeType.INTS, ints: [...value] };
}
