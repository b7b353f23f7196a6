// Schedules from their serialized form ({className, config}) and to and from the Keras JSON that optimizer
// configs hold: {"module": "keras.optimizers.schedules", "class_name": ..., "config": {snake_case}}.
import { ValueError } from '../../errors.ts';
import { toCamelCase } from '../../options.ts';
import { CosineDecay } from './cosine-decay.ts';
import { CosineDecayRestarts } from './cosine-decay-restarts.ts';
import { ExponentialDecay } from './exponential-decay.ts';
import { InverseTimeDecay } from './inverse-time-decay.ts';
import {
  type ScheduleConfig,
  type ScheduleConfigValue,
  type ScheduleSpec,
  LearningRateSchedule,
} from './learning-rate-schedule.ts';
import { PiecewiseConstantDecay } from './piecewise-constant-decay.ts';
import { PolynomialDecay } from './polynomial-decay.ts';

type Factory = (config: ScheduleConfig) => LearningRateSchedule;

// Configs come from getConfig() (camelCase); each constructor checks its own keys.
const FACTORIES: Record<string, Factory> = {
  ExponentialDecay: (c) => new ExponentialDecay(c as unknown as ConstructorParameters<typeof ExponentialDecay>[0]),
  PiecewiseConstantDecay: (c) =>
    new PiecewiseConstantDecay(c as unknown as ConstructorParameters<typeof PiecewiseConstantDecay>[0]),
  PolynomialDecay: (c) => new PolynomialDecay(c as unknown as ConstructorParameters<typeof PolynomialDecay>[0]),
  InverseTimeDecay: (c) => new InverseTimeDecay(c as unknown as ConstructorParameters<typeof InverseTimeDecay>[0]),
  CosineDecay: (c) => new CosineDecay(c as unknown as ConstructorParameters<typeof CosineDecay>[0]),
  CosineDecayRestarts: (c) =>
    new CosineDecayRestarts(c as unknown as ConstructorParameters<typeof CosineDecayRestarts>[0]),
};

/** The schedule class names nabla implements. */
export const SCHEDULE_CLASSES = Object.keys(FACTORIES);

/** Whether a value is a serialized schedule ({className, config}). */
export function isScheduleSpec(value: unknown): value is ScheduleSpec {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as ScheduleSpec).className === 'string' &&
    !(value instanceof LearningRateSchedule)
  );
}

/** A schedule instance, or one rebuilt from {className, config} (keras.optimizers.schedules.deserialize). */
export function getSchedule(identifier: LearningRateSchedule | ScheduleSpec): LearningRateSchedule {
  if (identifier instanceof LearningRateSchedule) return identifier;
  const factory = FACTORIES[identifier.className];
  if (factory === undefined) {
    throw new ValueError(
      `unknown learning rate schedule '${identifier.className}': expected one of ${SCHEDULE_CLASSES.join(', ')}`,
    );
  }
  // Nulls stand for defaults (Keras writes warmup_target: null).
  const config = Object.fromEntries(Object.entries(identifier.config ?? {}).filter(([, v]) => v !== null));
  return factory(config);
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The Keras JSON of a schedule spec (serialize_keras_object's form). */
export function scheduleSpecToKeras(spec: ScheduleSpec): { [key: string]: Json } {
  const config: { [key: string]: Json } = {};
  for (const [key, value] of Object.entries(spec.config)) config[toSnakeCase(key)] = value;
  return { module: 'keras.optimizers.schedules', class_name: spec.className, config, registered_name: null };
}

/** A schedule spec from the Keras JSON of a schedule (any of nabla's schedules; others are refused). */
export function scheduleSpecFromKeras(keras: { [key: string]: unknown }, where: string): ScheduleSpec {
  const className = keras.class_name;
  if (typeof className !== 'string' || !SCHEDULE_CLASSES.includes(className)) {
    throw new ValueError(
      `${where}: learning rate schedule ${JSON.stringify(className)} is not supported by nabla (expected one of ${SCHEDULE_CLASSES.join(', ')})`,
    );
  }
  const stored =
    typeof keras.config === 'object' && keras.config !== null ? (keras.config as { [key: string]: unknown }) : {};
  const config: ScheduleConfig = {};
  for (const [key, value] of Object.entries(stored)) config[toCamelCase(key)] = value as ScheduleConfigValue;
  return { className, config };
}

/** camelCase → snake_case ('tMul' → 't_mul'). */
function toSnakeCase(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}
