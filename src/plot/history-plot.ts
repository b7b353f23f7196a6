// Plots a Keras-style History (loss/accuracy per epoch) as an SVG line chart.
import { ValueError } from '../errors.ts';
import { lineChart, type LineChartOptions } from './line-chart.ts';

/** What `model.fit` returns (Keras's History callback): per-epoch values by name, and the epoch indices. */
export interface HistoryLike {
  history: Readonly<Record<string, readonly number[]>>;
  epoch?: readonly number[];
}

/** Options of `history`: which keys to draw, their legend names, and an epoch to mark. */
export interface HistoryPlotOptions extends Omit<LineChartOptions, 'markX' | 'integerX' | 'legend'> {
  /** History keys to draw, in order (default: every key). */
  keys?: readonly string[];
  /** Legend names, one per key (as `plt.legend(['train', 'val'])`); default: the keys, shown when there are several. */
  legend?: readonly string[];
  /** A 0-based epoch to mark with a dashed line, e.g. `earlyStopping.stoppedEpoch`. */
  markEpoch?: number;
  markLabel?: string;
}

/** Draws History curves against the epoch, like `plt.plot(history.history['loss'])` in matplotlib → SVG text. */
export function history(
  source: HistoryLike | Readonly<Record<string, readonly number[]>>,
  options: HistoryPlotOptions = {},
): string {
  const record = isHistoryObject(source) ? source.history : source;
  const epochs = isHistoryObject(source) ? source.epoch : undefined;
  const available = Object.keys(record);
  const keys = options.keys ?? available;
  if (keys.length === 0) throw new ValueError('history plot: the history holds no keys; fit the model first');
  const legend = options.legend ?? keys;
  if (legend.length !== keys.length) {
    throw new ValueError(`history plot: ${keys.length} keys but ${legend.length} legend names; give one name per key`);
  }
  const series = keys.map((key, i) => {
    const values = record[key];
    if (!values)
      throw new ValueError(`history plot: no key '${key}' in the history; available keys: ${available.join(', ')}`);
    const x = epochs && epochs.length === values.length ? epochs : undefined;
    return { label: legend[i]!, values, x };
  });
  const { keys: _keys, legend: _legend, markEpoch, markLabel, ...chartOptions } = options;
  return lineChart(series, {
    xLabel: 'epoch',
    yLabel: defaultYLabel(keys),
    ...chartOptions,
    integerX: true,
    legend: options.legend !== undefined || keys.length > 1,
    markX: markEpoch,
    markLabel: markLabel ?? (markEpoch === undefined ? undefined : `epoch ${markEpoch}`),
  });
}

function isHistoryObject(source: HistoryLike | Readonly<Record<string, readonly number[]>>): source is HistoryLike {
  const candidate = (source as HistoryLike).history;
  return typeof candidate === 'object' && candidate !== null && !Array.isArray(candidate);
}

function defaultYLabel(keys: readonly string[]): string {
  if (keys.every((k) => k.endsWith('loss'))) return 'loss';
  if (keys.every((k) => k.endsWith('accuracy') || k.endsWith('acc'))) return 'accuracy';
  return '';
}
