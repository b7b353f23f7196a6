// Atomic file replacement: a reader (or a crash) sees the old file or the new one, never half of one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';

/** A fresh temporary path in the same folder as `target`, so that the final rename stays on one filesystem. */
export function temporarySibling(target: string): string {
  const absolute = resolve(target);
  const suffix = `${process.pid}-${randomBytes(4).toString('hex')}`;
  return join(dirname(absolute), `.${basename(absolute)}.${suffix}.tmp`);
}

/**
 * Writes `target` through `write(tempPath)` then renames the temporary file over `target`.
 * If `write` throws, the temporary file is removed and `target` is left untouched.
 */
export async function writeAtomically(target: string, write: (tempPath: string) => void | Promise<void>): Promise<void> {
  const temp = temporarySibling(target);
  try {
    await write(temp);
    syncToDisk(temp);
    renameSync(temp, resolve(target));
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** Writes bytes to `target` atomically. */
export async function writeBytesAtomically(target: string, bytes: Uint8Array | string): Promise<void> {
  await writeAtomically(target, (temp) => writeFileSync(temp, bytes));
}

// Flushing before the rename means a power cut cannot leave a renamed but empty file.
function syncToDisk(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
