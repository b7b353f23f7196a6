// What saving and loading need from a model: the Sequential API, seen structurally so that saving does not
// depend on the models package (models depends on saving).
import type { Layer, LayerConfig } from '../layers/layer.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';
import type { OutputCompileSettings } from './compile-config.ts';
import type { FunctionalDescription } from './functional-config.ts';

/** The parts of a Sequential model that saving reads and loading fills. */
export interface SaveableModel {
  readonly name: string;
  /** The layers without an InputLayer, as Keras lists them. */
  readonly layers: readonly Layer[];
  readonly optimizer: Optimizer | null;
  /** The compile options: a loss name for one output; per-output forms for a functional model. */
  readonly compileConfig: { loss: unknown; metrics?: unknown; lossWeights?: unknown } | null;
  /** The config with camelCase keys, an InputLayer first when the input shape is known. */
  getConfig(): { name: string; layers: { className: string; config: LayerConfig }[] };
  /** A functional model's graph as saved (absent for a Sequential). */
  describeFunctional?(): FunctionalDescription;
  /** A functional model's compile settings by output name (null before compile; absent for a Sequential). */
  outputCompileSettings?(): OutputCompileSettings | null;
}

/** A model placed as a layer of another (a nested Sequential or functional model): the layer and the model. */
export interface NestedModelLayer extends Layer {
  readonly model: SaveableModel;
}

/** The model behind a layer that is a nested model, else null. */
export function nestedModelOf(layer: Layer): SaveableModel | null {
  const model = (layer as Partial<NestedModelLayer>).model;
  const isModel = layer.className === 'Sequential' || layer.className === 'Functional';
  return isModel && model !== undefined ? model : null;
}
