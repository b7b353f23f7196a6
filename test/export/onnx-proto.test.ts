import { test } from 'node:test';
import assert from 'node:assert/strict';
import onnxProto from 'onnx-proto';
import { NablaError } from '../../src/errors.ts';
import { importOnnxProto, loadOnnxProto, type OnnxProtoImporter } from '../../src/export/onnx-proto.ts';

// onnx-proto is an optional peer dependency: its absence must give a NablaError that says how to install it.

/** An importer that fails as Node.js does for `import('x')` when x is not installed. */
function missingModule(code: string): OnnxProtoImporter {
  return () => Promise.reject(Object.assign(new Error("Cannot find package 'onnx-proto'"), { code }));
}

test('without onnx-proto the export fails with a NablaError naming `npm install onnx-proto`', async () => {
  for (const code of ['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']) {
    await assert.rejects(importOnnxProto(missingModule(code)), (e: unknown) => {
      assert.ok(e instanceof NablaError, `a NablaError for ${code}, got ${String(e)}`);
      assert.match(e.message, /optional package onnx-proto/);
      assert.ok(e.message.includes('`npm install onnx-proto`'), e.message);
      return true;
    });
  }
});

test('an error other than a missing module comes through as it is', async () => {
  const broken = new SyntaxError('Unexpected token in onnx.js');
  await assert.rejects(
    importOnnxProto(() => Promise.reject(broken)),
    (e: unknown) => e === broken,
  );
});

test('the loader gives the onnx namespace of the installed package, once imported and then cached', async () => {
  const first = await loadOnnxProto();
  assert.equal(first, onnxProto.onnx);
  assert.equal(await loadOnnxProto(), first);
  assert.equal(typeof first.ModelProto.encode, 'function');
});
