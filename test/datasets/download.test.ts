import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { type Socket, connect, createServer } from 'node:net';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileFormatError, type NablaError } from '../../src/errors.ts';
import { DownloadError, downloadFile } from '../../src/datasets/download.ts';
import { type LocalServer, redirect, serve, serveCutOff, serveShort, serveStall, startServer } from './local-server.ts';

const body = Uint8Array.from({ length: 50000 }, (_, i) => (i * 131 + 7) % 256);
const md5 = createHash('md5').update(body).digest('hex');
const other = Uint8Array.from(body, (v, i) => (i === 1234 ? v ^ 1 : v));
const longer = Uint8Array.from([...body, 1, 2, 3]);

let server: LocalServer;
let dir: string;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'nabla-download-'));
  server = await startServer({
    '/ok': serve(body),
    '/moved': redirect('/ok'),
    '/cut': serveCutOff(body, 20000),
    '/short': serveShort(body, 30000),
    '/longer': serveShort(longer, longer.length),
    '/other': serve(other),
    '/stall': serveStall(body),
  });
});

after(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const expected = { expectedSize: body.length, md5, progress: false };

/** Asserts the download rejects with `kind` and a message containing `fragment`, and that it left no file at all. */
async function assertFails(path: string, name: string, kind: typeof NablaError, fragment: RegExp): Promise<void> {
  const destination = join(dir, name);
  await assert.rejects(downloadFile(`${server.origin}${path}`, destination, expected), (error: unknown) => {
    assert.ok(error instanceof kind, `expected ${kind.name}, got ${String(error)}`);
    assert.match((error as Error).message, fragment);
    assert.match((error as Error).message, new RegExp(path));
    return true;
  });
  assert.equal(existsSync(destination), false, `${name} must not exist after a failed download`);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes(name)),
    [],
    'no temporary file left behind',
  );
}

test('a good download arrives whole, verified, and announces its start once', async () => {
  const started: string[] = [];
  const destination = join(dir, 'good.gz');
  await downloadFile(`${server.origin}/ok`, destination, { ...expected, onStart: (url) => started.push(url) });
  assert.deepEqual(new Uint8Array(readFileSync(destination)), body);
  assert.deepEqual(started, [`${server.origin}/ok`]);
});

test('redirects are followed', async () => {
  const destination = join(dir, 'moved.gz');
  await downloadFile(`${server.origin}/moved`, destination, expected);
  assert.deepEqual(new Uint8Array(readFileSync(destination)), body);
});

test('HTTP 404 fails with a DownloadError', async () => {
  await assertFails('/missing', 'missing.gz', DownloadError, /HTTP 404/);
});

test('a connection dropped mid-body fails and leaves nothing', async () => {
  await assertFails('/cut', 'cut.gz', DownloadError, /connection lost after \d+ of 50000 bytes/);
});

test('a body that ends early without Content-Length is reported as truncated', async () => {
  await assertFails('/short', 'short.gz', FileFormatError, /truncated download: 30000 of 50000 bytes/);
});

test('a body longer than expected is refused', async () => {
  await assertFails('/longer', 'longer.gz', FileFormatError, /more than the expected 50000 bytes/);
});

test('the right size with the wrong content fails the MD5 check', async () => {
  await assertFails('/other', 'other.gz', FileFormatError, new RegExp(`checksum mismatch.*expected ${md5}`));
});

test('a server announcing the wrong length is refused before any byte is written', async () => {
  const destination = join(dir, 'announced.gz');
  await assert.rejects(
    downloadFile(`${server.origin}/ok`, destination, { ...expected, expectedSize: 49999 }),
    /announces 50000 bytes, expected 49999/,
  );
  assert.equal(existsSync(destination), false);
});

test('a stalled transfer times out quickly', async () => {
  const destination = join(dir, 'stall.gz');
  const started = Date.now();
  await assert.rejects(
    downloadFile(`${server.origin}/stall`, destination, { ...expected, idleTimeoutMs: 200 }),
    (error: unknown) => error instanceof DownloadError && /no data for 200 ms/.test(error.message),
  );
  assert.ok(Date.now() - started < 3000, 'the timeout must fire promptly');
  assert.equal(existsSync(destination), false);
  assert.deepEqual(
    readdirSync(dir).filter((f) => f.includes('stall')),
    [],
  );
});

test('a connection that is never accepted hits the connect timeout', async () => {
  // A child process listens with a backlog of 1 and then blocks its event loop (for 10 s at most), so it never
  // accepts: once a few connections fill the kernel's queue, the next connect hangs, as with a dead host.
  const child = spawn(process.execPath, ['-e', BLOCKED_LISTENER], { stdio: ['ignore', 'pipe', 'inherit'] });
  const fillers: Socket[] = [];
  try {
    const port = await new Promise<number>((resolve) => child.stdout.once('data', (d) => resolve(Number(String(d)))));
    for (let i = 0; i < 8; i++) fillers.push(connect(port, '127.0.0.1').on('error', () => {}));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const started = Date.now();
    await assert.rejects(
      downloadFile(`http://127.0.0.1:${port}/x.gz`, join(dir, 'x.gz'), {
        ...expected,
        connectTimeoutMs: 300,
        idleTimeoutMs: 2000,
      }),
      (error: unknown) => error instanceof DownloadError && /no connection within 300 ms/.test(error.message),
    );
    assert.ok(Date.now() - started < 3000, 'the connect timeout must fire promptly');
    assert.equal(existsSync(join(dir, 'x.gz')), false);
  } finally {
    for (const socket of fillers) socket.destroy();
    child.kill();
  }
});

const BLOCKED_LISTENER = `
const server = require('node:net').createServer();
server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
  process.stdout.write(String(server.address().port)); // synchronous on a pipe
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10000);
});`;

test('a refused connection fails at once with a DownloadError', async () => {
  const port = await closedPort();
  const started = Date.now();
  await assert.rejects(
    downloadFile(`http://127.0.0.1:${port}/x.gz`, join(dir, 'x.gz'), expected),
    (error: unknown) => error instanceof DownloadError && /ECONNREFUSED/.test(error.message),
  );
  assert.ok(Date.now() - started < 3000);
});

test('only http and https URLs are accepted', async () => {
  await assert.rejects(downloadFile('ftp://127.0.0.1/x.gz', join(dir, 'ftp.gz'), expected), DownloadError);
});

/** A loopback port with nothing listening (bound, then released). */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}
