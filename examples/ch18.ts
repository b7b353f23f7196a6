// Chapter 18 of the tutorial: a deeper network, three ways to build it, Flatten and relu, optimizers.
// Run: node --import tsx examples/ch18.ts   (quick: NABLA_EXAMPLE_ROWS=2000 NABLA_EXAMPLE_EPOCHS=1)
import * as nb from 'nabla';
import { epochs, subset } from './example-setup.ts';

// (train_input, train_target), (test_input, test_target) = keras.datasets.fashion_mnist.load_data()
const [[fullTrainInput, fullTrainTarget], [testInput, testTarget]] = await nb.datasets.fashionMnist.loadData();
const trainInput = subset(fullTrainInput);
const trainTarget = subset(fullTrainTarget);

// print(train_input.shape, train_target.shape)
console.log(trainInput.shape, trainTarget.shape);
// print(test_input.shape, test_target.shape)
console.log(testInput.shape, testTarget.shape);

// train_scaled = train_input / 255.0
const trainScaled = trainInput.div(255.0);
// print(train_scaled.shape)
console.log(trainScaled.shape);
// (the book splits off a validation set here, as in chapter 17)
// train_scaled, val_scaled, train_target, val_target = train_test_split(train_scaled, train_target, test_size=0.2, random_state=42)
const [trainX, valScaled, trainY, valTarget] = nb.modelSelection.trainTestSplit(trainScaled, trainTarget, {
  testSize: 0.2,
  randomState: 42,
});

// dense1 = keras.layers.Dense(100, activation='sigmoid', input_shape=(784,))
const dense1 = new nb.layers.Dense(100, { activation: 'sigmoid', inputShape: [784] });
// dense2 = keras.layers.Dense(10, activation='softmax')
const dense2 = new nb.layers.Dense(10, { activation: 'softmax' });
// model = keras.Sequential([dense1, dense2])
let model = new nb.Sequential([dense1, dense2]);
model.summary();

// model = keras.Sequential([
//     keras.layers.Dense(100, activation='sigmoid', input_shape=(784,), name='hidden'),
//     keras.layers.Dense(10, activation='softmax', name='output')
// ], name='패션 MNIST 모델')
model = new nb.Sequential(
  [
    new nb.layers.Dense(100, { activation: 'sigmoid', inputShape: [784], name: 'hidden' }),
    new nb.layers.Dense(10, { activation: 'softmax', name: 'output' }),
  ],
  { name: '패션 MNIST 모델' },
);
model.summary();

// model = keras.Sequential()
model = new nb.Sequential();
// model.add(keras.layers.Dense(100, activation='sigmoid', input_shape=(784,)))
model.add(new nb.layers.Dense(100, { activation: 'sigmoid', inputShape: [784] }));
// model.add(keras.layers.Dense(10, activation='softmax'))
model.add(new nb.layers.Dense(10, { activation: 'softmax' }));
model.summary();

// model = keras.Sequential()
model = new nb.Sequential();
// model.add(keras.layers.Flatten(input_shape=(28,28)))
model.add(new nb.layers.Flatten({ inputShape: [28, 28] }));
// model.add(keras.layers.Dense(100, activation='relu'))
model.add(new nb.layers.Dense(100, { activation: 'relu' }));
// model.add(keras.layers.Dense(10, activation='softmax'))
model.add(new nb.layers.Dense(10, { activation: 'softmax' }));
// model.summary()
model.summary();

// model.compile(optimizer='sgd', loss='sparse_categorical_crossentropy', metrics='accuracy')
model.compile({ optimizer: 'sgd', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
// sgd = keras.optimizers.SGD()
let sgd = new nb.optimizers.SGD();
// model.compile(optimizer=sgd, loss='sparse_categorical_crossentropy', metrics='accuracy')
model.compile({ optimizer: sgd, loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });

// sgd = keras.optimizers.SGD(learning_rate=0.1)
sgd = new nb.optimizers.SGD({ learningRate: 0.1 });
// sgd = keras.optimizers.SGD(momentum=0.9, nesterov=True)
sgd = new nb.optimizers.SGD({ momentum: 0.9, nesterov: true });
console.log(sgd.getConfig());

// model = keras.Sequential()
model = new nb.Sequential();
// model.add(keras.layers.Flatten(input_shape=(28,28)))
model.add(new nb.layers.Flatten({ inputShape: [28, 28] }));
// model.add(keras.layers.Dense(100, activation='relu'))
model.add(new nb.layers.Dense(100, { activation: 'relu' }));
// model.add(keras.layers.Dense(100, activation='softmax'))   (10 classes: the tutorial means Dense(10))
model.add(new nb.layers.Dense(10, { activation: 'softmax' }));

// model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics='accuracy')
model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
// model.fit(train_scaled, train_target, epochs=5)
await model.fit(trainX, trainY, { epochs: epochs(5) });
// model.evaluate(val_scaled, val_target)
console.log(await model.evaluate(valScaled, valTarget));
