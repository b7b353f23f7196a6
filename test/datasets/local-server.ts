// A throw-away HTTP server on 127.0.0.1 for download tests: each route says how to misbehave.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type Route = (request: IncomingMessage, response: ServerResponse) => void;

export interface LocalServer {
  /** `http://127.0.0.1:<port>` */
  readonly origin: string;
  /** How many requests each path received. */
  readonly hits: Map<string, number>;
  close(): Promise<void>;
}

/** Starts a server answering `routes` (404 for any other path) on an ephemeral loopback port. */
export async function startServer(routes: Record<string, Route>): Promise<LocalServer> {
  const hits = new Map<string, number>();
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const route = routes[path];
    if (route === undefined) {
      response.writeHead(404).end('not found');
      return;
    }
    route(request, response);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise<void>((resolve) => {
        // Stalled routes keep their sockets open; end them so the server can close.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Serves `body` whole with its Content-Length. */
export function serve(body: Uint8Array): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-length': body.length });
    response.end(body);
  };
}

/** Announces the full length, sends the first `sent` bytes, then drops the connection. */
export function serveCutOff(body: Uint8Array, sent: number): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-length': body.length });
    response.write(body.subarray(0, sent), () => response.socket?.destroy());
  };
}

/** Sends the first `sent` bytes without a Content-Length and ends cleanly (the server "finishes" early). */
export function serveShort(body: Uint8Array, sent: number): Route {
  return (_request, response) => {
    response.writeHead(200);
    response.end(body.subarray(0, sent));
  };
}

/** Sends headers and a few bytes, then nothing more (until the server closes). */
export function serveStall(body: Uint8Array): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-length': body.length });
    response.write(body.subarray(0, 4));
  };
}

/** Redirects to `location`. */
export function redirect(location: string): Route {
  return (_request, response) => {
    response.writeHead(302, { location });
    response.end();
  };
}
