// The browser build's node:zlib (scripts/build-browser.mjs maps the import here): the one-shot functions the
// library calls, on fflate, so that gzip IDX bytes (datasets.parseIdx) and zip entries inflate in a page. The
// streaming ones need Node.js streams and throw.
import { deflateSync as rawDeflate, gunzipSync as gunzip, gzipSync as gzip, inflateSync as rawInflate } from 'fflate';
import { NablaError } from '../../errors.ts';

/** Node.js's limit on the inflated size, which fflate does not take: checked after. */
interface InflateOptions {
  maxOutputLength?: number;
}

function withinLimit(out: Uint8Array, options: InflateOptions | undefined): Uint8Array {
  const limit = options?.maxOutputLength;
  if (limit !== undefined && out.length > limit) {
    // Node.js's error for the same case, which callers recognise by its code.
    throw Object.assign(new RangeError(`Cannot create a Buffer larger than ${limit} bytes`), {
      code: 'ERR_BUFFER_TOO_LARGE',
    });
  }
  return out;
}

export function gunzipSync(bytes: Uint8Array, options?: InflateOptions): Uint8Array {
  return withinLimit(gunzip(bytes), options);
}

export function inflateRawSync(bytes: Uint8Array, options?: InflateOptions): Uint8Array {
  return withinLimit(rawInflate(bytes), options);
}

export function gzipSync(bytes: Uint8Array): Uint8Array {
  return gzip(bytes);
}

export function deflateRawSync(bytes: Uint8Array): Uint8Array {
  return rawDeflate(bytes);
}

export function createGunzip(): never {
  throw new NablaError(
    'node:zlib createGunzip is not available in the browser build of nabla: it reads files as streams',
  );
}
