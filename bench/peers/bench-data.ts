// The data every contender of bench/speed.ts trains on, written once as raw little-endian arrays into a
// temporary folder (so that nabla, TensorFlow.js and PyTorch read the very same rows), and the shapes of the
// models and results they share.
import { closeSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const FEATURES = 784;
export const BATCH = 32;

/** Pixels scaled to [0, 1]; 48,000 training, 12,000 validation and the 10,000 test rows. */
export interface BenchData {
  xTrain: Float32Array;
  yTrain: Int32Array;
  xVal: Float32Array;
  yVal: Int32Array;
  xTest: Float32Array;
  yTest: Int32Array;
  nTrain: number;
  nVal: number;
  nTest: number;
}

/** One of issue 7's models. */
export interface ModelSpec {
  id: 'dense10' | 'mlp' | 'mlp-dropout';
  name: string;
  hidden: number | null;
  dropout: number | null;
  optimizer: 'rmsprop' | 'adam';
  /** Validation on the 12,000 rows at the end of every epoch (counted in the epoch time). */
  validateEachEpoch: boolean;
}

export const MODELS: readonly ModelSpec[] = [
  {
    id: 'dense10',
    name: 'Dense(10, softmax), RMSprop',
    hidden: null,
    dropout: null,
    optimizer: 'rmsprop',
    validateEachEpoch: false,
  },
  {
    id: 'mlp',
    name: '784-100(relu)-10, Adam',
    hidden: 100,
    dropout: null,
    optimizer: 'adam',
    validateEachEpoch: false,
  },
  {
    id: 'mlp-dropout',
    name: '784-100-Dropout(0.3)-10, Adam, validation each epoch',
    hidden: 100,
    dropout: 0.3,
    optimizer: 'adam',
    validateEachEpoch: true,
  },
];

/** What one contender reports for one model (the PyTorch peer prints the same fields as JSON). */
export interface PeerResult {
  epochSeconds: number[];
  /** Accuracy on the 12,000 validation rows after the last epoch. */
  valAccuracy: number;
  /** predict (class probabilities) and evaluate (loss, accuracy) on the 10,000 test rows, batch 32. */
  predictSeconds: number;
  evaluateSeconds: number;
  peakRssMb: number;
  version: string;
}

const FILES = ['x_train.f32', 'y_train.i32', 'x_val.f32', 'y_val.i32', 'x_test.f32', 'y_test.i32'] as const;

function bytes(a: Float32Array | Int32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** Writes the arrays and a meta.json with the row counts into `folder`. */
export function writeBenchData(folder: string, data: BenchData): void {
  mkdirSync(folder, { recursive: true });
  const arrays = [data.xTrain, data.yTrain, data.xVal, data.yVal, data.xTest, data.yTest];
  FILES.forEach((file, i) => writeFileSync(join(folder, file), bytes(arrays[i])));
  writeFileSync(join(folder, 'meta.json'), JSON.stringify({ nTrain: data.nTrain, nVal: data.nVal, nTest: data.nTest }));
}

/** Reads what writeBenchData wrote. */
export function readBenchData(folder: string): BenchData {
  const meta = JSON.parse(readFileSync(join(folder, 'meta.json'), 'utf8')) as {
    nTrain: number;
    nVal: number;
    nTest: number;
  };
  const read = <T extends Float32Array | Int32Array>(file: string, type: { new (length: number): T }): T => {
    // Straight into the typed array (no second copy of the 150 MB training rows in the peak RSS).
    const fd = openSync(join(folder, file), 'r');
    try {
      const out = new type(fstatSync(fd).size / 4);
      const bytes = new Uint8Array(out.buffer);
      for (let done = 0; done < bytes.length; ) done += readSync(fd, bytes, done, bytes.length - done, done);
      return out;
    } finally {
      closeSync(fd);
    }
  };
  return {
    xTrain: read(FILES[0], Float32Array),
    yTrain: read(FILES[1], Int32Array),
    xVal: read(FILES[2], Float32Array),
    yVal: read(FILES[3], Int32Array),
    xTest: read(FILES[4], Float32Array),
    yTest: read(FILES[5], Int32Array),
    ...meta,
  };
}

/** Peak resident set size of this process so far, in MB. */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}
