// Serves the live demo on http://127.0.0.1 (`npm run demo`, which builds the browser bundle first): the page, its
// scripts, the Fashion-MNIST subset and dist/browser/nabla.js as ./nabla.js. PORT=n picks the port (default 8080).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const DEFAULT_BUNDLE = join(here, '..', '..', 'dist', 'browser', 'nabla.js');

/** URL path → [file, content type]. */
function demoRoutes(bundle) {
  const script = 'text/javascript; charset=utf-8';
  return {
    '/': [join(here, 'index.html'), 'text/html; charset=utf-8'],
    '/index.html': [join(here, 'index.html'), 'text/html; charset=utf-8'],
    '/demo.js': [join(here, 'demo.js'), script],
    '/chart.js': [join(here, 'chart.js'), script],
    '/nabla.js': [bundle, script],
    // Unzipped by the page itself: no Content-Encoding.
    '/fashion-mnist-subset.bin.gz': [join(here, 'fashion-mnist-subset.bin.gz'), 'application/octet-stream'],
  };
}

/** Starts the demo's server; port 0 takes a free one. */
export async function serveDemo({ port = 8080, bundle = DEFAULT_BUNDLE } = {}) {
  const routes = demoRoutes(bundle);
  const server = createServer((request, response) => {
    const route = routes[(request.url ?? '/').split('?')[0]];
    if (route === undefined) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': route[1], 'cache-control': 'no-store' }).end(readFileSync(route[0]));
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await serveDemo({ port: Number(process.env.PORT ?? 8080) });
  console.log(`nabla's browser demo: open ${url} (Ctrl+C stops the server)`);
}
