#!/usr/bin/env node
// The `nabla` command: registers the TypeScript loader, then runs the CLI.
//
// The WASM kernels' fastest build uses relaxed SIMD (fused multiply-adds, see scripts/build-wasm.mjs), which
// Node.js loads by default from version 21 on. On Node.js 20 the command restarts itself once with the V8
// flag that enables it, so that the tutorial runs the same build, and gives the same numbers, on either.
// NABLA_RELAXED_SIMD=0 keeps the plain build (and skips the restart).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { relaxedBuildFlags } from '../src/backend/wasm/kernel-builds.mjs';

// Only where a flag makes the build load (a Node.js without the flag refuses to start with it); a process
// started with it loads the build already and needs none.
const restartFlags = process.env.NABLA_RELAXED_SIMD === '0' ? [] : relaxedBuildFlags() ?? [];

if (restartFlags.length > 0) {
  const args = [...process.execArgv, ...restartFlags, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (run.error) throw run.error;
  // A run ended by a signal (Ctrl-C reaches both processes) ends this one the same way.
  if (run.signal !== null) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
