// An optimizer's state (iterations, learning rate, slots) as tf.keras names it in a legacy .h5 file, and back.
import { Tensor } from '../tensor/tensor.ts';
import type { Optimizer } from '../optimizers/optimizer.ts';
import type { WeightRecord } from './hdf5.ts';

// nabla (Keras 3) slot names → tf.keras >= 2.11 slot names, per optimizer class.
const TF_KERAS_SLOTS: Record<string, Record<string, string>> = {
  Adam: { momentum: 'm', velocity: 'v', velocity_hat: 'vhat' },
  AdamW: { momentum: 'm', velocity: 'v', velocity_hat: 'vhat' },
  SGD: { momentum: 'm' },
  RMSprop: { velocity: 'velocity', momentum: 'momentum', average_gradient: 'average_gradient' },
  Adagrad: { accumulator: 'accumulator' },
  Adamax: { momentum: 'm', norm: 'u' },
  Nadam: { momentum: 'm', velocity: 'v' },
  Adadelta: { accumulated_grad: 'accumulated_grad', accumulated_delta_var: 'accumulated_delta_var' },
  Lion: { momentum: 'm' },
  Ftrl: { accumulator: 'accumulator', linear: 'linear' },
};

// tf.keras <= 2.10 (legacy optimizers) spelled some slots differently.
const LEGACY_SLOTS: Record<string, string> = { rms: 'velocity', mg: 'average_gradient' };

// Keras creates slots in blocks: the slots of one block interleaved per variable, then the next block
// (Keras 3 `add_optimizer_variables`, tf.keras `add_variable_from_reference` loops). nabla keeps every slot of a
// variable together; files use Keras's order.
const SLOT_BLOCKS: Record<string, string[][]> = {
  Adam: [['momentum', 'velocity'], ['velocity_hat']],
  AdamW: [['momentum', 'velocity'], ['velocity_hat']],
  SGD: [['momentum']],
  RMSprop: [['velocity'], ['momentum'], ['average_gradient']],
  Adagrad: [['accumulator']],
};

/**
 * For each position in Keras's optimizer variable order, the index in `optimizer.getWeights()` (both start with
 * iterations and, unless the learning rate is a schedule, the learning rate; state that is not a slot, such as
 * Nadam's u_product, comes last in both).
 */
export function kerasOptimizerOrder(optimizer: Optimizer): number[] {
  const names = optimizer.getWeightNames();
  const lead = leadingCount(names);
  const slotCount = names.slice(lead).filter(isSlotName).length;
  const split = names.slice(lead, lead + slotCount).map((name) => {
    const slash = name.lastIndexOf('/');
    return { variable: name.slice(0, slash), slot: name.slice(slash + 1) };
  });
  const variables = [...new Set(split.map((s) => s.variable))];
  const slots = [...new Set(split.map((s) => s.slot))];
  const blocks = SLOT_BLOCKS[optimizer.className] ?? [slots];
  const order = names.slice(0, lead).map((_, i) => i);
  for (const block of [...blocks, slots.filter((s) => !blocks.flat().includes(s))]) {
    for (const variable of variables) {
      for (const slot of block) {
        const index = split.findIndex((s) => s.variable === variable && s.slot === slot);
        if (index >= 0) order.push(index + lead);
      }
    }
  }
  for (let i = lead + slotCount; i < names.length; i++) order.push(i);
  return order;
}

// Slot names are 'variable/slot'; the optimizer's own variables (iteration, learning_rate, u_product) have no '/'.
function isSlotName(name: string): boolean {
  return name.includes('/');
}

/** How many optimizer-level variables come before the slots: iteration, and learning_rate unless a schedule. */
function leadingCount(names: readonly string[]): number {
  return names[1] === 'learning_rate' ? 2 : 1;
}

/** The optimizer state as tf.keras 2.12 writes `/optimizer_weights`: `iteration:0`, then `Adam/m/dense/kernel:0`, … */
export function optimizerWeightsForTfKeras(optimizer: Optimizer): WeightRecord[] {
  const weights = optimizer.getWeights();
  const names = optimizer.getWeightNames();
  const slots = TF_KERAS_SLOTS[optimizer.className] ?? {};
  const records: WeightRecord[] = [
    { name: 'iteration:0', shape: [], data: BigInt64Array.of(BigInt(optimizer.iterations)) },
  ];
  for (const i of kerasOptimizerOrder(optimizer).slice(leadingCount(names))) {
    if (!isSlotName(names[i])) {
      records.push({
        name: `${optimizer.className}/${names[i]}:0`,
        shape: [],
        data: Float32Array.from(weights[i].data),
      });
      continue;
    }
    const slash = names[i].lastIndexOf('/');
    const variable = names[i].slice(0, slash);
    const slot = names[i].slice(slash + 1);
    records.push({
      name: `${optimizer.className}/${slots[slot] ?? slot}/${variable}:0`,
      shape: [...weights[i].shape],
      data: Float32Array.from(weights[i].data),
    });
  }
  return records;
}

