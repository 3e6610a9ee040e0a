// electron/core/db: how much checking the database needs at start (issue 13 + the cold-start figure).
// - A state file beside the database (`steward.db.state`, JSON) says whether the writer closed it
//   cleanly: `open` while a writer has it, `closed` with the size and modification time (ns) of the
//   database file and its WAL as they were right after the last close, `suspect` once a check failed.
// - At start the full `PRAGMA quick_check` (seconds on a million messages) runs BEFORE opening only
//   when the last close was not clean: a crash, a kill, no state file, a check that failed, or a file
//   that changed after the close (copied, restored, written by something else). After a clean close
//   the start does a cheap check (header, schema, and the first row of every table: a few pages each)
//   and the full check runs in the background a few seconds after start, in a worker thread with its
//   own read-only connection (Node's built-in SQLite; on the core's own thread when that is missing).
//   A failed background check marks the database `suspect`, so the next start recovers it.
import Database from 'better-sqlite3';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** SQLite's words for a damaged file (SQLITE_CORRUPT, SQLITE_NOTADB). */
const DAMAGED = /malformed|not a database|corrupt/i;

/**
 * `PRAGMA integrity_check` (or quick_check) of a database file opened read-only: true when it says
 * ok, false when it reports damage, null when it could not run (busy, unreadable) and says nothing.
 */
export function checkFile(file: string, quick = false): boolean | null {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true, timeout: 5000 });
    const rows = db.pragma(quick ? 'quick_check' : 'integrity_check') as {
      quick_check?: string;
      integrity_check?: string;
    }[];
    return rows.length === 1 && (rows[0]!.quick_check ?? rows[0]!.integrity_check) === 'ok';
  } catch (err) {
    return DAMAGED.test(String((err as Error)?.message)) ? false : null;
  } finally {
    db?.close();
  }
}

/** true only when the check ran and said ok: at start a file SQLite cannot read counts as damaged. */
export const fileIsIntact = (file: string, quick = false): boolean =>
  checkFile(file, quick) === true;

type FileStamp = { size: number; mtimeNs: string };
export type DbState =
  | { state: 'open'; at: number }
  | { state: 'closed'; at: number; db: FileStamp; wal: FileStamp | null }
  | { state: 'suspect'; at: number; reason: string };

export const stateFile = (dbFile: string): string => `${dbFile}.state`;

function stamp(file: string): FileStamp | null {
  if (!existsSync(file)) return null;
  const s = statSync(file, { bigint: true });
  return { size: Number(s.size), mtimeNs: s.mtimeNs.toString() };
}
const same = (a: FileStamp | null, b: FileStamp | null) =>
  a === b || (a != null && b != null && a.size === b.size && a.mtimeNs === b.mtimeNs);

export function readState(dbFile: string): DbState | null {
  try {
    const v = JSON.parse(readFileSync(stateFile(dbFile), 'utf8')) as DbState;
    return v && typeof v === 'object' && typeof v.state === 'string' ? v : null;
  } catch {
    return null;
  }
}

