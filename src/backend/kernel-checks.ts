import { ShapeError, ValueError } from '../errors.ts';
import type { ActivationName } from './backend.ts';

/** Throws a ShapeError unless `array` holds at least `needed` elements (a kernel must never run off the end). */
export function checkLength(kernel: string, name: string, array: ArrayLike<number>, needed: number): void {
  if (array.length < needed) {
    throw new ShapeError(`${kernel}: ${name} has ${array.length} elements, expected at least ${needed}`);
  }
}

/** Throws a ValueError unless every size is a non-negative integer (the fast test first: it runs per call). */
export function checkSizes(kernel: string, names: string, ...sizes: number[]): void {
  for (let i = 0; i < sizes.length; i++) {
    const value = sizes[i];
    if (!(value >= 0 && Number.isInteger(value))) {
      throw new ValueError(`${kernel}: ${names.split(',')[i].trim()} must be a non-negative integer, got ${value}`);
    }
  }
}

const ACTIVATION_IDS: Readonly<Record<ActivationName, number>> = {
  linear: 0,
  relu: 1,
  sigmoid: 2,
  tanh: 3,
  softmax: 4,
  elu: 5,
  selu: 6,
  gelu: 7,
  silu: 8,
  leaky_relu: 9,
  relu6: 10,
  softplus: 11,
  softsign: 12,
  hard_sigmoid: 13,
  hard_silu: 14,
  exponential: 15,
  mish: 16,
  log_softmax: 17,
};

/** Activations whose derivative is not a function of their output: their gradient reads the pre-activation. */
const NEEDS_PRE_ACTIVATION: ReadonlySet<ActivationName> = new Set<ActivationName>([
  'gelu',
  'silu',
  'mish',
  'hard_silu',
]);

/** Whether activationGrad needs the pre-activation x for this activation (gelu, silu, mish, hard_silu). */
export function needsPreActivation(name: ActivationName): boolean {
  return NEEDS_PRE_ACTIVATION.has(name);
}

/** Throws a ValueError when an activation that needs its pre-activation got none. */
export function checkPreActivation(
  kernel: string,
  name: ActivationName,
  x: Float32Array | null | undefined,
  size: number,
): void {
  if (!needsPreActivation(name)) return;
  if (x === null || x === undefined) {
    throw new ValueError(`${kernel}: activation '${name}' needs the pre-activation x, got none`);
  }
  checkLength(kernel, 'x', x, size);
}

/** The kernel id of an activation (the order assembly/activation.ts uses); unknown names are a ValueError. */
export function activationId(name: ActivationName): number {
  const id = Object.hasOwn(ACTIVATION_IDS, name) ? ACTIVATION_IDS[name] : undefined;
  if (id === undefined) {
    const valid = Object.keys(ACTIVATION_IDS)
      .map((a) => `'${a}'`)
      .join(', ');
    throw new ValueError(`unknown activation '${String(name)}': expected one of ${valid}`);
  }
  return id;
}

/** Throws a ValueError when momentum is on but no momentum buffer was given. */
export function checkMomentumBuffer(kernel: string, momentum: number, buffer: Float32Array | null): void {
  if (momentum > 0 && buffer === null) {
    throw new ValueError(`${kernel}: momentum ${momentum} > 0 needs a momentum buffer, got null`);
  }
}

/** Throws a ValueError naming the first label outside [0, cols). */
export function checkLabels(labels: Int32Array, rows: number, cols: number): void {
  for (let i = 0; i < rows; i++) {
    const label = labels[i];
    if (!(label >= 0 && label < cols)) {
      throw new ValueError(
        `label ${label} at row ${i} is outside [0, ${cols}): expected integer class ids 0..${cols - 1}`,
      );
    }
  }
}