/**
 * Orders the optimizer weights of a tf.keras .h5 file as `optimizer.setWeights` expects them (iterations,
 * learning rate, then the slots per variable), matching names in both tf.keras spellings. Returns null when
 * the stored state does not fit this optimizer (Keras then starts with a fresh optimizer too).
 */
export function optimizerStateFromTfKeras(optimizer: Optimizer, stored: readonly WeightRecord[]): Tensor[] | null {
  if (stored.length > 0 && stored.every((w) => UNNAMED.test(w.name)))
    return optimizerStateFromUnnamed(optimizer, stored);
  const iteration = stored.find((w) => /(^|\/)(iteration|iter):0$/.test(w.name));
  if (iteration === undefined) return null;
  const byKey = new Map<string, WeightRecord>();
  for (const record of stored) {
    const key = slotKey(optimizer.className, record.name);
    if (key !== null) byKey.set(key, record);
  }
  const names = optimizer.getWeightNames();
  const lead = leadingCount(names);
  const wanted = names.slice(lead).filter(isSlotName);
  const tensors = [new Tensor(Int32Array.of(Number(iteration.data[0])), [])];
  if (lead === 2) tensors.push(new Tensor(Float32Array.of(optimizer.learningRate), []));
  for (const name of wanted) {
    const record = byKey.get(name);
    if (record === undefined) return null;
    tensors.push(new Tensor(Float32Array.from(record.data as Float32Array), record.shape));
  }
  for (const extra of names.slice(lead + wanted.length)) {
    const record = stored.find((w) => w.name === `${optimizer.className}/${extra}:0`);
    if (record === undefined) return null;
    tensors.push(new Tensor(Float32Array.from(record.data as Float32Array), []));
  }
  return byKey.size === wanted.length ? tensors : null;
}

// 'Adam/m/dense/kernel:0' (tf.keras >= 2.11) or 'Adam/dense/kernel/m:0' (<= 2.10) → 'dense/kernel/momentum'.
function slotKey(className: string, name: string): string | null {
  const slots = TF_KERAS_SLOTS[className] ?? {};
  const toNabla = new Map(Object.entries(slots).map(([nabla, tf]) => [tf, nabla]));
  const parts = name.replace(/:0$/, '').split('/');
  if (parts.length < 3 || parts[0] !== className) return null;
  const modern = toNabla.get(parts[1]);
  if (modern !== undefined) return `${parts.slice(2).join('/')}/${modern}`;
  const last = parts[parts.length - 1];
  const legacy = toNabla.get(last) ?? LEGACY_SLOTS[last] ?? (last in slots ? last : undefined);
  return legacy === undefined ? null : `${parts.slice(1, -1).join('/')}/${legacy}`;
}

// Keras 2.0 to 2.2 (TensorFlow backend) left the optimizer's variables unnamed: `Variable:0`, `Variable_1:0`, …
const UNNAMED = /^Variable(_\d+)?:0$/;

/**
 * The state of a Keras 2.0–2.2 file, known by position only: an optional iterations scalar, then one block per
 * slot (Adadelta: the accumulators, then the delta accumulators), each holding every trainable variable sorted by
 * name, the order in which those versions collected them. Null unless every shape fits.
 */
function optimizerStateFromUnnamed(optimizer: Optimizer, stored: readonly WeightRecord[]): Tensor[] | null {
  const names = optimizer.getWeightNames();
  const current = optimizer.getWeights();
  const lead = leadingCount(names);
  const slotNames = names.slice(lead);
  if (!slotNames.every(isSlotName)) return null;
  const withIterations = stored.length === slotNames.length + 1;
  if (!withIterations && stored.length !== slotNames.length) return null;
  const split = slotNames.map((name) => ({
    variable: name.slice(0, name.lastIndexOf('/')),
    slot: name.slice(name.lastIndexOf('/') + 1),
  }));
  const variables = [...new Set(split.map((s) => s.variable))].sort();
  const slots = [...new Set(split.map((s) => s.slot))];
  const records = withIterations ? stored.slice(1) : stored;
  const byName = new Map<string, WeightRecord>();
  let k = 0;
  for (const slot of slots) for (const variable of variables) byName.set(`${variable}/${slot}`, records[k++]);
  const tensors = [new Tensor(Int32Array.of(withIterations ? Number(stored[0].data[0]) : 0), [])];
  if (lead === 2) tensors.push(new Tensor(Float32Array.of(optimizer.learningRate), []));
  for (let i = 0; i < slotNames.length; i++) {
    const record = byName.get(slotNames[i]);
    const shape = current[lead + i].shape;
    if (record === undefined || record.shape.length !== shape.length || record.shape.some((d, j) => d !== shape[j]))
      return null;
    tensors.push(new Tensor(Float32Array.from(record.data as Float32Array), record.shape));
  }
  return tensors;
}
