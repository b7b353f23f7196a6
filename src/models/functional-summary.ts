import { formatShape } from '../errors.ts';
import { InputLayer } from '../layers/input.ts';
import type { Layer } from '../layers/layer.ts';
import type { Graph } from './graph.ts';
import { row, withCommas } from './summary.ts';

// tf.keras's print_summary for a model that is not a plain stack: 98 columns, cuts at 0.3, 0.6, 0.7 of the line.
const LINE_LENGTH = 98;
const POSITIONS = [29, 58, 68, 98];

/**
 * The tf.keras 2.x summary of a functional model: each layer with its output shape, parameters and the
 * tensors it was called on ("Connected to": `layer[node][tensor]` for each input of each of its calls in
 * this model).
 */
export function functionalSummaryText(modelName: string, layers: readonly Layer[], graph: Graph): string {
  const lines: string[] = [`Model: "${modelName}"`, '_'.repeat(LINE_LENGTH)];
  lines.push(row(['Layer (type)', 'Output Shape', 'Param #', 'Connected to'], POSITIONS));
  lines.push('='.repeat(LINE_LENGTH));
  for (const layer of layers) {
    const calls = graph.nodes.filter((n) => n.layer === layer && n.source !== undefined).map((n) => n.source!);
    const connections = calls.flatMap((node) =>
      node.inputs.map((t) => `'${t.sourceLayer.name}[${t.node.index}][${t.index}]'`),
    );
    const shape =
      layer instanceof InputLayer ? `[${formatShape(layer.batchInputShape!)}]` : formatShape(layer.outputShape);
    lines.push(
      row(
        [`${layer.name} (${layer.className})`, shape, String(layer.countParams()), `[${connections.join(', ')}]`],
        POSITIONS,
      ),
    );
    lines.push(' '.repeat(LINE_LENGTH));
  }
  const trainable = layers.reduce((s, l) => s + l.countTrainableParams(), 0);
  const total = layers.reduce((s, l) => s + l.countParams(), 0);
  lines.push('='.repeat(LINE_LENGTH));
  lines.push(`Total params: ${withCommas(total)}`);
  lines.push(`Trainable params: ${withCommas(trainable)}`);
  lines.push(`Non-trainable params: ${withCommas(total - trainable)}`);
  lines.push('_'.repeat(LINE_LENGTH));
  return `${lines.join('\n')}\n`;
}
