// The two builds of the WASM kernels that scripts/build-wasm.mjs writes, and which of them this runtime can
// load. Plain JavaScript, so that the `nabla` command and the test runner, which start before any TypeScript
// loader, follow the same rules as the backend (load-kernels.ts).

import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The plain SIMD build: a multiply and an add in the matrix product. */
export const PLAIN_BUILD = fileURLToPath(new URL('../../../build/kernels.wasm', import.meta.url));
/** The relaxed-SIMD build: fused multiply-adds in the matrix product (they round once, so the last bits differ). */
export const RELAXED_BUILD = fileURLToPath(new URL('../../../build/kernels-relaxed.wasm', import.meta.url));
/** The V8 flag that gives Node.js 20 relaxed SIMD; Node.js 21 and later have it on by default. */
export const RELAXED_SIMD_FLAG = '--experimental-wasm-relaxed-simd';

let relaxedLoads = null;

/** Whether this runtime can load the relaxed-SIMD build (read and validated once: the runtime does not change). */
export function relaxedBuildLoads() {
  relaxedLoads ??= existsSync(RELAXED_BUILD) && WebAssembly.validate(readFileSync(RELAXED_BUILD));
  return relaxedLoads;
}

let relaxedFlags;

/**
 * The Node.js flags a process needs to load the relaxed-SIMD build: none where it loads by default,
 * RELAXED_SIMD_FLAG where that flag makes it load (Node.js 20), null where it cannot load at all. The middle
 * case asks a child process (~40 ms), once.
 */
export function relaxedBuildFlags() {
  if (relaxedFlags === undefined) {
    if (relaxedBuildLoads()) relaxedFlags = [];
    else relaxedFlags = existsSync(RELAXED_BUILD) && loadsWithFlag() ? [RELAXED_SIMD_FLAG] : null;
  }
  return relaxedFlags;
}

function loadsWithFlag() {
  const check = `process.exit(WebAssembly.validate(require('fs').readFileSync(${JSON.stringify(RELAXED_BUILD)})) ? 0 : 1)`;
  return spawnSync(process.execPath, [RELAXED_SIMD_FLAG, '-e', check]).status === 0;
}

/**
 * The build the backend loads: the relaxed-SIMD one where it loads, unless NABLA_RELAXED_SIMD=0 asks for the plain one.
 * Not chosen by timing both at load: the builds round differently, so a choice by a timing would make a run's
 * last bits depend on how busy the machine was at start, and the gap where the plain build wins (3–8% of a
 * product on Zen 5) is within a shared machine's noise, while the fused one wins by a third on Zen 3 (see
 * bench/README.md, "The fused multiply-add build").
 */
export function defaultBuild() {
  return process.env.NABLA_RELAXED_SIMD !== '0' && relaxedBuildLoads() ? RELAXED_BUILD : PLAIN_BUILD;
}
