import type { Backend } from '../backend/backend.ts';
import { getBackend } from '../backend/index.ts';
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { Tensor, shapeSize } from '../tensor/tensor.ts';
import { type ClipSettings, clipGradients } from './gradient-clipping.ts';
import { getSchedule, isScheduleSpec } from './schedules/get-schedule.ts';
import { type ScheduleSpec, LearningRateSchedule } from './schedules/learning-rate-schedule.ts';
import { WeightDecayExclusions, decayWeights } from './weight-decay.ts';

/** Options every optimizer accepts (keras.optimizers.Optimizer keyword arguments); docs/optimizers.md. */
export interface OptimizerOptions {
  /** A number, or a schedule evaluated at the optimizer's iterations before each update. */
  learningRate?: number | LearningRateSchedule | ScheduleSpec;
  name?: string;
  /** Decoupled weight decay: w ← w − w·weightDecay·lr before each update. */
  weightDecay?: number | null;
  /** Clips each variable's gradient to this 2-norm. */
  clipnorm?: number | null;
  /** Clips all gradients together to this global 2-norm. */
  globalClipnorm?: number | null;
  /** Clips every gradient element to [−clipvalue, clipvalue]. */
  clipvalue?: number | null;
  /** Keras's weight moving average: only false is supported (true is refused). */
  useEma?: boolean;
  emaMomentum?: number;
  emaOverwriteFrequency?: number | null;
}

/** The option keys of every optimizer (checkOptions adds each optimizer's own). */
export const BASE_OPTIMIZER_KEYS = [
  'learningRate',
  'name',
  'weightDecay',
  'clipnorm',
  'globalClipnorm',
  'clipvalue',
  'useEma',
  'emaMomentum',
  'emaOverwriteFrequency',
] as const;

/** One model variable as the optimizer sees it: where it lives in the flat parameter buffer. */
export interface OptimizerVariable {
  /** The variable path, e.g. 'dense/kernel'. */
  name: string;
  shape: readonly number[];
  /** Offset of its first value in the flat buffer. */
  offset: number;
  trainable: boolean;
}

/** An optimizer hyper-parameter config (camelCase Keras get_config); a schedule's learningRate is a ScheduleSpec. */
export type OptimizerConfig = { [key: string]: number | boolean | string | null | ScheduleSpec };

/** A contiguous run of trainable values with views into the parameter, gradient and slot buffers. */
export interface UpdateRange {
  params: Float32Array;
  grads: Float32Array;
  slots: Float32Array[];
  length: number;
}

/**
 * The base of every optimizer (keras.optimizers.Optimizer): learning rate, iteration count, slot variables
 * kept in flat buffers with the model's parameter layout, so that one update is one fused kernel call.
 */
export abstract class Optimizer {
  readonly className: string;
  readonly name: string;
  /** Number of updates applied so far (Keras `iterations`). */
  iterations = 0;
  readonly weightDecay: number | null;
  readonly clipnorm: number | null;
  readonly globalClipnorm: number | null;
  readonly clipvalue: number | null;
  readonly emaMomentum: number;
  readonly emaOverwriteFrequency: number | null;
  private rate: number;
  private schedule: LearningRateSchedule | null = null;
  private readonly decayExclusions = new WeightDecayExclusions();
  private variables: OptimizerVariable[] = [];
  private slotBuffers: Float32Array[] = [];
  private ranges: UpdateRange[] = [];
  /** Per trainable variable: its values and gradient (clipping and weight decay work per weight array). */
  private trainableViews: { name: string; params: Float32Array; grads: Float32Array }[] = [];
  private trainableGrads: Float32Array[] = [];
  private pendingWeights: readonly Tensor[] | null = null;
  private builtFor: Float32Array | null = null;
  private builtLayout = '';

