import { ValueError } from '../errors.ts';
import { checkOptions } from '../options.ts';
import { Tensor } from '../tensor/tensor.ts';

/** Options of padSequences (keras.utils.pad_sequences). */
export interface PadSequencesOptions {
  /** Length of every output row (default: the longest sequence). */
  maxlen?: number;
  /** 'pre' (default) pads at the start, 'post' at the end. */
  padding?: 'pre' | 'post';
  /** Longer sequences lose values at the start ('pre', default) or at the end ('post'). */
  truncating?: 'pre' | 'post';
  /** The padding value (default 0). */
  value?: number;
  /** 'int32' (default) or 'float32'. */
  dtype?: 'int32' | 'float32';
}

/** Pads and truncates sequences to one length, as a [sequences, maxlen] tensor (keras.utils.pad_sequences). */
export function padSequences(
  sequences: readonly (readonly number[] | ArrayLike<number>)[],
  options: PadSequencesOptions = {},
): Tensor {
  checkOptions('padSequences', options, ['maxlen', 'padding', 'truncating', 'value', 'dtype']);
  const padding = options.padding ?? 'pre';
  const truncating = options.truncating ?? 'pre';
  for (const [key, value] of [
    ['padding', padding],
    ['truncating', truncating],
  ] as const) {
    if (value !== 'pre' && value !== 'post')
      throw new ValueError(`padSequences: ${key} must be 'pre' or 'post', got ${JSON.stringify(value)}`);
  }
  const dtype = options.dtype ?? 'int32';
  if (dtype !== 'int32' && dtype !== 'float32')
    throw new ValueError(`padSequences: dtype must be 'int32' or 'float32', got ${JSON.stringify(dtype)}`);
  const maxlen = options.maxlen ?? sequences.reduce((m, s) => Math.max(m, s.length), 0);
  if (!Number.isInteger(maxlen) || maxlen < 0)
    throw new ValueError(`padSequences: maxlen must be a non-negative integer, got ${String(options.maxlen)}`);
  const out =
    dtype === 'int32' ? new Int32Array(sequences.length * maxlen) : new Float32Array(sequences.length * maxlen);
  out.fill(options.value ?? 0);
  sequences.forEach((sequence, i) => {
    const kept = Math.min(sequence.length, maxlen);
    const from = truncating === 'pre' ? sequence.length - kept : 0;
    const to = padding === 'pre' ? maxlen - kept : 0;
    for (let k = 0; k < kept; k++) out[i * maxlen + to + k] = sequence[from + k];
  });
  return new Tensor(out, [sequences.length, maxlen]);
}
