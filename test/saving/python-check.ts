// Runs test/fixtures/saving/check_keras_h5.py with Debian's Python (numpy + h5py), when it is there.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const PYTHON = '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../fixtures/saving/check_keras_h5.py', import.meta.url));

/** Why the Python check cannot run here (for node:test's skip), or false when it can. */
export function pythonCheckUnavailable(): string | false {
  if (!existsSync(PYTHON))
    return `${PYTHON} not found: install python3, python3-numpy and python3-h5py to compare files with Keras's reader`;
  const probe = spawnSync(PYTHON, ['-c', 'import h5py, numpy'], { encoding: 'utf8' });
  if (probe.status !== 0)
    return `h5py is not installed for ${PYTHON} (apt-get install python3-h5py): ${probe.stderr.trim().split('\n').pop()}`;
  return false;
}

/** Runs the checker; returns its exit status and printed report. */
export function runKerasCheck(
  kind: 'h5_model' | 'h5_weights' | 'keras',
  file: string,
  reference: string,
  expectedJson?: string,
) {
  const args = [SCRIPT, kind, file, reference, ...(expectedJson ? [expectedJson] : [])];
  const result = spawnSync(PYTHON, args, { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}
