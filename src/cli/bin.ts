#!/usr/bin/env node
// The `nabla` command's entry point (package.json `bin`, compiled to dist/cli/bin.js; bin/nabla.js runs it from
// the sources in a clone).
//
// The WASM kernels' fastest build uses relaxed SIMD (fused multiply-adds, see scripts/build-wasm.mjs), which
// Node.js loads by default from version 21 on. On Node.js 20 the command restarts itself once with the V8
// flag that enables it, so that the tutorial runs the same build, and gives the same numbers, on either.
// NABLA_RELAXED_SIMD=0 keeps the plain build (and skips the restart).
import { spawnSync } from 'node:child_process';
import { relaxedBuildFlags } from '../backend/wasm/kernel-builds.mjs';

// Only where a flag makes the build load (a Node.js without the flag refuses to start with it); a process
// started with it loads the build already and needs none.
const restartFlags = process.env.NABLA_RELAXED_SIMD === '0' ? [] : (relaxedBuildFlags() ?? []);

if (restartFlags.length > 0) {
  // The script this process was started with (bin/nabla.js, or the installed command's link to this file),
  // with the same Node.js options (a loader among them).
  const entry = process.argv[1]!;
  const run = spawnSync(process.execPath, [...process.execArgv, ...restartFlags, entry, ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  if (run.error) throw run.error;
  // A run ended by a signal (Ctrl-C reaches both processes) ends this one the same way.
  if (run.signal !== null) process.kill(process.pid, run.signal);
  process.exit(run.status ?? 1);
}

await import('./main.ts');
