import { ValueError } from '../errors.ts';
import { type Logs, Callback } from './callback.ts';
import type { MessageStream } from './monitor-mode.ts';

/** A schedule: the 0-based epoch and the current learning rate in, the learning rate for this epoch out. */
export type LearningRateSchedule = (epoch: number, learningRate: number) => number;

/** Sets the learning rate at the start of each epoch from a schedule (keras.callbacks.LearningRateScheduler). */
export class LearningRateScheduler extends Callback {
  readonly schedule: LearningRateSchedule;
  readonly verbose: number;
  private readonly stream: MessageStream;

  constructor(schedule: LearningRateSchedule, verbose = 0, stream: MessageStream = process.stdout) {
    super();
    if (typeof schedule !== 'function')
      throw new ValueError('LearningRateScheduler needs a schedule function (epoch, learningRate) => number');
    this.schedule = schedule;
    this.verbose = verbose;
    this.stream = stream;
  }

  override onEpochBegin(epoch: number): void {
    const optimizer = this.requireOptimizer();
    const learningRate: unknown = this.schedule(epoch, optimizer.learningRate);
    if (typeof learningRate !== 'number' || !Number.isFinite(learningRate)) {
      throw new ValueError(
        `The output of the \`schedule\` function should be a finite number. Got: ${String(learningRate)}`,
      );
    }
    optimizer.learningRate = learningRate;
    if (this.verbose > 0)
      this.stream.write(`\nEpoch ${epoch + 1}: LearningRateScheduler setting learning rate to ${learningRate}.\n`);
  }

  override onEpochEnd(_epoch: number, logs: Logs = {}): void {
    logs.learning_rate = this.requireOptimizer().learningRate;
  }

  private requireOptimizer() {
    const optimizer = this.model?.optimizer;
    if (!optimizer)
      throw new ValueError('LearningRateScheduler needs a compiled model: call model.compile() before fit()');
    return optimizer;
  }
}
