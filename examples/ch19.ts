// Chapter 19 of the tutorial: loss curves, validation loss, dropout, saving and loading, callbacks.
// Run: node --import tsx examples/ch19.ts   (quick: NABLA_EXAMPLE_ROWS=2000 NABLA_EXAMPLE_EPOCHS=3)
// Pictures (plt.show()) and saved models go to nabla-output/examples (NABLA_EXAMPLE_OUT).
import * as nb from 'nabla';
import { epochs, outFile, subset } from './example-setup.ts';

// (train_input, train_target), (test_input, test_target) = keras.datasets.fashion_mnist.load_data()
const [[fullTrainInput, fullTrainTarget]] = await nb.datasets.fashionMnist.loadData();
// train_scaled = train_input / 255.0
const trainScaledAll = subset(fullTrainInput).div(255.0);
// train_scaled, val_scaled, train_target, val_target = train_test_split(train_scaled, train_target, test_size=0.2, random_state=42)
const [trainScaled, valScaled, trainTarget, valTarget] = nb.modelSelection.trainTestSplit(
  trainScaledAll,
  subset(fullTrainTarget),
  { testSize: 0.2, randomState: 42 },
);

// def model_fn(a_layer=None): the network of chapter 18, with an optional extra layer before the output
function modelFn(aLayer?: nb.layers.Layer): nb.Sequential {
  const model = new nb.Sequential();
  model.add(new nb.layers.Flatten({ inputShape: [28, 28] }));
  model.add(new nb.layers.Dense(100, { activation: 'relu' }));
  if (aLayer) model.add(aLayer);
  model.add(new nb.layers.Dense(10, { activation: 'softmax' }));
  return model;
}
let model = modelFn();

// model.compile(loss="sparse_categorical_crossentropy", metrics="accuracy")
model.compile({ loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
// history = model.fit(train_scaled, train_target, epochs=5, verbose=0)
let history = await model.fit(trainScaled, trainTarget, { epochs: epochs(5), verbose: 0 });
// print(history.history.keys())
console.log(Object.keys(history.history));

// plt.plot(history.history['loss']); plt.xlabel('epoch'); plt.ylabel('loss'); plt.show()
nb.plot.writeFile(outFile('ch19-loss.svg'), nb.plot.history(history, { keys: ['loss'] }));
// plt.plot(history.history['accuracy']); plt.xlabel('epoch'); plt.ylabel('accuracy'); plt.show()
nb.plot.writeFile(outFile('ch19-accuracy.svg'), nb.plot.history(history, { keys: ['accuracy'] }));

// history = model.fit(train_scaled, train_target, epochs=20, verbose=0)
history = await model.fit(trainScaled, trainTarget, { epochs: epochs(20), verbose: 0 });
// plt.plot(history.history['loss']); plt.xlabel('epoch'); plt.ylabel('loss'); plt.show()
nb.plot.writeFile(outFile('ch19-loss-20.svg'), nb.plot.history(history, { keys: ['loss'] }));

// history = model.fit(train_scaled, train_target, epochs=20, verbose=0, validation_data=(val_scaled, val_target))
history = await model.fit(trainScaled, trainTarget, {
  epochs: epochs(20),
  verbose: 0,
  validationData: [valScaled, valTarget],
});
// print(history.history.keys())
console.log(Object.keys(history.history));
// plt.plot(history.history['loss']); plt.plot(history.history['val_loss']); plt.legend(['train','val']); plt.show()
nb.plot.writeFile(
  outFile('ch19-val-loss.svg'),
  nb.plot.history(history, { keys: ['loss', 'val_loss'], legend: ['train', 'val'] }),
);

// model = keras.Sequential(); Flatten(input_shape=(28,28)); Dense(100, activation='relu'); Dropout(0.3); Dense(10, activation='softmax')
model = modelFn(new nb.layers.Dropout(0.3));
// model.summary()
model.summary();
// (the book trains it with adam before saving it)
model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
history = await model.fit(trainScaled, trainTarget, {
  epochs: epochs(10),
  verbose: 0,
  validationData: [valScaled, valTarget],
});

// model.save_weights('model-weights.h5')
await model.saveWeights(outFile('model-weights.h5'));
// model.load_weights('model-weights.h5')
await model.loadWeights(outFile('model-weights.h5'));
// model.save('model-whole.h5')
await model.save(outFile('model-whole.h5'));

// model = keras.models.load_model('model-whole.h5')
model = await nb.models.loadModel(outFile('model-whole.h5'));

// val_labels = np.argmax(model.predict(val_scaled), axis=-1)
const valLabels = (await model.predict(valScaled)).argMax(-1);
// print(np.mean(val_labels == val_target))
console.log(valLabels.equal(valTarget).mean().item());

// checkpoint_cb = keras.callbacks.ModelCheckpoint('best-model.h5')   (save_best_only=True, as in the book)
let checkpointCb = new nb.callbacks.ModelCheckpoint(outFile('best-model.h5'), { saveBestOnly: true });
model = modelFn(new nb.layers.Dropout(0.3));
model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
// model.fit(train_scaled, train_target, epochs=20, verbose=0, validation_data=(val_scaled, val_target), callbacks=[checkpoint_cb])
await model.fit(trainScaled, trainTarget, {
  epochs: epochs(20),
  verbose: 0,
  validationData: [valScaled, valTarget],
  callbacks: [checkpointCb],
});
// model = keras.models.load_model('best-model.h5')
model = await nb.models.loadModel(outFile('best-model.h5'));
console.log(await model.evaluate(valScaled, valTarget));

// checkpoint_cb = keras.callbacks.ModelCheckpoint('best-model.h5')
checkpointCb = new nb.callbacks.ModelCheckpoint(outFile('best-model.h5'), { saveBestOnly: true });
// early_stopping_cb = keras.callbacks.EarlyStopping(patience=2, restore_best_weights=True)
const earlyStoppingCb = new nb.callbacks.EarlyStopping({ patience: 2, restoreBestWeights: true });
model = modelFn(new nb.layers.Dropout(0.3));
model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
// history = model.fit(train_scaled, train_target, epochs=20, verbose=0, validation_data=(val_scaled, val_target),
//                     callbacks=[checkpoint_cb, early_stopping_cb])
history = await model.fit(trainScaled, trainTarget, {
  epochs: epochs(20),
  verbose: 0,
  validationData: [valScaled, valTarget],
  callbacks: [checkpointCb, earlyStoppingCb],
});
// print(early_stopping_cb.stopped_epoch)
console.log(earlyStoppingCb.stoppedEpoch);

// plt.plot(history.history['loss']); plt.plot(history.history['val_loss']); plt.legend(['train', 'val']); plt.show()
nb.plot.writeFile(
  outFile('ch19-early-stopping.svg'),
  nb.plot.history(history, {
    keys: ['loss', 'val_loss'],
    legend: ['train', 'val'],
    markEpoch: earlyStoppingCb.stoppedEpoch || undefined,
  }),
);
