// The browser build swaps each module `x.ts` (`x.mjs`) that has a twin `x.browser.ts` (`x.browser.mjs`) beside it
// for the twin (scripts/build-browser.mjs). A name the Node.js module exports and the twin does not breaks the
// bundle only when it is built; this test says so at once, for every twin, from the TypeScript checker's view of
// both modules' exports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = fileURLToPath(new URL('../..', import.meta.url));
const src = join(root, 'src');

/** Every `*.browser.ts` / `*.browser.mjs` under src/, with the module it replaces. */
function twins(): { node: string; browser: string }[] {
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).map((f) => join(src, f));
  return files
    .filter((f) => /\.browser\.(ts|mjs)$/.test(f))
    .map((browser) => ({ node: browser.replace(/\.browser\.(ts|mjs)$/, '.$1'), browser }));
}

/** The names each module exports, as the checker sees them (re-exports and `export *` included). */
function exportedNames(paths: string[]): Map<string, string[]> {
  const program = ts.createProgram(paths, {
    allowJs: true,
    checkJs: false,
    noEmit: true,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    allowImportingTsExtensions: true,
  });
  const checker = program.getTypeChecker();
  const names = new Map<string, string[]>();
  for (const path of paths) {
    const file = program.getSourceFile(path);
    assert.ok(file, `${path} was not read`);
    const module = checker.getSymbolAtLocation(file);
    const exports = module === undefined ? [] : checker.getExportsOfModule(module);
    names.set(path, exports.map((s) => s.getName()).sort());
  }
  return names;
}

test('every browser twin exports what the module it replaces exports', () => {
  const pairs = twins();
  assert.ok(pairs.length >= 5, `found only ${pairs.length} twins under src/`);
  const names = exportedNames(pairs.flatMap((p) => [p.node, p.browser]));
  for (const { node, browser } of pairs) {
    const nodeNames = names.get(node)!;
    const missing = nodeNames.filter((n) => !names.get(browser)!.includes(n));
    assert.ok(nodeNames.length > 0, `${relative(root, node)} exports nothing the checker sees`);
    assert.deepEqual(missing, [], `${relative(root, browser)} lacks exports of ${relative(root, node)}`);
  }
});
