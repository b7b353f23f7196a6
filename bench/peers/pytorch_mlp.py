"""PyTorch peer of bench/speed.ts: issue 7's models on the same rows, 1 thread, batch 32, Keras's defaults.

Usage (bench/speed.ts runs it; data written by bench/peers/bench-data.ts):
  /usr/bin/python3 bench/peers/pytorch_mlp.py DATA_FOLDER MODEL_ID EPOCHS SEED
MODEL_ID is dense10 | mlp | mlp-dropout. Prints one JSON line with the fields of PeerResult.
"""
import json
import os
import resource
import sys
import time

# One thread everywhere: torch.set_num_threads(1) does not reach the OpenBLAS that Debian's PyTorch calls
# through libblas.so.3; its thread count is read from the environment when the library loads.
for _name in ('OPENBLAS_NUM_THREADS', 'OMP_NUM_THREADS', 'MKL_NUM_THREADS'):
    os.environ.setdefault(_name, '1')

import numpy as np  # noqa: E402  (after the thread settings)
import torch  # noqa: E402

BATCH = 32
FEATURES = 784


def load(folder):
    meta = json.load(open(folder + '/meta.json'))
    def arr(name, dtype, rows, cols=None):
        a = np.fromfile(folder + '/' + name, dtype=dtype)
        return torch.from_numpy(a.reshape(rows, cols) if cols else a.astype(np.int64))
    return (arr('x_train.f32', np.float32, meta['nTrain'], FEATURES), arr('y_train.i32', np.int32, meta['nTrain']),
            arr('x_val.f32', np.float32, meta['nVal'], FEATURES), arr('y_val.i32', np.int32, meta['nVal']),
            arr('x_test.f32', np.float32, meta['nTest'], FEATURES), arr('y_test.i32', np.int32, meta['nTest']))


def dense(n_in, n_out):
    # Keras's Dense defaults: Glorot-uniform kernel, zero bias.
    layer = torch.nn.Linear(n_in, n_out)
    torch.nn.init.xavier_uniform_(layer.weight)
    torch.nn.init.zeros_(layer.bias)
    return layer


def build(model_id):
    if model_id == 'dense10':
        return torch.nn.Sequential(dense(FEATURES, 10)), 'rmsprop'
    layers = [dense(FEATURES, 100), torch.nn.ReLU()]
    if model_id == 'mlp-dropout':
        layers.append(torch.nn.Dropout(0.3))
    layers.append(dense(100, 10))
    return torch.nn.Sequential(*layers), 'adam'


def optimizer(name, params):
    # Keras's defaults: Adam(1e-3, 0.9, 0.999, 1e-7); RMSprop(1e-3, rho=0.9, eps=1e-7).
    if name == 'adam':
        return torch.optim.Adam(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-7)
    return torch.optim.RMSprop(params, lr=1e-3, alpha=0.9, eps=1e-7)


def evaluate(model, loss_fn, x, y):
    """Mean loss and accuracy in batches of 32, as Keras's evaluate."""
    model.eval()
    total, hits = 0.0, 0
    with torch.no_grad():
        for start in range(0, len(x), BATCH):
            logits = model(x[start:start + BATCH])
            yb = y[start:start + BATCH]
            total += float(loss_fn(logits, yb)) * len(yb)
            hits += int((logits.argmax(1) == yb).sum())
    model.train()
    return total / len(x), hits / len(x)


def predict(model, x):
    model.eval()
    with torch.no_grad():
        out = torch.cat([torch.softmax(model(x[s:s + BATCH]), 1) for s in range(0, len(x), BATCH)])
    model.train()
    return out


def main():
    folder, model_id, epochs, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    torch.set_num_threads(1)
    torch.manual_seed(seed)
    x, y, xv, yv, xt, yt = load(folder)
    model, opt_name = build(model_id)
    opt = optimizer(opt_name, model.parameters())
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
        if model_id == 'mlp-dropout':
            evaluate(model, loss_fn, xv, yv)  # validation each epoch, counted in the epoch
        seconds.append(time.perf_counter() - t0)
    _, val_accuracy = evaluate(model, loss_fn, xv, yv)
    t0 = time.perf_counter()
    predict(model, xt)
    predict_seconds = time.perf_counter() - t0
    t0 = time.perf_counter()
    evaluate(model, loss_fn, xt, yt)
    evaluate_seconds = time.perf_counter() - t0
    print(json.dumps({
        'epochSeconds': seconds, 'valAccuracy': val_accuracy, 'predictSeconds': predict_seconds,
        'evaluateSeconds': evaluate_seconds, 'peakRssMb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        'version': 'PyTorch ' + torch.__version__,
    }))


if __name__ == '__main__':
    main()
