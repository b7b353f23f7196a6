// Saves that cannot happen name their target (never the temporary file) with a NablaError and print nothing
// of HDF5's own diagnostics; leftovers of killed saves are cleaned by the next save to the same folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileSystemError, NablaError } from '../../src/errors.ts';
import { loadModel } from '../../src/models/load-model.ts';
import { removeStaleKerasFolders } from '../../src/saving/stale-temporaries.ts';
import { smallMlp } from './models-for-tests.ts';

const folder = mkdtempSync(join(tmpdir(), 'nabla-save-errors-'));
test.after(() => rmSync(folder, { recursive: true, force: true }));

/** The id of a process that has ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  return Number(String(child.stdout));
}

test('saving into a missing folder names the target and the folder', async () => {
  for (const name of ['model.h5', 'model.keras', 'model.weights.h5']) {
    const target = join(folder, 'absent', name);
    const save = name.endsWith('.weights.h5') ? smallMlp().saveWeights(target) : smallMlp().save(target);
    await assert.rejects(save, (error: Error) => {
      assert.ok(error instanceof FileSystemError, `${error.name}: ${error.message}`);
      assert.ok(error.message.includes(target) && error.message.includes('does not exist'), error.message);
      assert.ok(!error.message.includes('.tmp'), error.message);
      return true;
    });
  }
});

test('an HDF5 write the system refuses is a NablaError naming the target, with no HDF5 diagnostics printed', () => {
  // A child process, so that its whole stderr can be read: the library prints ~40 lines per failure otherwise.
  const script = `
    import { smallMlp } from ${JSON.stringify(new URL('./models-for-tests.ts', import.meta.url).href)};
    // A file under /proc cannot be created, even by root.
    for (const target of ['/proc/nabla-model.h5']) {
      try { await smallMlp().save(target); console.log('saved?'); } catch (e) { console.log(e.name + ': ' + e.message); }
    }`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8',
  });
  assert.equal(child.stderr, '', 'nothing on stderr');
  const lines = child.stdout.trim().split('\n');
  assert.match(lines[0], /^FileSystemError: cannot save \/proc\/nabla-model\.h5: /);
  assert.ok(!lines[0].includes('.tmp'), lines[0]);
});

test('a save removes the temporary files and folders of dead processes, and keeps those of live ones', async () => {
  const dead = deadPid();
  const stale = join(folder, `.checkpoint.h5.${dead}-0badf00d.tmp`);
  const live = join(folder, `.checkpoint.h5.${process.pid}-0badf00d.tmp`);
  const other = join(folder, 'notes.tmp');
  for (const path of [stale, live, other]) writeFileSync(path, 'partial');
  await smallMlp().save(join(folder, 'checkpoint.h5'));
  assert.ok(!existsSync(stale), 'the dead process’s temporary file is removed');
  assert.ok(existsSync(live) && existsSync(other), 'a live process’s file and unrelated files stay');
  const root = join(folder, 'tmp-root');
  mkdirSync(join(root, `nabla-keras-${dead}-abc123`), { recursive: true });
  mkdirSync(join(root, `nabla-keras-${process.pid}-def456`));
  assert.equal(removeStaleKerasFolders(root), 1);
  assert.deepEqual(readdirSync(root), [`nabla-keras-${process.pid}-def456`]);
});

test('saving over a folder, or loading one, is refused by name', async () => {
  await assert.rejects(smallMlp().save(`${folder}/`), (error: Error) => error instanceof NablaError);
  const sub = join(folder, 'sub.keras');
  mkdirSync(sub);
  await assert.rejects(
    smallMlp().save(sub),
    (error: Error) => error instanceof NablaError && /is a folder/.test(error.message),
  );
  await assert.rejects(
    loadModel(sub),
    (error: Error) => error instanceof NablaError && /is a directory/.test(error.message),
  );
});
