// The --help texts of the nabla command and its sub-commands.

export const MAIN_HELP = `Usage: nabla <command> [options]

Commands:
  tutorial [--out DIR] [--quick]        run the Fashion-MNIST tutorial (chapters 17-19) and write a report
  tutorial cnn [--out DIR] [--quick]    run the convolutional-network chapter and write a report
  summary <model file>                  print the summary of a saved model (.h5 or .keras)
  evaluate <model file> [--dataset D]   evaluate a saved model on a dataset's test split

Run 'nabla <command> --help' for the options of a command.`;

export const TUTORIAL_HELP = `Usage: nabla tutorial [cnn] [--out DIR] [--quick] [--seed N]

Runs the tutorial's chapters 17-19 on Fashion-MNIST: logistic regression with cross-validation, one Dense
layer, deeper networks and optimizers, loss curves, dropout, saving and loading, checkpoints, early stopping.
'nabla tutorial cnn' runs the convolutional chapter instead: Conv2D and MaxPooling2D layers trained with
Adam, ModelCheckpoint('best-cnn-model.keras') and EarlyStopping, then the filters and feature maps drawn.

Options:
  --out DIR    folder for report.html, results.json, pictures and saved models (default: nabla-output)
  --quick      a small subset (2,000 training images, 1-3 epochs) that finishes in seconds
  --seed N     seed for weight initialisation and shuffling (default: 42)
  -h, --help   show this help`;

export const SUMMARY_HELP = `Usage: nabla summary <model file>

Loads a model saved with model.save() (Keras HDF5 .h5 or Keras 3 .keras) and prints model.summary().

Options:
  -h, --help   show this help`;

export const EVALUATE_HELP = `Usage: nabla evaluate <model file> [--dataset fashion-mnist]

Loads a saved model, scales the dataset's test images to [0, 1], and prints model.evaluate() on them.

Options:
  --dataset D  the dataset whose test split is used (default: fashion-mnist)
  --limit N    evaluate on the first N test images only
  -h, --help   show this help`;