  /** `ownKeys`: the optimizer's own option keys, checked with the base ones. */
  protected constructor(
    className: string,
    defaultName: string,
    defaultLearningRate: number,
    options: OptimizerOptions,
    ownKeys: readonly string[],
  ) {
    checkOptions(className, options, [...BASE_OPTIMIZER_KEYS, ...ownKeys]);
    this.className = className;
    this.name = options.name ?? defaultName;
    const learningRate = options.learningRate ?? defaultLearningRate;
    if (learningRate instanceof LearningRateSchedule || isScheduleSpec(learningRate)) {
      this.schedule = getSchedule(learningRate);
      this.rate = this.schedule.call(0);
    } else {
      this.rate = checkPositive('learningRate', learningRate, className, true);
    }
    this.weightDecay = optionalNonNegative('weightDecay', options.weightDecay, className);
    this.clipnorm = optionalNonNegative('clipnorm', options.clipnorm, className);
    this.globalClipnorm = optionalNonNegative('globalClipnorm', options.globalClipnorm, className);
    this.clipvalue = optionalNonNegative('clipvalue', options.clipvalue, className);
    checkOneClipping(className, this);
    if (options.useEma !== undefined && options.useEma !== false) {
      throw new ValueError(
        `${className}: useEma=${String(options.useEma)} is not supported by nabla (only false): the weights' moving average is not implemented`,
      );
    }
    this.emaMomentum = options.emaMomentum ?? 0.99;
    this.emaOverwriteFrequency = options.emaOverwriteFrequency ?? null;
  }

  /**
   * The learning rate of the next update: the schedule's value at `iterations` when a schedule is used.
   * Callbacks such as ReduceLROnPlateau set it between steps (not allowed with a schedule, as in Keras).
   */
  get learningRate(): number {
    return this.schedule === null ? this.rate : this.schedule.call(this.iterations);
  }

  set learningRate(value: number) {
    if (this.schedule !== null) {
      throw new ValueError(
        `${this.className} was created with a LearningRateSchedule (${this.schedule.className}) as its learningRate, hence its learning rate is not settable. If you need the learning rate to be settable, create the optimizer with a number learningRate.`,
      );
    }
    this.rate = checkPositive('learningRate', value, this.className, true);
  }

  /** The schedule given as learningRate, or null for a fixed (settable) learning rate. */
  get learningRateSchedule(): LearningRateSchedule | null {
    return this.schedule;
  }

  /**
   * Skips weight decay for the variables whose name (the last part of the path: 'kernel', 'bias') matches one of
   * these patterns (Optimizer.exclude_from_weight_decay with var_names).
   */
  excludeFromWeightDecay(options: { varNames?: string[] } = {}): void {
    checkOptions(`${this.className}.excludeFromWeightDecay`, options, ['varNames']);
    this.decayExclusions.setNames(options.varNames ?? []);
  }

  /** Keras slot names in creation order per variable (Adam: ['momentum', 'velocity']). */
  protected abstract slotNames(): string[];

  /** The starting value of a slot (Adagrad's accumulator starts at initialAccumulatorValue). */
  protected initialSlotValue(_slot: string): number {
    return 0;
  }

  /** Applies one update to a contiguous trainable range; `t` is iterations + 1, `lr` this step's learning rate. */
  protected abstract updateRange(backend: Backend, range: UpdateRange, t: number, lr: number): void;

  /** Runs once per step before the ranges are updated (Nadam advances its momentum-cache product here). */
  protected beforeUpdate(_t: number): void {}

  /** Names of state scalars that are not per-variable slots, saved after the slots (Nadam: ['u_product']). */
  protected extraStateNames(): string[] {
    return [];
  }

  /** The values of extraStateNames(), in that order. */
  protected getExtraState(): number[] {
    return [];
  }

  /** Restores the values of extraStateNames(). */
  protected setExtraState(_values: number[]): void {}

  /** The optimizer's own hyper-parameters (merged into getConfig). */
  protected abstract ownConfig(): OptimizerConfig;

  /** Whether the optimizer holds slots for a model's flat buffers (Optimizer.build). */
  get built(): boolean {
    return this.builtFor !== null;
  }

