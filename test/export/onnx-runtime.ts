// Runs exported ONNX files: onnxruntime-node for the outputs, and Debian's python3-onnx for onnx.checker.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import ort from 'onnxruntime-node';

const PYTHON = '/usr/bin/python3';

/** Why onnx.checker cannot run here (for node:test's skip), or false when it can. */
export function onnxCheckerUnavailable(): string | false {
  if (!existsSync(PYTHON)) return `${PYTHON} not found: install python3-onnx to check exported files with onnx.checker`;
  const probe = spawnSync(PYTHON, ['-c', 'import onnx'], { encoding: 'utf8' });
  if (probe.status !== 0) return `onnx is not installed for ${PYTHON} (apt-get install python3-onnx)`;
  return false;
}

// full_check also runs ONNX's shape inference over the graph.
const CHECK = 'import onnx, sys; m = onnx.load(sys.argv[1]); onnx.checker.check_model(m, full_check=True); print("ok")';

/** Runs onnx.checker.check_model on a file; returns its exit status and output. */
export function checkOnnxFile(path: string): { status: number | null; output: string } {
  const result = spawnSync(PYTHON, ['-c', CHECK, path], { encoding: 'utf8' });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** The model's one output for a float32 input of `dims`, computed by onnxruntime. */
export async function runOnnx(
  bytes: Uint8Array,
  input: Float32Array,
  dims: readonly number[],
): Promise<{ data: Float32Array; dims: readonly number[] }> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const results = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', input, [...dims]) });
    const output = results[session.outputNames[0]];
    return { data: output.data as Float32Array, dims: output.dims };
  } finally {
    await session.release();
  }
}

/** Every output of the model for float32 inputs in the graph's input order, computed by onnxruntime. */
export async function runOnnxFeeds(
  bytes: Uint8Array,
  inputs: readonly { data: Float32Array; dims: readonly number[] }[],
): Promise<{ name: string; data: Float32Array; dims: readonly number[] }[]> {
  const session = await ort.InferenceSession.create(bytes);
  try {
    const tensors = Object.fromEntries(
      inputs.map(({ data, dims }, i) => [session.inputNames[i], new ort.Tensor('float32', data, [...dims])]),
    );
    const results = await session.run(tensors);
    return session.outputNames.map((name) => ({
      name,
      data: results[name].data as Float32Array,
      dims: results[name].dims,
    }));
  } finally {
    await session.release();
  }
}
