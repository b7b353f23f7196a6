// One verified download (keras.utils.get_file without extraction): the body goes to a temporary file next to the
// destination and is renamed into place only when its size and MD5 match, so a failure leaves nothing behind.
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { FileFormatError, NablaError } from '../errors.ts';
import { temporaryPathFor } from './atomic-write.ts';
import { ByteProgressBar } from './progress-bar.ts';

/** A download that did not complete: no connection, an HTTP error status, a stalled or cut-off transfer. */
export class DownloadError extends NablaError {}

/** How to fetch and check one file. */
export interface DownloadOptions {
  /** Size in bytes the file must have. */
  expectedSize?: number;
  /** MD5 (hex) the file must have. */
  md5?: string;
  /** Give up when no connection is made within this time (default 3,000 ms). */
  connectTimeoutMs?: number;
  /** Give up when no byte arrives for this long once connected (default 20,000 ms). */
  idleTimeoutMs?: number;
  /** Draw a progress bar on stderr (default: when stderr is a terminal). */
  progress?: boolean;
  /** Called once the server has answered and the transfer begins (to print Keras's "Downloading data from"). */
  onStart?: (url: string) => void;
}

const MAX_REDIRECTS = 5;

/** Downloads `url` to `destination`, verifying size and MD5 before the file appears there. */
export async function downloadFile(url: string, destination: string, options: DownloadOptions = {}): Promise<void> {
  const temporary = temporaryPathFor(destination);
  // A timeout destroys the socket, and the stream then fails with a bare "aborted": keep the real reason.
  const stop: StopReason = {};
  let check: SizeAndDigest | undefined;
  try {
    const response = await openResponse(url, options, MAX_REDIRECTS, stop);
    const length = announcedLength(response);
    if (options.expectedSize !== undefined && length !== undefined && length !== options.expectedSize) {
      response.destroy();
      throw new FileFormatError(`${url}: the server announces ${length} bytes, expected ${options.expectedSize}`);
    }
    options.onStart?.(url);
    check = new SizeAndDigest(url, options, length);
    await pipeline(response, check, createWriteStream(temporary));
    check.verify();
    await rename(temporary, destination);
  } catch (error) {
    check?.abandonBar();
    await rm(temporary, { force: true });
    throw stop.reason ?? asDownloadError(url, error, check?.progressNote());
  }
}

interface StopReason {
  reason?: DownloadError;
}

function announcedLength(response: http.IncomingMessage): number | undefined {
  const header = response.headers['content-length'];
  return header === undefined ? undefined : Number(header);
}

/** Counts, hashes and bounds the bytes as they stream past; draws the progress bar. */
class SizeAndDigest extends Transform {
  private readonly hash = createHash('md5');
  private received = 0;
  private readonly bar: ByteProgressBar | undefined;

  constructor(
    private readonly url: string,
    private readonly options: DownloadOptions,
    private readonly contentLength: number | undefined,
  ) {
    super();
    const total = options.expectedSize ?? contentLength;
    const wantBar = options.progress ?? process.stderr.isTTY === true;
    this.bar = wantBar && total !== undefined ? new ByteProgressBar(process.stderr, total) : undefined;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.received += chunk.length;
    const limit = this.options.expectedSize ?? this.contentLength;
    if (limit !== undefined && this.received > limit) {
      done(new FileFormatError(`${this.url}: more than the expected ${limit} bytes arrived`));
      return;
    }
    this.hash.update(chunk);
    this.bar?.update(this.received);
    done(null, chunk);
  }

  /** Ends the progress bar's line after a failure. */
  abandonBar(): void {
    this.bar?.abandon();
  }

  /** How far the transfer got, for error messages. */
  progressNote(): string {
    const expected = this.options.expectedSize ?? this.contentLength;
    return `after ${this.received}${expected === undefined ? '' : ` of ${expected}`} bytes`;
  }

  /** Throws unless the whole body arrived and matches the expected size and MD5. */
  verify(): void {
    const expected = this.options.expectedSize ?? this.contentLength;
    if (expected !== undefined && this.received !== expected) {
      throw new FileFormatError(`${this.url}: truncated download: ${this.received} of ${expected} bytes arrived`);
    }
    const digest = this.hash.digest('hex');
    const md5 = this.options.md5?.toLowerCase();
    if (md5 !== undefined && digest !== md5) {
      throw new FileFormatError(`${this.url}: checksum mismatch: MD5 ${digest}, expected ${md5}`);
    }
  }
}

/** Sends the GET, follows redirects, and resolves with a 200 response (timeouts armed for the whole transfer). */
function openResponse(
  url: string,
  options: DownloadOptions,
  redirectsLeft: number,
  stop: StopReason,
): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const parsed = new URL(url);
    const client = parsed.protocol === 'https:' ? https : parsed.protocol === 'http:' ? http : undefined;
    if (client === undefined) {
      reject(new DownloadError(`${url}: only http and https URLs can be downloaded`));
      return;
    }
    const request = client.get(parsed, { headers: { 'user-agent': 'nabla' } }, (response) => {
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (status >= 300 && status < 400 && location !== undefined) {
        response.resume();
        request.destroy();
        if (redirectsLeft === 0) reject(new DownloadError(`${url}: too many redirects`));
        else openResponse(new URL(location, parsed).href, options, redirectsLeft - 1, stop).then(resolve, reject);
        return;
      }
      if (status !== 200) {
        response.resume();
        request.destroy();
        reject(
          new DownloadError(`${url}: HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`),
        );
        return;
      }
      resolve(response);
    });
    armTimeouts(request, url, options, stop);
    request.on('error', (error) => reject(asDownloadError(url, error)));
  });
}

function armTimeouts(request: http.ClientRequest, url: string, options: DownloadOptions, stop: StopReason): void {
  const connectMs = options.connectTimeoutMs ?? 3000;
  const idleMs = options.idleTimeoutMs ?? 20000;
  const giveUp = (reason: DownloadError): void => {
    stop.reason = reason;
    request.destroy(reason);
  };
  request.setTimeout(idleMs, () => giveUp(new DownloadError(`${url}: no data for ${idleMs} ms`)));
  request.on('socket', (socket) => {
    if (!socket.connecting) return;
    const timer = setTimeout(
      () => giveUp(new DownloadError(`${url}: no connection within ${connectMs} ms`)),
      connectMs,
    );
    socket.once('connect', () => clearTimeout(timer));
    socket.once('close', () => clearTimeout(timer));
  });
}

function asDownloadError(url: string, error: unknown, progress?: string): NablaError {
  if (error instanceof NablaError) return error;
  if (!(error instanceof Error)) return new DownloadError(`${url}: ${String(error)}`);
  const code = (error as NodeJS.ErrnoException).code;
  const message = code && !error.message.includes(code) ? `${code} ${error.message}` : error.message;
  return new DownloadError(`${url}: ${progress ? `connection lost ${progress} (${message})` : message}`);
}
