// Python's str.format and float repr for the strings Keras callbacks produce (checkpoint file names such as
// `weights.{epoch:02d}-{val_loss:.2f}.h5`, CSV log values), so nabla writes the same names and numbers.
import { ValueError } from '../errors.ts';

/**
 * Formats `{key}` / `{key:spec}` fields from `values` the way Python's str.format does; `{{` and `}}` are braces.
 * Keras passes `epoch` and `batch` as Python ints and log values as floats, hence `integerKeys`.
 */
export function formatPythonTemplate(
  template: string,
  values: Record<string, number>,
  integerKeys: readonly string[] = ['epoch', 'batch'],
): string {
  return template.replace(
    /\{\{|\}\}|\{([^{}:!]*)(?::([^{}]*))?\}/g,
    (match, key: string | undefined, spec: string | undefined) => {
      if (match === '{{') return '{';
      if (match === '}}') return '}';
      if (key === undefined || !(key in values)) {
        throw new ValueError(
          `cannot format ${JSON.stringify(template)}: no value named '${key ?? ''}' (available: ${Object.keys(values).join(', ')})`,
        );
      }
      const value = values[key];
      if (!spec && integerKeys.includes(key) && Number.isInteger(value)) return String(value);
      return formatPythonNumber(value, spec ?? '', key);
    },
  );
}

const SPEC = /^(?:(.)?([<>=^]))?([+\- ])?(0)?(\d+)?(,)?(?:\.(\d+))?([deEfFgG%s])?$/;

/** One value under a Python format spec (fill/align, sign, zero padding, width, precision, d/e/f/g/% types). */
export function formatPythonNumber(value: number, spec: string, key = 'value'): string {
  const parsed = SPEC.exec(spec);
  if (parsed === null) throw new ValueError(`unsupported format spec '${spec}' for '${key}'`);
  const [, fill, align, sign = '-', zero, width, comma, precision, type] = parsed;
  let body = formatBody(value, type, precision === undefined ? undefined : Number(precision), key);
  if (comma) body = body.replace(/^(\d+)/, (d) => d.replace(/\B(?=(\d{3})+(?!\d))/g, ','));
  const negative = body.startsWith('-');
  const digits = negative ? body.slice(1) : body;
  const signText = negative ? '-' : sign === '+' ? '+' : sign === ' ' ? ' ' : '';
  return pad(signText, digits, Number(width ?? 0), zero ? '0' : (fill ?? ' '), zero && !align ? '=' : (align ?? '>'));
}

function formatBody(value: number, type: string | undefined, precision: number | undefined, key: string): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  switch (type) {
    case 'd':
      if (!Number.isInteger(value)) throw new ValueError(`format code 'd' needs an integer, but '${key}' is ${value}`);
      return String(value);
    case 'f':
    case 'F':
      return toFixed(value, precision ?? 6);
    case 'e':
    case 'E':
      return exponential(value, precision ?? 6, type);
    case 'g':
    case 'G':
      return general(value, precision ?? 6, type === 'G');
    case '%':
      return `${toFixed(value * 100, precision ?? 6)}%`;
    default:
      return precision === undefined ? pythonRepr(value) : general(value, precision, false, true);
  }
}

// Python rounds the exact binary value half-to-even; JavaScript's toFixed/toExponential round ties up.
function isExactTieToEven(digits: string, keep: number): boolean {
  const tail = digits.slice(keep);
  if (!/^50*$/.test(tail)) return false;
  const last = keep === 0 ? 0 : Number(digits[keep - 1]);
  return last % 2 === 0;
}

function toFixed(value: number, precision: number): string {
  if (Math.abs(value) >= 1e21) return value.toFixed(precision);
  const exact = Math.abs(value).toFixed(Math.min(100, precision + 30));
  const [whole, fraction] = exact.split('.');
  if (!isExactTieToEven(whole + fraction, whole.length + precision)) return value.toFixed(precision);
  const text = precision === 0 ? whole : `${whole}.${fraction.slice(0, precision)}`;
  return value < 0 ? `-${text}` : text;
}

function toExponential(value: number, precision: number): string {
  const exact = Math.abs(value).toExponential(Math.min(100, precision + 30));
  const [mantissa, exponent] = exact.split('e');
  const digits = mantissa.replace('.', '');
  if (!isExactTieToEven(digits, precision + 1)) return value.toExponential(precision);
  const text = `${digits[0]}${precision > 0 ? `.${digits.slice(1, precision + 1)}` : ''}e${exponent}`;
  return value < 0 ? `-${text}` : text;
}

function exponential(value: number, precision: number, type: string): string {
  const [mantissa, exponent] = toExponential(value, precision).split('e');
  const e = Number(exponent);
  const text = `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  return type === 'E' ? text.toUpperCase() : text;
}

// Python's 'g': fixed or scientific by the exponent, trailing zeros removed; without a type it keeps '.0'.
function general(value: number, precision: number, upper: boolean, keepPoint = false): string {
  const p = precision === 0 ? 1 : precision;
  if (value === 0) return keepPoint ? '0.0' : '0';
  const exponent = Number(toExponential(value, p - 1).split('e')[1]);
  let text: string;
  if (exponent >= -4 && exponent < p) {
    text = stripZeros(toFixed(value, p - 1 - exponent));
    if (keepPoint && !text.includes('.')) text += '.0';
  } else {
    const [m, e] = exponential(value, p - 1, 'e').split('e');
    text = `${stripZeros(m)}e${e}`;
  }
  return upper ? text.toUpperCase() : text;
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** Python's repr(float): the shortest round-trip digits, scientific below 1e-4 and from 1e16, '1.0' for whole numbers. */
export function pythonRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const [mantissa, exponentText] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    return `${mantissa}e${exponent < 0 ? '-' : '+'}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  const digits = mantissa.replace('-', '').replace('.', '');
  const negative = value < 0 ? '-' : '';
  if (exponent >= digits.length - 1) return `${negative}${digits}${'0'.repeat(exponent - digits.length + 1)}.0`;
  if (exponent >= 0) return `${negative}${digits.slice(0, exponent + 1)}.${digits.slice(exponent + 1)}`;
  return `${negative}0.${'0'.repeat(-exponent - 1)}${digits}`;
}

function pad(sign: string, digits: string, width: number, fill: string, align: string): string {
  const missing = width - sign.length - digits.length;
  if (missing <= 0) return sign + digits;
  const filler = fill.repeat(missing);
  switch (align) {
    case '=':
      return sign + filler + digits;
    case '<':
      return sign + digits + filler;
    case '^':
      return fill.repeat(Math.floor(missing / 2)) + sign + digits + fill.repeat(Math.ceil(missing / 2));
    default:
      return filler + sign + digits;
  }
}
