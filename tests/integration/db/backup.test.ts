// Online backups and recovery: daily and pre-migration backups through SQLite's backup API, each
// integrity-checked, the newest 7 kept; a corrupted database detected at start, moved aside and
// restored from the newest good backup, with the window to re-check reported; a database from a
// newer Steward refused untouched.
import { closeSync, existsSync, openSync, readdirSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  backupNow,
  fileIsIntact,
  KEEP_BACKUPS,
  listBackups,
} from '../../../electron/core/db/backup';
import { latestVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { makeCore, tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

describe('backups', () => {
  it('copies the live database with the backup API, checks it, keeps the newest 7', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = openDb(join(t.dir, 'steward.db'));
    db.prepare("INSERT INTO agents (name) VALUES ('A')").run();
    let now = Date.UTC(2026, 10, 1);
    for (let i = 0; i < 9; i++) {
      const b = await backupNow(db, t.dir, 'daily', (now += 86_400_000));
      expect(b).not.toBeNull();
      expect(fileIsIntact(b!.file)).toBe(true);
    }
    const list = listBackups(t.dir);
    expect(list).toHaveLength(KEEP_BACKUPS);
    expect(list[0]!.at).toBe(now); // newest first
    const copy = openDb(list[0]!.file, { migrate: false });
    expect(copy.prepare('SELECT name FROM agents').all()).toEqual([{ name: 'A' }]);
    copy.close();
    db.close();
  });

  it('a core migrating an older database backs it up first (the backup has the old schema)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const old = openDb(join(t.dir, 'steward.db'), { migrate: false });
    migrate(old, 2);
    old.close();
    const core = await makeCore({ dir: t.dir });
    const [b] = listBackups(t.dir);
    expect(b?.reason).toBe(`before-v${latestVersion()}`);
    const copy = openDb(b!.file, { migrate: false });
    expect(copy.pragma('user_version', { simple: true })).toBe(2);
    copy.close();
    await core.stop();
  });

  it('daily backups run at start when the newest is older than a day (and not again the same day)', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    let now = Date.UTC(2026, 10, 20, 9);
    const clock = { now: () => now };
    let core = await makeCore({ dir: t.dir, clock, backups: { dailyMs: 86_400_000 } });
    await core.start();
    await core.stop(); // waits for the backup in flight
    expect(listBackups(t.dir).map((b) => b.reason)).toEqual(['daily']);
    now += 3_600_000;
    core = await makeCore({ dir: t.dir, clock, backups: { dailyMs: 86_400_000 } });
    await core.start();
    await core.stop();
    expect(listBackups(t.dir)).toHaveLength(1);
    now += 86_400_000;
    core = await makeCore({ dir: t.dir, clock, backups: { dailyMs: 86_400_000 } });
    await core.start();
    await core.stop();
    expect(listBackups(t.dir)).toHaveLength(2);
  });
});

describe('recovery', () => {
  it('a corrupted database is moved aside and the newest good backup restored; the window to re-check is reported', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const clock = { now: () => Date.UTC(2026, 10, 20, 9) };
    let core = await makeCore({ dir: t.dir, clock });
    await core.call('clients.create', { name: 'Before the backup' });
    const backup = await backupNow(core.internals.db, t.dir, 'daily', Date.UTC(2026, 10, 20, 8));
    await core.call('clients.create', { name: 'After the backup' });
    await core.stop();
    // Damage the file: overwrite pages past the header with garbage.
    const file = join(t.dir, 'steward.db');
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.alloc(8192, 0xa5), 0, 8192, 4096);
    closeSync(fd);
    expect(fileIsIntact(file, true)).toBe(false);

    core = await makeCore({ dir: t.dir, clock });
    const info = await core.call('app.info', {});
    expect(info.recovery).toMatchObject({
      backupAt: new Date(backup!.at).toISOString(),
      detectedAt: new Date(clock.now()).toISOString(),
    });
    expect((await core.call('clients.list', {})).map((c) => c.name)).toEqual(['Before the backup']);
    expect(readdirSync(t.dir).some((f) => f.startsWith('steward.db.corrupt-'))).toBe(true); // kept, not deleted
    await core.stop();
  });

  it('a database from a newer Steward is refused and left byte for byte untouched', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const file = join(t.dir, 'steward.db');
    const db = openDb(file);
    db.pragma(`user_version = ${latestVersion() + 1}`);
    db.close();
    const before = readFileSync(file);
    await expect(makeCore({ dir: t.dir })).rejects.toThrow(/newer Steward/);
    expect(readFileSync(file).equals(before)).toBe(true);
    expect(existsSync(join(t.dir, 'backups'))).toBe(false);
  });
});
