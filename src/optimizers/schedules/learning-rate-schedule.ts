// The base of the learning-rate schedules: a function of the optimizer's step count, with a Keras config.
// docs/optimizers.md lists the formulas.
import { ValueError } from '../../errors.ts';
import { checkOptions } from '../../options.ts';

/** A schedule config value: the numbers, flags and number lists Keras's schedule configs hold. */
export type ScheduleConfigValue = number | boolean | string | null | number[];

/** A schedule's hyper-parameters with camelCase keys (LearningRateSchedule.get_config). */
export type ScheduleConfig = { [key: string]: ScheduleConfigValue };

/** A serialized schedule: Keras class name plus camelCase config. */
export interface ScheduleSpec {
  className: string;
  config: ScheduleConfig;
}

/**
 * A learning rate that changes with the optimizer's step (keras.optimizers.schedules.LearningRateSchedule).
 * Pass one as an optimizer's `learningRate`; the optimizer evaluates it at its `iterations` before each update.
 */
export abstract class LearningRateSchedule {
  /** The Keras class name ('ExponentialDecay', …). */
  abstract readonly className: string;
  readonly name: string;

  protected constructor(name: string) {
    this.name = name;
  }

  /** The learning rate at `step` (the number of updates already applied). */
  abstract call(step: number): number;

  /** The hyper-parameters, camelCase (get_config). */
  abstract getConfig(): ScheduleConfig;

  /** The schedule as {className, config}, the form optimizer configs hold. */
  toSpec(): ScheduleSpec {
    return { className: this.className, config: this.getConfig() };
  }
}

/** Validates the options object of a schedule constructor: known keys, and the required ones present. */
export function checkScheduleOptions(
  owner: string,
  options: object,
  accepted: readonly string[],
  required: readonly string[],
): void {
  checkOptions(owner, options, accepted);
  const given = options as Record<string, unknown>;
  for (const key of required) {
    if (given[key] === undefined || given[key] === null) throw new ValueError(`${owner}: option '${key}' is required`);
  }
}

/** Throws unless value is a finite number (optionally > 0 or ≥ 0). */
export function scheduleNumber(
  owner: string,
  name: string,
  value: unknown,
  bound: 'any' | 'positive' | 'nonNegative' = 'any',
): number {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (bound === 'any' || (bound === 'positive' ? value > 0 : value >= 0));
  if (!ok) {
    const expected = bound === 'positive' ? ' > 0' : bound === 'nonNegative' ? ' >= 0' : '';
    throw new ValueError(`${owner}: argument \`${name}\` must be a finite number${expected}, got ${String(value)}`);
  }
  return value as number;
}

/** Throws unless value is a boolean. */
export function scheduleFlag(owner: string, name: string, value: unknown): boolean {
  if (typeof value !== 'boolean')
    throw new ValueError(`${owner}: argument \`${name}\` must be a boolean, got ${String(value)}`);
  return value;
}
