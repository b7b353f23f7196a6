// The training step's weight gradient of a small Sequential model against central differences of its
// evaluation loss (mean squared error), in float32 on the current backend. A layer placed after a Dense layer
// has its input gradient checked through that layer's weight gradient.
import { checkGradient } from './gradient-check.ts';
import type { Layer } from '../../src/layers/layer.ts';
import type { ModelCore } from '../../src/models/model-core.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { singleBatch } from '../../src/models/training-loop.ts';
import { SGD } from '../../src/optimizers/sgd.ts';
import { Generator } from '../../src/random/generator.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

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
  // The analytic gradient, read back from one SGD step with learning rate 1: w_after = w − g.
  model.compile({ optimizer: new SGD({ learningRate: 1 }), loss: 'mean_squared_error' });
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
