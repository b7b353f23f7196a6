// Géron's wide & deep network (Hands-On Machine Learning, chapter 10: the functional API), on synthetic
// housing-like regression data, seeded: five features take the wide path straight to the output, six
// (overlapping) go through a hidden layer, and the two meet in a Concatenate.
// Run: node --import tsx examples/geron-wide-and-deep.ts   (quick: NABLA_EXAMPLE_EPOCHS=3)
import * as nb from 'nabla';
import { epochs, outFile } from './example-setup.ts';

// Eight standardised features per district and a target that mixes linear and non-linear effects.
function syntheticHousing(rows: number, seed: number): { x: number[][]; y: number[] } {
  const g = new nb.random.Generator(seed);
  const x = Array.from({ length: rows }, () => Array.from({ length: 8 }, () => g.normal()));
  const y = x.map(
    (f) =>
      2 +
      0.8 * f[0] -
      0.4 * f[1] +
      0.3 * f[2] * f[3] +
      0.5 * Math.tanh(f[5] + f[6]) -
      0.2 * f[7] ** 2 +
      0.1 * g.normal(),
  );
  return { x, y };
}

// X_train_A, X_train_B = X_train[:, :5], X_train[:, 2:]
function split(data: { x: number[][]; y: number[] }): [nb.Tensor, nb.Tensor, nb.Tensor] {
  const rows = data.x.length;
  const wide = new nb.Tensor(Float32Array.from(data.x.flatMap((f) => f.slice(0, 5))), [rows, 5]);
  const deep = new nb.Tensor(Float32Array.from(data.x.flatMap((f) => f.slice(2))), [rows, 6]);
  return [wide, deep, new nb.Tensor(Float32Array.from(data.y), [rows, 1])];
}
const [xWide, xDeep, y] = split(syntheticHousing(4000, 42));
const [xWideValid, xDeepValid, yValid] = split(syntheticHousing(1000, 43));
const [xWideTest, xDeepTest, yTest] = split(syntheticHousing(1000, 44));

// input_A = keras.layers.Input(shape=[5]); input_B = keras.layers.Input(shape=[6])
const wide = nb.Input({ shape: [5] }),
  deep = nb.Input({ shape: [6] });
// hidden = keras.layers.Dense(30, activation="relu")(input_B)
const h = new nb.layers.Dense(30, { activation: 'relu' }).apply(deep);
// output = keras.layers.Dense(1)(keras.layers.concatenate([input_A, hidden]))
const out = new nb.layers.Dense(1).apply(new nb.layers.Concatenate().apply([wide, h]));
// model = keras.Model(inputs=[input_A, input_B], outputs=[output])
const model = new nb.Model({ inputs: [wide, deep], outputs: out });
model.summary();
// keras.utils.plot_model(model, "my_wide_and_deep.png", show_shapes=True, show_layer_names=True)
nb.utils.plotModel(model, { toFile: outFile('wide-and-deep.png'), showShapes: true, showLayerNames: true });

// model.compile(loss="mse", optimizer=keras.optimizers.SGD(learning_rate=1e-3))
model.compile({ loss: 'mse', optimizer: new nb.optimizers.SGD({ learningRate: 1e-3 }) });
// history = model.fit((X_train_A, X_train_B), y_train, epochs=20, validation_data=((X_valid_A, X_valid_B), y_valid))
const history = await model.fit([xWide, xDeep], y, {
  epochs: epochs(20),
  validationData: [[xWideValid, xDeepValid], yValid],
  verbose: 2,
});
// mse_test = model.evaluate((X_test_A, X_test_B), y_test)
const mseTest = await model.evaluate([xWideTest, xDeepTest], yTest, { verbose: 0 });
console.log('test MSE', mseTest.toFixed(4), '| first epoch val_loss', history.history.val_loss[0].toFixed(4));
// y_pred = model.predict((X_new_A, X_new_B))
const yPred = (await model.predict([xWideTest.slice(0, 3), xDeepTest.slice(0, 3)], { verbose: 0 })) as nb.Tensor;
console.log(
  'predictions',
  Array.from(yPred.data, (v) => v.toFixed(3)),
  'targets',
  Array.from(yTest.data.slice(0, 3), (v) => v.toFixed(3)),
);

// model.save("my_wide_and_deep.keras"); keras.models.load_model(...)
await model.save(outFile('wide-and-deep.keras'));
const reloaded = await nb.loadModel<nb.Model>(outFile('wide-and-deep.keras'));
const again = (await reloaded.predict([xWideTest.slice(0, 3), xDeepTest.slice(0, 3)], { verbose: 0 })) as nb.Tensor;
console.log(
  'reloaded predicts the same:',
  again.data.every((v, i) => v === yPred.data[i]),
);
