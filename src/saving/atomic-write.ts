// Atomic file replacement: a reader (or a crash) sees the old file or the new one, never half of one.
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { FileSystemError, NablaError, ValueError } from '../errors.ts';
import { removeStaleSiblings } from './stale-temporaries.ts';
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
export async function writeAtomically(
  target: string,
  write: (tempPath: string) => void | Promise<void>,
): Promise<void> {
  checkTargetFolder(target);
  removeStaleSiblings(dirname(resolve(target)));
  const temp = temporarySibling(target);
  try {
    await write(temp);
    syncToDisk(temp);
    renameSync(temp, resolve(target));
  } catch (error) {
    rmSync(temp, { force: true });
    if (error instanceof NablaError) throw error;
    // The library's message names the temporary file; the user knows the target.
    const message = (error as Error).message.replaceAll(temp, target);
    throw new FileSystemError(`cannot save ${target}: ${message}`);
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

// The HDF5 library's own error for a missing folder names the temporary file; the target is named here first.
function checkTargetFolder(target: string): void {
  const folder = dirname(resolve(target));
  let isFolder: boolean;
  try {
    isFolder = statSync(folder).isDirectory();
  } catch {
    throw new FileSystemError(`cannot save ${target}: the folder ${folder} does not exist (create it first)`);
  }
  if (!isFolder) throw new FileSystemError(`cannot save ${target}: ${folder} is not a folder`);
  if (isExistingFolder(target))
    throw new ValueError(
      `cannot save ${target}: it is a folder; give a file name such as ${join(target, 'model.keras')}`,
    );
}

function isExistingFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