  /** Creates the slot buffers for the model's variables, laid out like `params` (Optimizer.build). */
  build(
    variables: readonly OptimizerVariable[],
    params: Float32Array,
    grads: Float32Array,
    backend: Backend = getBackend(),
  ): void {
    const layout = variables.map((v) => `${v.offset}:${v.trainable ? 1 : 0}`).join(',');
    if (this.builtFor === params && this.builtLayout === layout) return;
    this.builtLayout = layout;
    this.variables = variables.map((v) => ({ ...v, shape: [...v.shape] }));
    this.slotBuffers = this.slotNames().map((slot) => {
      const buffer = backend.allocFloat32(params.length);
      buffer.fill(this.initialSlotValue(slot));
      return buffer;
    });
    this.trainableViews = this.variables
      .filter((v) => v.trainable)
      .map((v) => {
        const end = v.offset + shapeSize(v.shape);
        return { name: v.name, params: params.subarray(v.offset, end), grads: grads.subarray(v.offset, end) };
      });
    this.trainableGrads = this.trainableViews.map((v) => v.grads);
    this.ranges = trainableRuns(this.variables).map(([start, end]) => ({
      params: params.subarray(start, end),
      grads: grads.subarray(start, end),
      slots: this.slotBuffers.map((s) => s.subarray(start, end)),
      length: end - start,
    }));
    this.builtFor = params;
    if (this.pendingWeights !== null) {
      const pending = this.pendingWeights;
      this.pendingWeights = null;
      this.setWeights(pending);
    }
  }

  /**
   * Applies the gradients in the flat gradient buffer to the flat parameters (apply_gradients), in Keras's
   * order: clip the gradients (in place), decay the weights, then the optimizer's own update.
   */
  applyGradients(backend: Backend = getBackend()): void {
    if (this.builtFor === null)
      throw new ValueError(`${this.className} optimizer is not built: compile and build the model first`);
    const t = this.iterations + 1;
    const lr = this.learningRate;
    clipGradients(this.trainableGrads, this as ClipSettings);
    if (this.weightDecay !== null) {
      for (const v of this.trainableViews)
        if (this.decayExclusions.decays(v.name)) decayWeights(v.params, this.weightDecay, lr);
    }
    this.beforeUpdate(t);
    for (const range of this.ranges) this.updateRange(backend, range, t, lr);
    this.iterations = t;
  }

  /** The hyper-parameters with camelCase keys (Optimizer.get_config). */
  getConfig(): OptimizerConfig {
    return {
      name: this.name,
      learningRate: this.schedule === null ? this.rate : this.schedule.toSpec(),
      weightDecay: this.weightDecay,
      clipnorm: this.clipnorm,
      globalClipnorm: this.globalClipnorm,
      clipvalue: this.clipvalue,
      useEma: false,
      emaMomentum: this.emaMomentum,
      emaOverwriteFrequency: this.emaOverwriteFrequency,
      ...this.ownConfig(),
    };
  }

  /**
   * The optimizer variables in Keras 3 order: iterations, learning_rate (absent with a schedule, as in Keras),
   * the slots interleaved per trainable variable, then any extra state (Nadam's u_product).
   */
  getWeights(): Tensor[] {
    const out = [new Tensor(Int32Array.of(this.iterations), [])];
    if (this.schedule === null) out.push(new Tensor(Float32Array.of(this.rate), []));
    if (this.builtFor === null) return out;
    for (const variable of this.variables) {
      if (!variable.trainable) continue;
      const size = shapeSize(variable.shape);
      for (const slot of this.slotBuffers) {
        out.push(new Tensor(Float32Array.from(slot.subarray(variable.offset, variable.offset + size)), variable.shape));
      }
    }
    for (const value of this.getExtraState()) out.push(new Tensor(Float32Array.of(value), []));
    return out;
  }

