// Child process for the interrupted-save test: saves one model to the same path again and again until killed.
// Usage: node --import tsx save-forever.ts <path>
import { Dense } from '../../../src/layers/dense.ts';
import { Sequential } from '../../../src/models/sequential.ts';

const path = process.argv[2];
// About 2 MB of weights, so that each save takes long enough to be caught in the middle.
const model = new Sequential([
  new Dense(600, { activation: 'relu', inputShape: [700], seed: 1 }),
  new Dense(100, { seed: 2 }),
]);
model.compile({ optimizer: 'adam', loss: 'mean_squared_error' });
const checksum = model.getWeights().reduce((sum, w) => sum + Array.from(w.data).reduce((a, b) => a + b, 0), 0);
process.stdout.write(`checksum ${checksum}\n`);
for (let i = 0; ; i++) {
  await model.save(path);
  process.stdout.write(`saved ${i}\n`);
}
