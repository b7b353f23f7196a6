// Where the Keras files written by Python Keras live (outside the repository; tests skip without them).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The shared folder of Keras fixture files, ../shared/fixtures/keras from the repository root. */
export const KERAS_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/keras/', import.meta.url));

/** A skip reason for node:test when the fixture folder is absent, else false. */
export const skipWithoutFixtures: string | false = existsSync(KERAS_FIXTURES)
  ? false
  : `Keras fixture folder ${KERAS_FIXTURES} not found (it lives next to the repository, see the issue text)`;

/** The contents of a `<name>.expected.json` file. */
export interface ExpectedOutputs {
  model_file: string;
  input_shape: number[];
  inputs: unknown[];
  outputs: number[][];
  argmax: number[];
}

/** Reads `<name>.expected.json` from the fixture folder. */
export function readExpected(name: string): ExpectedOutputs {
  return JSON.parse(readFileSync(`${KERAS_FIXTURES}${name}.expected.json`, 'utf8')) as ExpectedOutputs;
}
