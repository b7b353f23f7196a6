// The child process of the file fuzzer: loads each file it is sent (one JSON line per file on stdin) the way a
// user would, and answers one JSON line per file: loaded, refused with a NablaError, or failed otherwise.
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseIdx, readIdxFile } from '../../src/datasets/idx.ts';
import { NablaError } from '../../src/errors.ts';
import { Dense } from '../../src/layers/dense.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { Sequential } from '../../src/models/sequential.ts';
import type { FuzzRequest, FuzzAnswer } from './fuzz-protocol.ts';

async function load(request: FuzzRequest): Promise<void> {
  switch (request.format) {
    case 'h5':
    case 'keras':
      await loadModel(request.path);
      return;
    case 'weights.h5': {
      const model = new Sequential([new Dense(5, { inputShape: [6], activation: 'relu' }), new Dense(3)]);
      await model.loadWeights(request.path);
      return;
    }
    case 'idx':
    case 'idx.gz':
      await readIdxFile(request.path);
      parseIdx(readFileSync(request.path), request.path);
      return;
  }
}

async function answer(request: FuzzRequest): Promise<FuzzAnswer> {
  try {
    await load(request);
    return { id: request.id, outcome: 'loaded' };
  } catch (error) {
    const e = error as Error;
    const outcome = error instanceof NablaError ? 'refused' : 'foreign';
    return { id: request.id, outcome, error: `${e?.name}: ${String(e?.message).slice(0, 300)}` };
  }
}

// Warnings (an optimizer state that does not fit, …) are normal for damaged files; keep stderr for crashes.
process.removeAllListeners('warning');
process.on('warning', () => {});
const lines = createInterface({ input: process.stdin });
for await (const line of lines) {
  if (line.trim() === '') continue;
  process.stdout.write(`${JSON.stringify(await answer(JSON.parse(line) as FuzzRequest))}\n`);
}
