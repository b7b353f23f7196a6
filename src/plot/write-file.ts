// Writes files atomically: a temporary file in the same folder, then a rename, so readers never see half a file.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/** Writes `data` to `path` atomically (creating the folder), like a careful `open(path, 'w').write(data)`. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  const temporary = join(folder, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, data);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Writes an SVG (or any text) file atomically; the counterpart of matplotlib's `plt.savefig('x.svg')`. */
export function writeFile(path: string, data: string | Uint8Array): void {
  writeFileAtomic(path, data);
}
