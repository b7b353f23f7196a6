import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// The model API's contract is code a user writes: these lines, as the Keras tutorial writes them, must
// type-check under strict TypeScript against the package (import * as nb from 'nabla').
const CONTRACT = `
import * as nb from 'nabla';
export async function contract(x: nb.Tensor, y: nb.Tensor, xVal: nb.Tensor, yVal: nb.Tensor): Promise<number> {
  const model = new nb.Sequential([
    new nb.layers.Flatten({ inputShape: [28, 28] }),
    new nb.layers.Dense(100, { activation: 'relu', name: 'hidden' }),
    new nb.layers.Dropout(0.3),
    new nb.layers.Dense(10, { activation: 'softmax' }),
  ], { name: '패션 MNIST 모델' });
  model.compile({ optimizer: 'adam', loss: 'sparse_categorical_crossentropy', metrics: ['accuracy'] });
  const history = await model.fit(x, y, { epochs: 5, batchSize: 32, verbose: 1, validationData: [xVal, yVal], callbacks: [] });
  const curves: number[][] = [history.history.loss, history.history.val_accuracy, history.epoch];
  const [loss, acc] = await model.evaluate(xVal, yVal);
  const [batchLoss, batchAcc] = await model.trainOnBatch(x, y);
  const plain = new nb.Sequential([new nb.layers.Dense(10, { activation: 'softmax', inputShape: [784] })]);
  plain.compile({ loss: 'sparse_categorical_crossentropy' });
  const onlyLoss: number = await plain.evaluate(xVal, yVal);
  const probs: nb.Tensor = await model.predict(xVal);
  return loss + acc + batchLoss + batchAcc + onlyLoss + curves.length + probs.size;
}
`;

test('the README/issue contract (evaluate destructured, or a single loss) type-checks under strict TypeScript', () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const folder = mkdtempSync(join(root, '.tmp-contract-'));
  try {
    writeFileSync(join(folder, 'contract.ts'), CONTRACT);
    // The repository's tsconfig maps 'nabla' to the sources (package.json's exports name the built dist/).
    const config = {
      extends: '../tsconfig.json',
      compilerOptions: { strict: true, skipLibCheck: true },
      files: ['contract.ts'],
    };
    writeFileSync(join(folder, 'tsconfig.json'), JSON.stringify(config));
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const args = [tsc, '--noEmit', '-p', folder];
    let output = '';
    try {
      execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8' });
    } catch (error) {
      output = String((error as { stdout?: string }).stdout ?? error);
    }
    assert.equal(output, '', output);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});
