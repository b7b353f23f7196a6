// What saving and loading need from a model: the Sequential API, seen structurally so that saving does not
// depend on the models package (models depends on saving).
import type { Layer, LayerConfig } from '../layers/layer.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';

/** The parts of a Sequential model that saving reads and loading fills. */
export interface SaveableModel {
  readonly name: string;
  /** The layers without an InputLayer, as Keras lists them. */
  readonly layers: readonly Layer[];
  readonly optimizer: Optimizer | null;
  readonly compileConfig: { loss: string; metrics?: string | readonly string[] } | null;
  /** The config with camelCase keys, an InputLayer first when the input shape is known. */
  getConfig(): { name: string; layers: { className: string; config: LayerConfig }[] };
}
