// electron/core/db: online backups and recovery of the database.
// - Backups use SQLite's online backup API (better-sqlite3 `db.backup`, page by page while the app
//   keeps working), once a day and before every migration; each copy is integrity-checked before it
//   counts, and the newest 7 good copies are kept in <data>/backups.
// - At start the database is checked (`PRAGMA quick_check` before opening after an unclean shutdown;
//   after a clean one a cheap check before and the full one in the background: integrity.ts); a
//   corrupted file is moved aside (never deleted), the newest good backup is restored, and the core
//   reports the window the user should re-check (from that backup's time to now): platforms are
//   re-read from the restored cursors, but local work done in that window (replies sent, notes,
//   time) may need a look.
// - A database written by a newer Steward is refused untouched (see migrate.ts), before any of this.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { checkOffThread, fileIsIntact } from './integrity';
import type { Db } from './open';

export { fileIsIntact };

export const KEEP_BACKUPS = 7;
export const DAILY_MS = 24 * 3_600_000;

export type BackupInfo = { file: string; at: number; reason: string };

const NAME = /^steward-(\d{8}T\d{6}\d{3}Z)-([a-z0-9-]+)\.db$/;

function stamp(t: number): string {
  return new Date(t)
    .toISOString()
    .replace(/[-:.]/g, '')
    .replace(/(\d{8}T\d{6})(\d{3})Z/, '$1$2Z');
}
function parseStamp(s: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(s);
  return m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!) : NaN;
}

export const backupDir = (dataDir: string): string => join(dataDir, 'backups');

/** The good backups, newest first. */
export function listBackups(dataDir: string): BackupInfo[] {
  const dir = backupDir(dataDir);
  if (!existsSync(dir)) return [];
  const out: BackupInfo[] = [];
  for (const f of readdirSync(dir)) {
    const m = NAME.exec(f);
    if (!m) continue;
    const at = parseStamp(m[1]!);
    if (Number.isFinite(at)) out.push({ file: join(dir, f), at, reason: m[2]! });
  }
  return out.sort((a, b) => b.at - a.at);
}

/**
 * Copies the live database with the online backup API into <data>/backups, checks the copy's
 * integrity (a bad copy is deleted, not counted) and keeps the newest KEEP_BACKUPS. Never throws
 * for a failed backup: returns null (the caller logs it).
 */
export async function backupNow(
  db: Db,
  dataDir: string,
  reason: string,
  now: number,
): Promise<BackupInfo | null> {
  const dir = backupDir(dataDir);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = join(dir, `steward-${stamp(now)}-${reason}.db`);
  const tmp = `${file}.partial`;
  try {
    await db.backup(tmp);
    // The full integrity_check of the copy (seconds on a large database) runs off this thread.
    if ((await checkOffThread(tmp, 'integrity_check').result) !== true) {
      rmSync(tmp, { force: true });
      return null;
    }
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
    return null;
  }
  for (const old of listBackups(dataDir).slice(KEEP_BACKUPS)) rmSync(old.file, { force: true });
  return { file, at: now, reason };
}

/** When the newest backup was taken (null: none). */
export const lastBackupAt = (dataDir: string): number | null => listBackups(dataDir)[0]?.at ?? null;

export type Recovery = { corruptFile: string; restoredFrom: BackupInfo | null; detectedAt: number };

/**
 * Checks the database file before it is opened for work. A corrupted file (or one SQLite cannot
 * read) is moved aside as `steward.db.corrupt-<time>` with its WAL, and the newest backup that is
 * itself intact is copied into place. Returns what happened, or null when the file was fine or new.
 */
export function recoverIfCorrupt(dbFile: string, dataDir: string, now: number): Recovery | null {
  if (!existsSync(dbFile) || statSync(dbFile).size === 0) return null;
  if (fileIsIntact(dbFile, true)) return null;
  return restoreNewestGood(dbFile, dataDir, now);
}

/** Moves a database found corrupted aside (with its WAL) and copies the newest intact backup in place. */
export function restoreNewestGood(dbFile: string, dataDir: string, now: number): Recovery {
  const aside = `${dbFile}.corrupt-${stamp(now)}`;
  renameSync(dbFile, aside);
  for (const ext of ['-wal', '-shm'])
    if (existsSync(dbFile + ext)) renameSync(dbFile + ext, aside + ext);
  const good = listBackups(dataDir).find((b) => fileIsIntact(b.file));
  if (good) copyFileSync(good.file, dbFile);
  return { corruptFile: basename(aside), restoredFrom: good ?? null, detectedAt: now };
}
