// checkOptions: unknown keys are refused with the accepted ones named; snake_case gets its camelCase hint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkOptions, toCamelCase } from '../../src/options.ts';
import { ValueError } from '../../src/errors.ts';

test('known keys, undefined and {} pass', () => {
  checkOptions('fit', undefined, ['epochs']);
  checkOptions('fit', {}, ['epochs']);
  checkOptions('fit', { epochs: 3 }, ['epochs', 'batchSize']);
});

test('an unknown key names the owner, the key and the accepted keys', () => {
  assert.throws(
    () => checkOptions('Dense', { units2: 3 }, ['activation', 'useBias']),
    (e: unknown) => {
      assert.ok(e instanceof ValueError);
      assert.match((e as Error).message, /^Dense: unknown option 'units2'; accepted options: 'activation', 'useBias'$/);
      return true;
    },
  );
});

test('a snake_case key suggests its camelCase spelling', () => {
  assert.throws(
    () => checkOptions('fit', { batch_size: 32 }, ['epochs', 'batchSize']),
    /unknown option 'batch_size' \(did you mean 'batchSize'\?\)/,
  );
  assert.equal(toCamelCase('kernel_initializer'), 'kernelInitializer');
});

test('options that are not an object are refused', () => {
  assert.throws(
    () => checkOptions('fit', 3 as unknown as object, ['epochs']),
    /fit: options must be an object, got number 3/,
  );
  assert.throws(
    () => checkOptions('fit', [] as unknown as object, ['epochs']),
    /options must be an object, got an array/,
  );
});
