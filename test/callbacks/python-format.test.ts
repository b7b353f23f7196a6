// Checkpoint file names and CSV values are formatted as Python formats them (fixture made by Python itself).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ValueError } from '../../src/errors.ts';
import { formatPythonNumber, formatPythonTemplate, pythonRepr } from '../../src/callbacks/python-format.ts';

interface Fixture {
  format: { value: number; spec: string; text: string }[];
  templates: { template: string; values: Record<string, number>; text: string }[];
  repr: { value: number; text: string }[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/callbacks/python-format.json', import.meta.url), 'utf8'),
) as Fixture;

test('format(value, spec) matches Python for every fixture case', () => {
  const wrong = fixture.format
    .filter((c) => formatPythonNumber(c.value, c.spec) !== c.text)
    .map((c) => `${c.value}|${c.spec}: ${formatPythonNumber(c.value, c.spec)} != ${c.text}`);
  assert.deepEqual(wrong, []);
  assert.ok(fixture.format.length > 250);
});

test('file path templates match Python str.format', () => {
  for (const t of fixture.templates) assert.equal(formatPythonTemplate(t.template, t.values), t.text);
});

test('repr(float) matches Python', () => {
  for (const r of fixture.repr) assert.equal(pythonRepr(r.value), r.text, String(r.value));
});

test('a template naming a value that is not logged says which values exist', () => {
  assert.throws(
    () => formatPythonTemplate('w-{val_acc:.2f}.h5', { epoch: 1, loss: 0.5 }),
    (e: Error) => e instanceof ValueError && /val_acc/.test(e.message) && /epoch, loss/.test(e.message),
  );
  assert.throws(() => formatPythonNumber(0.5, '02d'), /integer/);
});
