import type { Backend } from '../backend/backend.ts';
import { getBackend } from '../backend/index.ts';
import { ShapeError, ValueError, formatShape } from '../errors.ts';
import { Tensor, shapeSize } from '../tensor/tensor.ts';

/** Options every optimizer accepts (keras.optimizers.Optimizer keyword arguments). */
export interface OptimizerOptions {
  learningRate?: number;
  name?: string;
}

/** One model variable as the optimizer sees it: where it lives in the flat parameter buffer. */
export interface OptimizerVariable {
  /** The variable path, e.g. 'dense/kernel'. */
  name: string;
  shape: readonly number[];
  /** Offset of its first value in the flat buffer. */
  offset: number;
  trainable: boolean;
}

/** An optimizer hyper-parameter config (camelCase Keras get_config). */
export type OptimizerConfig = { [key: string]: number | boolean | string | null };

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
  private rate: number;
  private variables: OptimizerVariable[] = [];
  private slotBuffers: Float32Array[] = [];
  private ranges: UpdateRange[] = [];
  private pendingWeights: readonly Tensor[] | null = null;
  private builtFor: Float32Array | null = null;
  private builtLayout = '';

  protected constructor(className: string, defaultName: string, defaultLearningRate: number, options: OptimizerOptions) {
    this.className = className;
    this.name = options.name ?? defaultName;
    this.rate = checkPositive('learningRate', options.learningRate ?? defaultLearningRate, className, true);
  }

  /** The learning rate; callbacks such as ReduceLROnPlateau change it between steps. */
  get learningRate(): number {
    return this.rate;
  }

  set learningRate(value: number) {
    this.rate = checkPositive('learningRate', value, this.className, true);
  }

  /** Keras slot names in creation order per variable (Adam: ['momentum', 'velocity']). */
  protected abstract slotNames(): string[];

  /** The starting value of a slot (Adagrad's accumulator starts at initialAccumulatorValue). */
  protected initialSlotValue(_slot: string): number {
    return 0;
  }

  /** Applies one update to a contiguous trainable range; `t` is iterations + 1. */
  protected abstract updateRange(backend: Backend, range: UpdateRange, t: number): void;

  /** The optimizer's own hyper-parameters (merged into getConfig). */
  protected abstract ownConfig(): OptimizerConfig;

  /** Whether the optimizer holds slots for a model's flat buffers (Optimizer.build). */
  get built(): boolean {
    return this.builtFor !== null;
  }

  /** Creates the slot buffers for the model's variables, laid out like `params` (Optimizer.build). */
  build(variables: readonly OptimizerVariable[], params: Float32Array, grads: Float32Array, backend: Backend = getBackend()): void {
    const layout = variables.map((v) => `${v.offset}:${v.trainable ? 1 : 0}`).join(',');
    if (this.builtFor === params && this.builtLayout === layout) return;
    this.builtLayout = layout;
    this.variables = variables.map((v) => ({ ...v, shape: [...v.shape] }));
    this.slotBuffers = this.slotNames().map((slot) => {
      const buffer = backend.allocFloat32(params.length);
      buffer.fill(this.initialSlotValue(slot));
      return buffer;
    });
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

  /** Applies the gradients in the flat gradient buffer to the flat parameters (apply_gradients). */
  applyGradients(backend: Backend = getBackend()): void {
    if (this.builtFor === null) throw new ValueError(`${this.className} optimizer is not built: compile and build the model first`);
    const t = this.iterations + 1;
    for (const range of this.ranges) this.updateRange(backend, range, t);
    this.iterations = t;
  }

  /** The hyper-parameters with camelCase keys (Optimizer.get_config). */
  getConfig(): OptimizerConfig {
    return {
      name: this.name,
      learningRate: this.rate,
      weightDecay: null,
      clipnorm: null,
      globalClipnorm: null,
      clipvalue: null,
      useEma: false,
      emaMomentum: 0.99,
      emaOverwriteFrequency: null,
      ...this.ownConfig(),
    };
  }

  /** The optimizer variables in Keras 3 order: iterations, learning_rate, then slots interleaved per trainable variable. */
  getWeights(): Tensor[] {
    const out = [new Tensor(Int32Array.of(this.iterations), []), new Tensor(Float32Array.of(this.rate), [])];
    if (this.builtFor === null) return out;
    for (const variable of this.variables) {
      if (!variable.trainable) continue;
      const size = shapeSize(variable.shape);
      for (const slot of this.slotBuffers) {
        out.push(new Tensor(Float32Array.from(slot.subarray(variable.offset, variable.offset + size)), variable.shape));
      }
    }
    return out;
  }

  /** Names of getWeights() entries in the same order ('iteration', 'learning_rate', 'dense/kernel/momentum', …). */
  getWeightNames(): string[] {
    const names = ['iteration', 'learning_rate'];
    for (const variable of this.variables) {
      if (variable.trainable) for (const slot of this.slotNames()) names.push(`${variable.name}/${slot}`);
    }
    return names;
  }

  /** Restores getWeights() output, so training resumes exactly (before build the values wait for build). */
  setWeights(weights: readonly Tensor[]): void {
    if (weights.length < 2) throw new ValueError(`${this.className}.setWeights expects at least [iterations, learning_rate], got ${weights.length} tensors`);
    if (this.builtFor === null && weights.length > 2) {
      this.pendingWeights = weights;
      this.iterations = Number(weights[0].data[0]);
      return;
    }
    const trainable = this.variables.filter((v) => v.trainable);
    const expected = 2 + trainable.length * this.slotBuffers.length;
    if (weights.length !== expected) {
      throw new ValueError(`${this.className}.setWeights expects ${expected} tensors (iterations, learning_rate, ${this.slotNames().join('/')} per trainable variable), got ${weights.length}`);
    }
    let k = 2;
    for (const variable of trainable) {
      for (const slot of this.slotBuffers) {
        const w = weights[k++];
        if (shapeSize(w.shape) !== shapeSize(variable.shape)) {
          throw new ShapeError(`${this.className} slot for '${variable.name}': expected shape ${formatShape(variable.shape)}, got ${formatShape(w.shape)}`);
        }
        slot.set(w.data, variable.offset);
      }
    }
    this.iterations = Number(weights[0].data[0]);
    this.rate = Number(weights[1].data[0]);
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
    throw new ValueError(`${owner} ${name} must be a finite number ${allowZero ? '>= 0' : '> 0'}, got ${String(value)}`);
  }
  return value;
}

/** Throws unless value is in [0, 1) (momentum and decay rates). */
export function checkRate(name: string, value: number, owner: string): number {
  if (typeof value !== 'number' || !(value >= 0 && value < 1)) {
    throw new ValueError(`${owner} ${name} must be a number in [0, 1), got ${String(value)}`);
  }
  return value;
}
