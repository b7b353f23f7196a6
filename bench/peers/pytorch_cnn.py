"""PyTorch peer of bench/cnn.ts: the CNN chapter's model on the same rows, 1 thread, batch 32, Keras's defaults.

Usage (bench/cnn.ts runs it; data written by bench/peers/bench-data.ts):
  /usr/bin/python3 bench/peers/pytorch_cnn.py DATA_FOLDER EPOCHS SEED ROWS
ROWS: training rows per epoch (0: all). Prints one JSON line with the fields of PeerResult.
"""
import json
import os
import resource
import sys
import time

for _name in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ.setdefault(_name, '1')

import numpy as np  # noqa: E402  (after the thread settings)
import torch  # noqa: E402

BATCH = 32


def load(folder):
    meta = json.load(open(folder + '/meta.json'))
    def images(name, rows):
        return torch.from_numpy(np.fromfile(folder + '/' + name, dtype=np.float32).reshape(rows, 1, 28, 28))
    def labels(name):
        return torch.from_numpy(np.fromfile(folder + '/' + name, dtype=np.int32).astype(np.int64))
    return images('x_train.f32', meta['nTrain']), labels('y_train.i32'), images('x_val.f32', meta['nVal']), labels('y_val.i32')


def keras_init(layer):
    # Keras's defaults: Glorot-uniform kernels (same fans for conv kernels), zero biases.
    torch.nn.init.xavier_uniform_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    return layer


def build():
    return torch.nn.Sequential(
        keras_init(torch.nn.Conv2d(1, 32, 3, padding=1)), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        keras_init(torch.nn.Conv2d(32, 64, 3, padding=1)), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
        torch.nn.Flatten(), keras_init(torch.nn.Linear(3136, 100)), torch.nn.ReLU(), torch.nn.Dropout(0.4),
        keras_init(torch.nn.Linear(100, 10)),
    )


def accuracy(model, x, y):
    model.eval()
    hits = 0
    with torch.no_grad():
        for start in range(0, len(x), BATCH):
            hits += int((model(x[start:start + BATCH]).argmax(1) == y[start:start + BATCH]).sum())
    model.train()
    return hits / len(x)


def main():
    folder, epochs, seed, rows = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    x, y, xv, yv = load(folder)
    if rows > 0:
        x, y = x[:rows], y[:rows]
    model = build()
    opt = torch.optim.Adam(model.parameters(), lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    loss_fn = torch.nn.CrossEntropyLoss()
    seconds = []
    for _ in range(epochs):
        t0 = time.perf_counter()
        order = torch.randperm(len(x))
        for start in range(0, len(x), BATCH):
            idx = order[start:start + BATCH]
            opt.zero_grad()
            loss_fn(model(x[idx]), y[idx]).backward()
            opt.step()
        seconds.append(time.perf_counter() - t0)
    print(json.dumps({
        'epochSeconds': seconds, 'valAccuracy': accuracy(model, xv, yv), 'predictSeconds': 0, 'evaluateSeconds': 0,
        'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'version': 'PyTorch %s (mkldnn %s)' % (torch.__version__, torch.backends.mkldnn.is_available()),
    }))


if __name__ == '__main__':
    main()
