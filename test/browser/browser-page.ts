// Serves files over http://127.0.0.1 (a node:http server on a random port) and opens pages in headless Chromium
// (Debian's /usr/bin/chromium through playwright-core). Test helper for the browser build and its demo.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname } from 'node:path';
import { chromiumSkipReason } from '../helpers/chromium.ts';

export { withChromium } from '../helpers/chromium.ts';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.bin': 'application/octet-stream',
  '.json': 'application/json',
};

/** Why the browser tests cannot run here, or undefined when they can. */
export function browserSkipReason(): string | undefined {
  return chromiumSkipReason('the browser build is not tested');
}

/** A static server: URL path → file on disk, or text. */
export interface StaticServer {
  url: string;
  close(): Promise<void>;
}

export async function serveFiles(
  routes: Record<string, string | { text: string; type: string }>,
): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const route = routes[path];
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    const body = typeof route === 'string' ? readFileSync(route) : route.text;
    const type = typeof route === 'string' ? (CONTENT_TYPES[extname(route)] ?? 'application/octet-stream') : route.type;
    response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
