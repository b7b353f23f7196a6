// TensorFlow's tutorial "Basic classification: Classify images of clothing" (Fashion-MNIST), line by line.
// Run: node --import tsx examples/tf-basic-classification.ts   (quick: NABLA_EXAMPLE_ROWS=2000 NABLA_EXAMPLE_EPOCHS=1)
import * as nb from 'nabla';
import { epochs, outFile, subset } from './example-setup.ts';

// fashion_mnist = tf.keras.datasets.fashion_mnist
// (train_images, train_labels), (test_images, test_labels) = fashion_mnist.load_data()
const [[fullTrainImages, fullTrainLabels], [testImagesRaw, testLabels]] = await nb.datasets.fashionMnist.loadData();
let trainImages = subset(fullTrainImages);
const trainLabels = subset(fullTrainLabels);

// class_names = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat',
//                'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot']
const classNames = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];

// train_images.shape
console.log(trainImages.shape);
// len(train_labels)
console.log(trainLabels.shape[0]);
// train_labels
console.log(trainLabels.slice(0, 10).toArray());
// test_images.shape
console.log(testImagesRaw.shape);
// len(test_labels)
console.log(testLabels.shape[0]);

// plt.figure(); plt.imshow(train_images[0]); plt.colorbar(); plt.grid(False); plt.show()
nb.plot.writeFile(outFile('tf-basic-first-image.svg'), nb.plot.imageGrid(trainImages.slice(0, 1), { cmap: 'gray' }));

// train_images = train_images / 255.0
trainImages = trainImages.div(255.0);
// test_images = test_images / 255.0
const testImages = testImagesRaw.div(255.0);

// plt.figure(figsize=(10,10))
// for i in range(25):
//     plt.subplot(5,5,i+1); plt.imshow(train_images[i], cmap=plt.cm.binary); plt.xlabel(class_names[train_labels[i]])
// plt.show()
nb.plot.writeFile(
  outFile('tf-basic-first-25.svg'),
  nb.plot.imageGrid(trainImages.slice(0, 25), { cmap: 'gray_r', columns: 5 }),
);
console.log(Array.from(trainLabels.slice(0, 25).data, (label) => classNames[label]).join(', '));

// model = tf.keras.Sequential([
//     tf.keras.layers.Flatten(input_shape=(28, 28)),
//     tf.keras.layers.Dense(128, activation='relu'),
//     tf.keras.layers.Dense(10)
// ])
const model = new nb.Sequential([
  new nb.layers.Flatten({ inputShape: [28, 28] }),
  new nb.layers.Dense(128, { activation: 'relu' }),
  new nb.layers.Dense(10),
]);

// model.compile(optimizer='adam',
//               loss=tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True),
//               metrics=['accuracy'])
model.compile({
  optimizer: 'adam',
  loss: new nb.losses.SparseCategoricalCrossentropy({ fromLogits: true }),
  metrics: ['accuracy'],
});

// model.fit(train_images, train_labels, epochs=10)
await model.fit(trainImages, trainLabels, { epochs: epochs(10) });

// test_loss, test_acc = model.evaluate(test_images,  test_labels, verbose=2)
const [, testAcc] = await model.evaluate(testImages, testLabels, { verbose: 2 });
// print('\nTest accuracy:', test_acc)
console.log('\nTest accuracy:', testAcc);

// probability_model = tf.keras.Sequential([model, tf.keras.layers.Softmax()])
const probabilityModel = new nb.Sequential([model, new nb.layers.Softmax()]);
// predictions = probability_model.predict(test_images)
const predictions = await probabilityModel.predict(testImages);
// predictions[0]
console.log(predictions.slice(0, 1).toArray());
// np.argmax(predictions[0])
console.log(predictions.slice(0, 1).argMax(1).item());
// test_labels[0]
console.log(testLabels.slice(0, 1).item());

// img = test_images[1]
let img = testImages.slice(1, 2).reshape([28, 28]);
// print(img.shape)
console.log(img.shape);
// img = (np.expand_dims(img,0))
img = nb.expandDims(img, 0);
// print(img.shape)
console.log(img.shape);
// predictions_single = probability_model.predict(img)
const predictionsSingle = await probabilityModel.predict(img);
// print(predictions_single)
console.log(predictionsSingle.toArray());
// np.argmax(predictions_single[0])
console.log(predictionsSingle.argMax(1).item(), classNames[predictionsSingle.argMax(1).item()]);
