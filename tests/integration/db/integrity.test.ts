// How much checking a start does (electron/core/db/integrity.ts): the full quick_check before opening
// after an unclean shutdown or when the file changed after a clean one; after a clean one a cheap
// check before opening and the full check in the background, whose failure marks the file suspect so
// that the next start moves it aside and restores the newest good backup. Real SQLite files; the
// damage is real bytes overwritten in real pages.
import { closeSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupNow, fileIsIntact } from '../../../electron/core/db/backup';
import {
  closedCleanly,
  markClosed,
  opensCleanly,
  checkOffThread,
  readState,
} from '../../../electron/core/db/integrity';
import type { Logger } from '../../../electron/core/ports';
import { makeCore, tempDir, type TestCore } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

const clock = { now: () => Date.UTC(2026, 10, 20, 9) };

function recordingLogger() {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (msg: string) => void lines.push({ level, msg });
  const logger: Logger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, lines };
}

/** A database with a backup, then more rows (many pages of agents), closed cleanly. */
async function filled(dir: string): Promise<{ backupAt: number; leaf: number }> {
  const core = await makeCore({ dir, clock });
  await core.call('clients.create', { name: 'Before the backup' });
  const b = await backupNow(core.internals.db, dir, 'daily', Date.UTC(2026, 10, 20, 8));
  await core.call('clients.create', { name: 'After the backup' });
  const ins = core.internals.db.prepare('INSERT INTO agents (name) VALUES (?)');
  core.internals.db.transaction(() => {
    for (let i = 0; i < 3000; i++) ins.run(`Agent ${i} ${'x'.repeat(200)}`);
  })();
  // The agents table's last leaf: not a root page nor on the leftmost path the cheap check reads.
  const { leaf } = core.internals.db
    .prepare<[], { leaf: number }>(
      "SELECT pageno AS leaf FROM dbstat WHERE name = 'agents' AND pagetype = 'leaf' ORDER BY path DESC LIMIT 1",
    )
    .get()!;
  await core.stop();
  return { backupAt: b!.at, leaf };
}

function damagePage(file: string, page: number) {
  const fd = openSync(file, 'r+');
  writeSync(fd, Buffer.alloc(4096, 0xa5), 0, 4096, (page - 1) * 4096);
  closeSync(fd);
}

