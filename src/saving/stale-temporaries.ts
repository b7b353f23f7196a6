// Leftovers of saves killed half-way: `.name.PID-xxxxxxxx.tmp` beside a target and `nabla-keras-PID-…` folders in
// the system's temporary folder. A save cleans those whose process is gone (a live one may still be writing).
import { readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const SIBLING = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/;
/** The prefix of the private folders a .keras save or load works in; the process id follows. */
export const KERAS_TEMP_PREFIX = 'nabla-keras-';
const KERAS_TEMP = /^nabla-keras-(\d+)-/;

/** Removes the temporary files of dead processes in `folder`; returns how many. Never throws. */
export function removeStaleSiblings(folder: string): number {
  return removeStale(folder, SIBLING, false);
}

/** Removes the `nabla-keras-PID-…` folders of dead processes in the temporary folder; returns how many. */
export function removeStaleKerasFolders(root: string = tmpdir()): number {
  return removeStale(root, KERAS_TEMP, true);
}

function removeStale(folder: string, pattern: RegExp, recursive: boolean): number {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return 0;
  }
  let removed = 0;
  for (const name of names) {
    const match = pattern.exec(name);
    if (match === null || isAlive(Number(match[1]))) continue;
    try {
      rmSync(join(folder, name), { recursive, force: true });
      removed++;
    } catch {
      // Someone else's file, or already gone: leave it.
    }
  }
  return removed;
}

/** Whether a process with this id exists (signal 0 checks without sending anything). */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
