// The file fuzzer: damages Keras model files (.h5, .keras, .weights.h5) and IDX files (raw and gzip) with
// seeded mutations and loads each in a child process with a timeout. A load may succeed (the damage missed
// anything checked) or fail with a NablaError; anything else is a failure: another error, a crash, a hang.
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { writeIdxFile } from '../../src/datasets/idx.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';
import type { FuzzAnswer, FuzzFormat, FuzzRequest } from './fuzz-protocol.ts';
import { FuzzRandom, type Mutation, mutate } from './mutate.ts';

/** One load that did not end in success or a NablaError. */
export interface FuzzFailure {
  file: string;
  format: FuzzFormat;
  mutation: Mutation;
  what: string;
}

/** The counts of a fuzzing run. */
export interface FuzzReport {
  files: number;
  loaded: number;
  refused: number;
  /** Errors that are not NablaErrors. */
  foreign: FuzzFailure[];
  crashes: FuzzFailure[];
  hangs: FuzzFailure[];
  seconds: number;
}

export interface FuzzOptions {
  count: number;
  seed: number;
  /** Working folder; the failing files are kept in its `failures/` folder. */
  folder: string;
  /** Time one load may take before it counts as a hang (default 15 s). */
  timeoutMs?: number;
  onProgress?: (done: number, report: FuzzReport) => void;
  /** More undamaged files to start from (e.g. files written by Python Keras). */
  extraSeeds?: { path: string; format: FuzzFormat }[];
}

const CHILD = fileURLToPath(new URL('./load-child.ts', import.meta.url));

/** Makes the undamaged files the mutants start from. */
export async function makeSeedFiles(folder: string): Promise<{ path: string; format: FuzzFormat }[]> {
  mkdirSync(folder, { recursive: true });
  const model = new Sequential([
    new Dense(5, { inputShape: [6], activation: 'relu' }),
    new Dense(3, { activation: 'softmax' }),
  ]);
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const x = new Tensor(
    Float32Array.from({ length: 48 }, (_, i) => ((i * 7) % 11) / 11),
    [8, 6],
  );
  await model.fit(
    x,
    new Tensor(
      Int32Array.from({ length: 8 }, (_, i) => i % 3),
      [8],
    ),
    { epochs: 1, verbose: 0, seed: 1 },
  );
  const files: { path: string; format: FuzzFormat }[] = [
    { path: join(folder, 'model.h5'), format: 'h5' },
    { path: join(folder, 'model.keras'), format: 'keras' },
    { path: join(folder, 'model.weights.h5'), format: 'weights.h5' },
    { path: join(folder, 'labels.idx'), format: 'idx' },
    { path: join(folder, 'images.idx.gz'), format: 'idx.gz' },
  ];
  await model.save(files[0].path);
  await model.save(files[1].path);
  await model.saveWeights(files[2].path);
  await writeIdxFile(
    files[3].path,
    new Tensor(
      Uint8Array.from({ length: 60 }, (_, i) => i % 10),
      [60],
    ),
  );
  await writeIdxFile(
    files[4].path,
    new Tensor(
      Uint8Array.from({ length: 6 * 8 * 8 }, (_, i) => (i * 37) % 256),
      [6, 8, 8],
    ),
    { gzip: true },
  );
  return files;
}

/** A child process that loads files on request, restarted after a crash or a hang. */
class LoaderChild {
  private child: ChildProcessWithoutNullStreams | null = null;
  private waiting: ((answer: FuzzAnswer | { crashed: string }) => void) | null = null;
  private stderr = '';

  private start(): ChildProcessWithoutNullStreams {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.stderr = '';
    child.stderr.on('data', (chunk) => (this.stderr = (this.stderr + String(chunk)).slice(-2000)));
    // A child that was stopped (after a hang) may still answer or exit: only the current one is heard.
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (this.child === child) this.settle(JSON.parse(line) as FuzzAnswer);
    });
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      this.settle({ crashed: `exit ${code ?? signal}: ${this.stderr.trim().split('\n').slice(-3).join(' | ')}` });
    });
    this.child = child;
    return child;
  }

  private settle(answer: FuzzAnswer | { crashed: string }): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(answer);
  }

  /** Loads one file; resolves to the answer, a crash, or a hang after `timeoutMs`. */
  load(request: FuzzRequest, timeoutMs: number): Promise<FuzzAnswer | { crashed: string } | { hung: true }> {
    const child = this.child ?? this.start();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting = null;
        this.stop();
        resolve({ hung: true });
      }, timeoutMs);
      this.waiting = (answer) => {
        clearTimeout(timer);
        resolve(answer);
      };
      child.stdin.write(`${JSON.stringify(request)}\n`);
    });
  }

  stop(): void {
    const child = this.child;
    this.child = null;
    child?.kill('SIGKILL');
  }
}

/** Damages and loads `count` files; returns the counts and the failures. */
export async function fuzzFiles(options: FuzzOptions): Promise<FuzzReport> {
  const started = performance.now();
  const seeds = [...(await makeSeedFiles(join(options.folder, 'seeds'))), ...(options.extraSeeds ?? [])];
  const originals = seeds.map((seed) => readFileSync(seed.path));
  const mutants = join(options.folder, 'mutants');
  const failures = join(options.folder, 'failures');
  mkdirSync(mutants, { recursive: true });
  const random = new FuzzRandom(options.seed);
  const report: FuzzReport = { files: 0, loaded: 0, refused: 0, foreign: [], crashes: [], hangs: [], seconds: 0 };
  const child = new LoaderChild();
  try {
    for (let i = 0; i < options.count; i++) {
      const seed = seeds[i % seeds.length];
      const { bytes, kind } = mutate(originals[i % seeds.length], random);
      const path = join(mutants, `${i}.${seed.format}`);
      writeFileSync(path, bytes);
      const result = await child.load({ id: i, path, format: seed.format }, options.timeoutMs ?? 15_000);
      report.files++;
      const failure = (what: string): FuzzFailure => {
        mkdirSync(failures, { recursive: true });
        const kept = join(failures, `${i}.${seed.format}`);
        copyFileSync(path, kept);
        return { file: kept, format: seed.format, mutation: kind, what };
      };
      if ('hung' in result) report.hangs.push(failure(`no answer within ${options.timeoutMs ?? 15_000} ms`));
      else if ('crashed' in result) report.crashes.push(failure(result.crashed));
      else if (result.outcome === 'foreign') report.foreign.push(failure(result.error ?? ''));
      else if (result.outcome === 'refused') report.refused++;
      else report.loaded++;
      rmSync(path, { force: true });
      options.onProgress?.(i + 1, report);
    }
  } finally {
    child.stop();
    report.seconds = (performance.now() - started) / 1000;
  }
  return report;
}
