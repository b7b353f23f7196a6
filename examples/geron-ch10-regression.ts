// Géron, Hands-On Machine Learning (3rd ed.), chapter 10: a regression MLP with the Sequential API.
// The book uses California housing (fetch_california_housing), which needs a download; this example makes a
// synthetic data set of the same form instead (8 features on very different scales, a price-like target), from
// a seed, so that it runs offline and gives the same numbers on every machine.
// Run: node --import tsx examples/geron-ch10-regression.ts   (quick: NABLA_EXAMPLE_ROWS=1000 NABLA_EXAMPLE_EPOCHS=2)
import * as nb from 'nabla';
import { epochs, outFile } from './example-setup.ts';

const ROWS = Math.min(Number(process.env.NABLA_EXAMPLE_ROWS ?? 20640), 20640);

/** 8 housing-like features (income, age, rooms, bedrooms, population, occupancy, latitude, longitude) and a target. */
function makeHousing(rows: number, seed: number): [nb.Tensor, nb.Tensor] {
  const g = new nb.random.Generator(seed);
  const x = new Float32Array(rows * 8);
  const y = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const income = Math.max(0.5, 3.9 + 1.9 * g.normal());
    const age = Math.min(52, Math.max(1, 28.6 + 12.6 * g.normal()));
    const rooms = Math.max(1, 5.4 + 1.5 * g.normal());
    const bedrooms = Math.max(0.5, 1.1 + 0.2 * g.normal());
    const population = Math.max(3, 1425 + 1100 * g.normal());
    const occupancy = Math.max(1, 3.0 + 0.8 * g.normal());
    const latitude = 32.5 + 9.5 * g.uniform();
    const longitude = -124.3 + 10 * g.uniform();
    x.set([income, age, rooms, bedrooms, population, occupancy, latitude, longitude], i * 8);
    // Price rises with income and rooms, falls with crowding and away from the coast (a smooth, nonlinear rule).
    const coast = Math.exp(-((longitude + 122) ** 2) / 8) + 0.6 * Math.exp(-((latitude - 34) ** 2) / 4);
    const price =
      0.45 * income +
      0.15 * Math.sqrt(rooms) -
      0.25 * Math.log(occupancy) +
      1.2 * coast +
      0.004 * age +
      0.3 * g.normal();
    y[i] = Math.min(5, Math.max(0.15, price));
  }
  return [new nb.Tensor(x, [rows, 8]), new nb.Tensor(y, [rows, 1])];
}

// housing = fetch_california_housing()
const [data, target] = makeHousing(ROWS, 42);
// X_train_full, X_test, y_train_full, y_test = train_test_split(housing.data, housing.target, random_state=42)
const [xTrainFull, xTest, yTrainFull, yTest] = nb.modelSelection.trainTestSplit(data, target, { randomState: 42 });
// X_train, X_valid, y_train, y_valid = train_test_split(X_train_full, y_train_full, random_state=42)
const [xTrain, xValid, yTrain, yValid] = nb.modelSelection.trainTestSplit(xTrainFull, yTrainFull, { randomState: 42 });
console.log(xTrain.shape, xValid.shape, xTest.shape);

// tf.random.set_seed(42)
nb.utils.setRandomSeed(42);
// norm_layer = tf.keras.layers.Normalization(input_shape=X_train.shape[1:])
const normLayer = new nb.layers.Normalization({ inputShape: xTrain.shape.slice(1) });
// model = tf.keras.Sequential([norm_layer, Dense(50, activation="relu") ×3, Dense(1)])
const model = new nb.Sequential([
  normLayer,
  new nb.layers.Dense(50, { activation: 'relu' }),
  new nb.layers.Dense(50, { activation: 'relu' }),
  new nb.layers.Dense(50, { activation: 'relu' }),
  new nb.layers.Dense(1),
]);
model.summary();
nb.utils.plotModel(model, { toFile: outFile('geron-ch10-model.svg'), showShapes: true });
nb.utils.plotModel(model, { toFile: outFile('geron-ch10-model.png'), showShapes: true });

// optimizer = tf.keras.optimizers.Adam(learning_rate=1e-3)
const optimizer = new nb.optimizers.Adam({ learningRate: 1e-3 });
// model.compile(loss="mse", optimizer=optimizer, metrics=["RootMeanSquaredError"])
model.compile({ loss: 'mse', optimizer, metrics: [new nb.metrics.RootMeanSquaredError()] });
// norm_layer.adapt(X_train)
normLayer.adapt(xTrain);
// history = model.fit(X_train, y_train, epochs=20, validation_data=(X_valid, y_valid))
const history = await model.fit(xTrain, yTrain, { epochs: epochs(20), validationData: [xValid, yValid], verbose: 2 });
const trainRmse = history.history.root_mean_squared_error as number[];
console.log('train RMSE per epoch:', trainRmse.map((rmse) => rmse.toFixed(4)).join(' '));
// mse_test, rmse_test = model.evaluate(X_test, y_test)
const [mseTest, rmseTest] = (await model.evaluate(xTest, yTest, { verbose: 0 })) as number[];
console.log(`mse_test ${mseTest.toFixed(4)}  rmse_test ${rmseTest.toFixed(4)}`);
// X_new = X_test[:3]; y_pred = model.predict(X_new)
const yPred = await model.predict(xTest.slice(0, 3));
console.log(
  'y_pred',
  Array.from(yPred.data, (v) => +v.toFixed(3)),
  'y_true',
  Array.from(yTest.slice(0, 3).data, (v) => +v.toFixed(3)),
);
// For scale: the RMSE of predicting the mean price for every house (the standard deviation of the targets).
const baseline = nb.std(yTest).item();
console.log(`baseline RMSE (predict the mean) ${baseline.toFixed(4)}`);
