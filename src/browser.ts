// The public API of the browser build (package export `nabla/browser`, bundled by scripts/build-browser.mjs): the
// same as Node.js's, the kernels embedded. What needs files, threads or a network (saving to a path, CSV logs,
// dataset downloads) throws a NablaError there.
export * from './index.ts';
