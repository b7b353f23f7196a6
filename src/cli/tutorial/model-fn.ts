// The book's model_fn: the Flatten + Dense(100, relu) network of chapter 19, with an optional extra layer.
import * as nb from '../../index.ts';

/** A Sequential model as nb builds it. */
export type SequentialModel = nb.Sequential;
/** A layer as nb builds it. */
export type AnyLayer = nb.layers.Layer;

/**
 * def model_fn(a_layer=None): Flatten(input_shape=(28, 28)), Dense(100, activation='relu'), [a_layer],
 * Dense(10, activation='softmax').
 */
export function modelFn(aLayer?: AnyLayer): SequentialModel {
  const model = new nb.Sequential();
  model.add(new nb.layers.Flatten({ inputShape: [28, 28] }));
  model.add(new nb.layers.Dense(100, { activation: 'relu' }));
  if (aLayer) model.add(aLayer);
  model.add(new nb.layers.Dense(10, { activation: 'softmax' }));
  return model;
}

/** compile(loss='sparse_categorical_crossentropy', metrics='accuracy'), with an optimizer when given. */
export function compileForLabels(model: SequentialModel, optimizer?: nb.OptimizerId): void {
  model.compile({
    ...(optimizer ? { optimizer } : {}),
    loss: 'sparse_categorical_crossentropy',
    metrics: ['accuracy'],
  });
}
