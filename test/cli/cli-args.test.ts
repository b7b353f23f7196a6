import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { runCli } from '../../src/cli/run-cli.ts';
import type { CliOutput } from '../../src/cli/output.ts';

/** Runs the command line in this process and collects what it printed. */
async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const output: CliOutput = { log: (l) => out.push(l), error: (l) => err.push(l) };
  const code = await runCli(args, output);
  return { code, out, err };
}

function assertOneLineError(
  result: { code: number; out: string[]; err: string[] },
  code: number,
  pattern: RegExp,
): void {
  assert.equal(result.code, code, `exit code ${result.code}, stderr: ${result.err.join(' | ')}`);
  assert.equal(result.err.length, 1);
  assert.equal(result.err[0]!.includes('\n'), false, `a one-line error, got: ${result.err[0]}`);
  assert.match(result.err[0]!, pattern);
  assert.deepEqual(result.out, []);
}

test('--help of the command and of each sub-command prints its usage and exits 0', async () => {
  for (const [args, usage] of [
    [['--help'], 'Usage: nabla <command>'],
    [['tutorial', '--help'], 'Usage: nabla tutorial'],
    [['summary', '-h'], 'Usage: nabla summary'],
    [['evaluate', '--help'], 'Usage: nabla evaluate'],
  ] as const) {
    const result = await run(...args);
    assert.equal(result.code, 0, args.join(' '));
    assert.ok(result.out.join('\n').startsWith(usage), `${args.join(' ')} printed: ${result.out.join('\n')}`);
  }
});

test('unknown flags, unknown commands and missing arguments get a one-line error and exit code 2', async () => {
  assertOneLineError(
    await run('tutorial', '--bogus'),
    2,
    /^nabla tutorial: Unknown option '--bogus'.*nabla tutorial --help/,
  );
  assertOneLineError(await run('tutorial', '--out'), 2, /^nabla tutorial: .*--out/);
  assertOneLineError(await run('tutorial', 'extra'), 2, /unexpected argument 'extra'/);
  assertOneLineError(await run('tutorial', '--seed', 'abc'), 2, /--seed must be a non-negative integer/);
  assertOneLineError(await run('summary'), 2, /missing <model file>/);
  assertOneLineError(
    await run('evaluate', 'model.h5', '--dataset', 'cifar10'),
    2,
    /unknown dataset 'cifar10': expected one of fashion-mnist/,
  );
  assertOneLineError(await run('evaluate', 'model.h5', '--limit', '0'), 2, /--limit must be a positive integer/);
  assertOneLineError(
    await run('frobnicate'),
    2,
    /unknown command 'frobnicate': expected one of tutorial, summary, evaluate/,
  );
});

test('a model file that does not exist is a one-line error with exit code 1', async () => {
  assertOneLineError(await run('summary', 'no-such-model.h5'), 1, /^nabla summary: no such file 'no-such-model.h5'$/);
  assertOneLineError(
    await run('evaluate', 'no-such-model.keras'),
    1,
    /^nabla evaluate: no such file 'no-such-model.keras'$/,
  );
  assertOneLineError(await run('summary', 'test'), 1, /'test' is not a file/);
});

test('bin/nabla.js runs the command line through tsx and returns its exit code', () => {
  const help = spawnSync(process.execPath, ['bin/nabla.js', '--help'], { encoding: 'utf8' });
  assert.equal(help.status, 0, help.stderr);
  assert.match(help.stdout, /Usage: nabla <command>/);
  const bad = spawnSync(process.execPath, ['bin/nabla.js', 'summary', '--nope'], { encoding: 'utf8' });
  assert.equal(bad.status, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.equal(bad.stdout, '');
});
