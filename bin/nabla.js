#!/usr/bin/env node
// The `nabla` command from the sources of a clone (`npm start`, the tests): registers the TypeScript loader,
// then runs src/cli/bin.ts. The installed package runs its compiled twin, dist/cli/bin.js (package.json `bin`).
const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/bin.ts');
