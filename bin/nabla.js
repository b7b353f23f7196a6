#!/usr/bin/env node
// The `nabla` command: registers the TypeScript loader, then runs the CLI.
//
// The WASM kernels' fastest build uses relaxed SIMD (fused multiply-adds, see scripts/build-wasm.mjs), which
// Node.js loads by default from version 21 on. On Node.js 20 the command restarts itself once with the V8
// flag that enables it, so that the tutorial runs the same build, and gives the same numbers, on either.
// NABLA_RELAXED_SIMD=0 keeps the plain build (and skips the restart).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RELAXED_SIMD_FLAG, relaxedBuildLoads, relaxedBuildLoadsWithFlag } from '../src/backend/wasm/kernel-builds.mjs';

function wantsRestart() {
  if (process.env.NABLA_RELAXED_SIMD === '0' || process.execArgv.includes(RELAXED_SIMD_FLAG)) return false;
  // Only where the flag exists and makes the build load (a Node.js without it refuses to start with it).
  return !relaxedBuildLoads() && relaxedBuildLoadsWithFlag();
}

if (wantsRestart()) {
  const args = [...process.execArgv, RELAXED_SIMD_FLAG, fileURLToPath(import.meta.url), ...process.argv.slice(2)];
  const run = spawnSync(process.execPath, args, { stdio: 'inherit' });
  if (run.error) throw run.error;
  // A run ended by a signal (Ctrl-C reaches both processes) ends this one the same way.
  if (run.signal !== null) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