function writeState(dbFile: string, state: DbState): void {
  const file = stateFile(dbFile);
  writeFileSync(`${file}.tmp`, JSON.stringify(state), { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

/** The writer has the database open: until markClosed, a start treats it as not cleanly closed. */
export const markOpen = (dbFile: string, at: number): void =>
  writeState(dbFile, { state: 'open', at });

/** Called right after the writer closed the database: records the files as they are now. */
export function markClosed(dbFile: string, at: number): void {
  const db = stamp(dbFile);
  if (!db) return;
  writeState(dbFile, { state: 'closed', at, db, wal: stamp(`${dbFile}-wal`) });
}

/** A check failed: the next start runs the full check (and recovery) before opening. */
export const markSuspect = (dbFile: string, at: number, reason: string): void =>
  writeState(dbFile, { state: 'suspect', at, reason });

/** True when the last writer closed the database cleanly and nothing changed the files since. */
export function closedCleanly(dbFile: string): boolean {
  const s = readState(dbFile);
  return (
    s?.state === 'closed' &&
    same(s.db, stamp(dbFile)) &&
    same(s.wal ?? null, stamp(`${dbFile}-wal`))
  );
}

/**
 * The cheap check of a cleanly closed file: it opens read-only, its header and schema parse, and the
 * first row of every ordinary table can be read (each table's root page and leftmost path). Milliseconds
 * on any size; it does not replace the full check, which follows in the background.
 */
export function opensCleanly(file: string): boolean {
  let db: Database.Database | null = null;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma('schema_version');
    const tables = db
      .prepare<[], { name: string }>(
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%'",
      )
      .all();
    for (const t of tables)
      db.prepare(`SELECT * FROM "${t.name.replace(/"/g, '""')}" LIMIT 1`).get();
    return true;
  } catch {
    return false;
  } finally {
    db?.close();
  }
}

// The background check's thread opens its own read-only connection with better-sqlite3 — the same
// SQLite library the writer uses (a native module is loaded once per process and shared by its
// threads). Never a second SQLite build (node:sqlite) on the same file in the same process: two
// copies of SQLite do not see each other's POSIX locks, and one closing a file descriptor drops the
// other's locks (https://sqlite.org/howtocorrupt.html §2.2.1); here that showed as a SIGBUS when a
// checkpoint truncated the files the other copy had mapped.
const CHECK_WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
let Database = null;
try { Database = require(workerData.driver); } catch { parentPort.postMessage({ noModule: true }); }
if (Database) try {
  const db = new Database(workerData.file, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000'); // the writer may be checkpointing: wait, as its own readers do
    const rows = db.prepare(workerData.pragma === 'integrity_check' ? 'PRAGMA integrity_check' : 'PRAGMA quick_check').all();
    parentPort.postMessage({ ok: rows.length === 1 && Object.values(rows[0])[0] === 'ok' });
  } finally { db.close(); }
} catch (err) {
  // A file SQLite calls damaged fails the check; anything else (busy, unreadable) gives no verdict.
  const msg = String((err && err.message) || err);
  parentPort.postMessage(/malformed|not a database|corrupt/i.test(msg) ? { ok: false } : { noVerdict: msg });
}
`;
/** Where the worker loads better-sqlite3 from (its own module resolution would start at the cwd). */
const DRIVER = (() => {
  try {
    return createRequire(import.meta.url).resolve('better-sqlite3');
  } catch {
    return 'better-sqlite3';
  }
})();

/**
 * `PRAGMA quick_check` (or integrity_check) of a database off the calling thread (a worker with its
 * own read-only connection); on the calling thread when the worker cannot run. `result` resolves true
 * when it says ok, false when it reports damage, null when it could not run or was cancelled (the
 * core stopped first): only false means damage.
 */
export function checkOffThread(
  file: string,
  pragma: 'quick_check' | 'integrity_check' = 'quick_check',
): {
  result: Promise<boolean | null>;
  cancel(): void;
} {
  let worker: Worker | null = null;
  let settle: (v: boolean | null) => void = () => {};
  let settled = false;
  const result = new Promise<boolean | null>((resolve) => {
    settle = (v) => {
      if (settled) return;
      settled = true;
      resolve(v);
    };
  });
  const inline = () => settle(checkFile(file, pragma === 'quick_check'));
  try {
    worker = new Worker(CHECK_WORKER, { eval: true, workerData: { file, pragma, driver: DRIVER } });
    worker.once('message', (m: { ok?: boolean; noModule?: true; noVerdict?: string }) => {
      if (m.noModule) inline();
      else settle(m.noVerdict !== undefined ? null : m.ok === true);
      void worker?.terminate();
    });
    worker.once('error', () => !settled && inline());
    worker.once('exit', () => !settled && inline());
  } catch {
    inline();
  }
  return {
    result,
    cancel() {
      settle(null);
      void worker?.terminate();
    },
  };
}