async function waitFor(cond: () => boolean, what: string) {
  for (let i = 0; i < 2000 && !cond(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!cond()) throw new Error(`timed out waiting for ${what}`);
}

describe('start-up integrity checks', () => {
  it('a clean stop records the files; the next start skips the full check and runs it in the background', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    await filled(t.dir);
    const file = join(t.dir, 'steward.db');
    expect(readState(file)?.state).toBe('closed');
    expect(closedCleanly(file)).toBe(true);
    const { logger, lines } = recordingLogger();
    const core = await makeCore({ dir: t.dir, clock, logger, deferredCheck: { delayMs: 0 } });
    expect(readState(file)?.state).toBe('open'); // a crash from here on counts as unclean
    expect((await core.call('app.info', {})).recovery).toBeNull();
    await core.start();
    await waitFor(() => lines.some((l) => l.msg === 'database integrity checked'), 'the check');
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    await core.stop();
    expect(closedCleanly(file)).toBe(true);
  });

  it('a file changed after the clean stop gets the full check before opening (damage deep in a table is found at start)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { backupAt, leaf } = await filled(t.dir);
    const file = join(t.dir, 'steward.db');
    damagePage(file, leaf);
    expect(opensCleanly(file)).toBe(true); // the cheap check alone would not see it
    expect(closedCleanly(file)).toBe(false);
    const core = await makeCore({ dir: t.dir, clock });
    expect((await core.call('app.info', {})).recovery?.backupAt).toBe(
      new Date(backupAt).toISOString(),
    );
    expect((await core.call('clients.list', {})).map((c) => c.name)).toEqual(['Before the backup']);
    await core.stop();
  });

  it('after an unclean shutdown (the writer never stopped) the full check runs before opening', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { backupAt, leaf } = await filled(t.dir);
    const file = join(t.dir, 'steward.db');
    let core: TestCore = await makeCore({ dir: t.dir, clock });
    core.internals.db.close(); // the process died: no stop(), the state file still says open
    expect(readState(file)?.state).toBe('open');
    damagePage(file, leaf);
    core = await makeCore({ dir: t.dir, clock });
    expect((await core.call('app.info', {})).recovery?.backupAt).toBe(
      new Date(backupAt).toISOString(),
    );
    await core.stop();
  });

  it('damage the file stamp cannot see: a broken root page is found by the cheap check at start', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { backupAt } = await filled(t.dir);
    const file = join(t.dir, 'steward.db');
    damagePage(file, 2);
    markClosed(file, clock.now()); // as if the disk changed the bytes under an unchanged stamp
    expect(opensCleanly(file)).toBe(false);
    const core = await makeCore({ dir: t.dir, clock });
    expect((await core.call('app.info', {})).recovery?.backupAt).toBe(
      new Date(backupAt).toISOString(),
    );
    await core.stop();
  });

  it('damage deep in a table under an unchanged stamp: the background check marks it suspect and the next start recovers', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { backupAt, leaf } = await filled(t.dir);
    const file = join(t.dir, 'steward.db');
    damagePage(file, leaf);
    markClosed(file, clock.now());
    const { logger, lines } = recordingLogger();
    let corrupt = 0;
    let core = await makeCore({
      dir: t.dir,
      clock,
      logger,
      deferredCheck: { delayMs: 0 },
      onCorrupt: () => corrupt++,
    });
    expect((await core.call('app.info', {})).recovery).toBeNull(); // opened: the damage is not on the start path
    await core.start();
    await waitFor(() => corrupt > 0, 'the background check');
    expect(lines.some((l) => l.level === 'error' && /integrity/.test(l.msg))).toBe(true);
    await core.stop();
    expect(readState(file)?.state).toBe('suspect'); // the stop did not mark it clean
    core = await makeCore({ dir: t.dir, clock });
    expect((await core.call('app.info', {})).recovery?.backupAt).toBe(
      new Date(backupAt).toISOString(),
    );
    expect((await core.call('clients.list', {})).map((c) => c.name)).toEqual(['Before the backup']);
    expect(readdirSync(t.dir).some((f) => f.startsWith('steward.db.corrupt-'))).toBe(true);
    await core.stop();
  });

  it('the background check while the writer commits and checkpoints: no false alarm', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    await filled(t.dir);
    const { logger, lines } = recordingLogger();
    let corrupt = 0;
    const core = await makeCore({
      dir: t.dir,
      clock,
      logger,
      deferredCheck: { delayMs: 0 },
      onCorrupt: () => corrupt++,
    });
    await core.start();
    const db = core.internals.db;
    const ins = db.prepare('INSERT INTO agents (name) VALUES (?)');
    for (let i = 0; !lines.some((l) => l.msg === 'database integrity checked'); i++) {
      if (i > 20_000) throw new Error('the background check never finished');
      db.transaction(() => {
        for (let j = 0; j < 20; j++) ins.run(`Busy ${i}-${j}`);
      })();
      if (i % 50 === 0) db.pragma('wal_checkpoint(TRUNCATE)');
      await new Promise((r) => setImmediate(r));
    }
    expect(corrupt).toBe(0);
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
    await core.stop();
  });

  it('the background check agrees with quick_check on the core thread', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const { leaf } = await filled(t.dir);
    const file = join(t.dir, 'steward.db');
    expect(await checkOffThread(file).result).toBe(true);
    // A file it cannot open is no verdict (null), never damage: nothing gets marked suspect for it.
    expect(await checkOffThread(join(t.dir, 'missing.db')).result).toBeNull();
    damagePage(file, leaf);
    expect(fileIsIntact(file, true)).toBe(false);
    expect(await checkOffThread(file).result).toBe(false);
  });
});