  /** Names of getWeights() entries in the same order ('iteration', 'learning_rate', 'dense/kernel/momentum', …). */
  getWeightNames(): string[] {
    const names = this.schedule === null ? ['iteration', 'learning_rate'] : ['iteration'];
    for (const variable of this.variables) {
      if (variable.trainable) for (const slot of this.slotNames()) names.push(`${variable.name}/${slot}`);
    }
    if (this.builtFor !== null) names.push(...this.extraStateNames());
    return names;
  }

  /** Restores getWeights() output, so training resumes exactly (before build the values wait for build). */
  setWeights(weights: readonly Tensor[]): void {
    const lead = this.schedule === null ? 2 : 1;
    const leadNames = lead === 2 ? '[iterations, learning_rate]' : '[iterations]';
    if (weights.length < lead)
      throw new ValueError(`${this.className}.setWeights expects at least ${leadNames}, got ${weights.length} tensors`);
    if (this.builtFor === null && weights.length > lead) {
      this.pendingWeights = weights;
      this.iterations = Number(weights[0].data[0]);
      return;
    }
    const trainable = this.variables.filter((v) => v.trainable);
    const extras = this.builtFor === null ? 0 : this.extraStateNames().length;
    const expected = lead + trainable.length * this.slotBuffers.length + extras;
    if (weights.length !== expected) {
      const parts = [
        leadNames.slice(1, -1),
        `${this.slotNames().join('/')} per trainable variable`,
        ...this.extraStateNames(),
      ];
      throw new ValueError(
        `${this.className}.setWeights expects ${expected} tensors (${parts.join(', ')}), got ${weights.length}`,
      );
    }
    let k = lead;
    for (const variable of trainable) {
      for (const slot of this.slotBuffers) {
        const w = weights[k++];
        if (shapeSize(w.shape) !== shapeSize(variable.shape)) {
          throw new ShapeError(
            `${this.className} slot for '${variable.name}': expected shape ${formatShape(variable.shape)}, got ${formatShape(w.shape)}`,
          );
        }
        slot.set(w.data, variable.offset);
      }
    }
    if (extras > 0) this.setExtraState(weights.slice(k).map((w) => Number(w.data[0])));
    this.iterations = Number(weights[0].data[0]);
    if (lead === 2) this.rate = Number(weights[1].data[0]);
  }
}

/** [start, end) runs of consecutive trainable variables in the flat buffer. */
function trainableRuns(variables: readonly OptimizerVariable[]): [number, number][] {
  const runs: [number, number][] = [];
  for (const v of variables) {
    if (!v.trainable) continue;
    const end = v.offset + shapeSize(v.shape);
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === v.offset) last[1] = end;
    else runs.push([v.offset, end]);
  }
  return runs;
}

/** Throws unless value is a finite number > 0 (or ≥ 0 when zero is allowed). */
export function checkPositive(name: string, value: number, owner: string, allowZero = false): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (!allowZero && value === 0)) {
    throw new ValueError(
      `${owner} ${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${String(value)}`,
    );
  }
  return value;
}

/** Keras allows one of clipnorm, clipvalue and globalClipnorm at most. */
function checkOneClipping(owner: string, settings: ClipSettings): void {
  const { clipnorm, clipvalue, globalClipnorm } = settings;
  if ([clipnorm, clipvalue, globalClipnorm].filter((c) => c !== null).length > 1) {
    throw new ValueError(
      `${owner}: only one of \`clipnorm\`, \`clipvalue\` and \`globalClipnorm\` can be set. Received: clipnorm=${clipnorm}, clipvalue=${clipvalue}, globalClipnorm=${globalClipnorm}`,
    );
  }
}

/** null/undefined as null; otherwise the value, which must be a finite number >= 0. */
function optionalNonNegative(name: string, value: number | null | undefined, owner: string): number | null {
  return value === undefined || value === null ? null : checkPositive(name, value, owner, true);
}

/** Throws unless value is in [0, 1) (momentum and decay rates). */
export function checkRate(name: string, value: number, owner: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(`${owner} ${name} must be a number in [0, 1), got ${String(value)}`);
  }
  return value;
}
