// The training step's weight gradient of a compiled model against central differences of its evaluation loss,
// in float32 on the current backend: the analytic gradient is read back from one SGD step with learning rate
// 1 (w_after = w − g), the numerical one from the loss that testOnBatch computes (no dropout, no update).
// A layer placed after a Dense layer has its input gradient checked through that layer's weight gradient.
import { checkGradient } from './gradient-check.ts';
import type { Layer } from '../../src/layers/layer.ts';
import type { LossId } from '../../src/losses.ts';
import type { ModelBase } from '../../src/models/model-base.ts';
import type { ModelCore } from '../../src/models/model-core.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { type ModelInputs, singleBatch } from '../../src/models/training-loop.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/**
 * Compiles `model` with SGD(learningRate 1) and `loss`, then checks d(loss + penalties)/d(weights) of one
 * training step on (x, y) against central differences.
 */
export async function checkCompiledModelGradient<X extends ModelInputs>(
  label: string,
  model: ModelBase<X>,
  x: X,
  y: X,
  loss: LossId = 'mean_squared_error',
): Promise<void> {
  const shapes = model.getWeights().map((w) => w.shape);
  const params = new Float32Array(model.getWeights().flatMap((w) => Array.from(w.data)));
  const setFlat = (p: ArrayLike<number>): void => {
    let k = 0;
    model.setWeights(
      shapes.map((s) => {
        const n = s.reduce((a, b) => a * b, 1);
        const t = new Tensor(
          Float32Array.from({ length: n }, (_, i) => p[k + i]),
          s,
        );
        k += n;
        return t;
      }),
    );
  };
  (model as unknown as { compile(o: object): void }).compile({ optimizer: new SGD({ learningRate: 1 }), loss });
  await model.trainOnBatch(x, y);
  const after = model.getWeights().flatMap((w) => Array.from(w.data));
  const analytic = Float64Array.from(params, (p, i) => p - after[i]);
  const core = (model as unknown as { core: ModelCore }).core;
  const lossAt = (p: ArrayLike<number>): number => {
    setFlat(p);
    return singleBatch(model, core, x, y, false).loss;
  };
  checkGradient(lossAt, Float64Array.from(params), analytic, { label, epsilon: 1e-3, rtol: 2e-2, atol: 3e-4 });
}

/** A Sequential of `layers` on random normal data (mean squared error to `outputUnits` targets). */
export async function checkModelGradient(
  label: string,
  layers: Layer[],
  inputShape: number[],
  outputUnits: number,
  rows = 5,
): Promise<void> {
  const model = new Sequential(layers);
  model.build([null, ...inputShape]);
  const g = new Generator(11);
  const size = inputShape.reduce((a, b) => a * b, 1);
  const x = new Tensor(
    Float32Array.from({ length: rows * size }, () => g.normal()),
    [rows, ...inputShape],
  );
  const y = new Tensor(
    Float32Array.from({ length: rows * outputUnits }, () => g.normal()),
    [rows, outputUnits],
  );
  await checkCompiledModelGradient(label, model, x, y);
}
