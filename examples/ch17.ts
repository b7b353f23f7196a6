// Chapter 17 of the tutorial: a simple neural network on Fashion-MNIST, line by line in TypeScript.
// Run: node --import tsx examples/ch17.ts   (quick: NABLA_EXAMPLE_ROWS=2000 NABLA_EXAMPLE_EPOCHS=1)
import * as nb from 'nabla';
import { epochs, outFile, subset } from './example-setup.ts';

// (train_input, train_target), (test_input, test_target) = keras.datasets.fashion_mnist.load_data()
const [[fullTrainInput, fullTrainTarget], [testInput, testTarget]] = await nb.datasets.fashionMnist.loadData();
const trainInput = subset(fullTrainInput);
let trainTarget = subset(fullTrainTarget);

// print(train_input.shape, train_target.shape)
console.log(trainInput.shape, trainTarget.shape);
// print(test_input.shape, test_target.shape)
console.log(testInput.shape, testTarget.shape);

// fig, axs = plt.subplots(1, 10, figsize=(10,10))
// for i in range(10): axs[i].imshow(train_input[i], cmap='gray_r'); axs[i].axis('off')
// plt.show()
nb.plot.writeFile(outFile('ch17-first-images.svg'), nb.plot.imageGrid(trainInput.slice(0, 10), { cmap: 'gray_r' }));

// print([train_target[i] for i in range(10)])
console.log(trainTarget.slice(0, 10).toArray());

// print(np.unique(train_target, return_counts=True))
const [labels, counts] = nb.unique(trainTarget, { returnCounts: true });
console.log(labels.toArray(), counts.toArray());

// train_scaled = train_input / 255.0
let trainScaled = trainInput.div(255.0);
// train_scaled = train_scaled.reshape(-1, 28*28)
trainScaled = trainScaled.reshape([-1, 28 * 28]);
// print(train_scaled.shape)
console.log(trainScaled.shape);

// sc = SGDClassifier(loss='log', max_iter=5, random_state=42)   ('log' is called 'log_loss' since scikit-learn 1.1)
const sc = new nb.linearModel.SGDClassifier({ loss: 'log_loss', maxIter: 5, randomState: 42 });
// scores = cross_validate(sc, train_scaled, train_target, n_jobs=-1)
const scores = await nb.modelSelection.crossValidate(sc, trainScaled, trainTarget, { nJobs: -1 });
// print(np.mean(scores['test_score']))
console.log(nb.tensor(scores.testScore).mean().item());

// train_scaled, val_scaled, train_target, val_target = train_test_split(
//     train_scaled, train_target, test_size=0.2, random_state=42)
const [trainX, valScaled, trainY, valTarget] = nb.modelSelection.trainTestSplit(trainScaled, trainTarget, {
  testSize: 0.2,
  randomState: 42,
});
trainScaled = trainX;
trainTarget = trainY;
// print(train_scaled.shape, train_target.shape)
console.log(trainScaled.shape, trainTarget.shape);
// print(val_scaled.shape, val_target.shape)
console.log(valScaled.shape, valTarget.shape);

// dense = keras.layers.Dense(10, activation='softmax', input_shape=(784,))
const dense = new nb.layers.Dense(10, { activation: 'softmax', inputShape: [784] });
// model = keras.Sequential(dense)
const model = new nb.Sequential(dense);

// model.compile(loss='sparse_categorical_crossentropy', metrics='accuracy')
model.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
// print(train_target[:10])
console.log(trainTarget.slice(0, 10).toArray());

// model.fit(train_scaled, train_target, epochs=5)
await model.fit(trainScaled, trainTarget, { epochs: epochs(5) });

// model.evaluate(val_scaled, val_target)
console.log(await model.evaluate(valScaled, valTarget));
