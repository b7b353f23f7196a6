// The models of the nested-model saving tests (and of the script that saves them for the layout fixture).
import { Add } from '../../src/layers/merge/elementwise-merge.ts';
import { Dense } from '../../src/layers/dense.ts';
import { Input } from '../../src/layers/input.ts';
import { clearSession } from '../../src/layers/naming.ts';
import { Model } from '../../src/models/functional.ts';
import { Sequential } from '../../src/models/sequential.ts';

/**
 * inputs(5) → block: Sequential[Dense(6, relu), Dense(4)] → base: Model(Input(4) → Dense(4, tanh)) called twice
 * (base(block), base(base(block))) → Add → Dense(2). Names are fixed, so the saved layout is too.
 */
export function functionalWithNestedModels(): { model: Model; block: Sequential; base: Model } {
  clearSession();
  const block = new Sequential(
    [new Dense(6, { activation: 'relu', seed: 1, name: 'block_hidden' }), new Dense(4, { seed: 2, name: 'block_out' })],
    { name: 'block' },
  );
  const baseInput = Input({ shape: [4], name: 'base_input' });
  const base = new Model({
    inputs: baseInput,
    outputs: new Dense(4, { activation: 'tanh', seed: 3, name: 'base_dense' }).apply(baseInput),
    name: 'base',
  });
  const inputs = Input({ shape: [5], name: 'features' });
  const first = base.apply(block.apply(inputs));
  const second = base.apply(first);
  const outputs = new Dense(2, { seed: 4, name: 'head' }).apply(new Add({ name: 'sum' }).apply([first, second]));
  return { model: new Model({ inputs, outputs, name: 'outer' }), block, base };
}

/** Sequential[base: Model(Input(4) → Dense(3, relu)), Dense(2)]: a functional model inside a Sequential. */
export function sequentialWithFunctional(): Sequential {
  clearSession();
  const baseInput = Input({ shape: [4], name: 'base_input' });
  const base = new Model({
    inputs: baseInput,
    outputs: new Dense(3, { activation: 'relu', seed: 5, name: 'base_dense' }).apply(baseInput),
    name: 'base',
  });
  return new Sequential([Input({ shape: [4], name: 'seq_input' }), base, new Dense(2, { seed: 6, name: 'head' })], {
    name: 'stack',
  });
}
