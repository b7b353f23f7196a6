// A stand-in for Sequential that callbacks can drive without training: its "weights" are one number that the
// script sets to the epoch index, so restored weights show which epoch they came from.
import type { Callback, Logs } from '../../src/callbacks/callback.ts';
import type { Sequential } from '../../src/models/sequential.ts';
import { Tensor } from '../../src/tensor/tensor.ts';

/** The parts of a model the callbacks use, recorded for assertions. */
export class ScriptedModel {
  stopTraining = false;
  weightTag = -1;
  saves: string[] = [];
  optimizer = { learningRate: 0.1 };

  getWeights(): Tensor[] {
    return [new Tensor(Float32Array.of(this.weightTag), [1])];
  }

  setWeights(weights: readonly Tensor[]): void {
    this.weightTag = weights[0].data[0];
  }

  async save(path: string): Promise<void> {
    this.saves.push(`model ${path}`);
  }

  async saveWeights(path: string): Promise<void> {
    this.saves.push(`weights ${path}`);
  }
}

/** Runs epochs as fit would (train begin, per epoch begin/end, train end) with scripted logs; returns epochs run. */
export async function drive(callback: Callback, model: ScriptedModel, epochLogs: Logs[]): Promise<number> {
  callback.setModel(model as unknown as Sequential);
  callback.setParams({ epochs: epochLogs.length, steps: 1, verbose: 0 });
  model.stopTraining = false;
  await callback.onTrainBegin({});
  let ran = 0;
  for (let epoch = 0; epoch < epochLogs.length; epoch++) {
    await callback.onEpochBegin(epoch, {});
    model.weightTag = epoch;
    await callback.onEpochEnd(epoch, { ...epochLogs[epoch] });
    ran++;
    if (model.stopTraining) break;
  }
  await callback.onTrainEnd({});
  return ran;
}

/** Logs with only val_loss. */
export const valLoss = (values: number[]): Logs[] => values.map((v) => ({ loss: v + 1, val_loss: v }));

/** A stream that collects what is written. */
export function collector(): { write(text: string): void; text: string } {
  return {
    text: '',
    write(text: string) {
      this.text += text;
    },
  };
}
