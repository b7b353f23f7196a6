// What the three chapter examples share: where they write files, and how to run them on a small subset.
//   NABLA_EXAMPLE_ROWS=2000 NABLA_EXAMPLE_EPOCHS=2 node --import tsx examples/ch17.ts
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from 'nabla';

/** Folder for pictures and saved models (plt.show() and model.save() write here); NABLA_EXAMPLE_OUT overrides it. */
export const OUT = process.env.NABLA_EXAMPLE_OUT ?? join('nabla-output', 'examples');
mkdirSync(OUT, { recursive: true });

/** A file in OUT. */
export function outFile(name: string): string {
  return join(OUT, name);
}

const ROWS = Number(process.env.NABLA_EXAMPLE_ROWS ?? 60000);
const MAX_EPOCHS = Number(process.env.NABLA_EXAMPLE_EPOCHS ?? Infinity);

/** The first NABLA_EXAMPLE_ROWS rows (all by default), to run an example quickly. */
export function subset(t: Tensor): Tensor {
  return t.shape[0]! > ROWS ? t.slice(0, ROWS) : t;
}

/** The tutorial's epoch count, capped by NABLA_EXAMPLE_EPOCHS for quick runs. */
export function epochs(n: number): number {
  return Math.min(n, MAX_EPOCHS);
}
