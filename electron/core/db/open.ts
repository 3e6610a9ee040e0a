// electron/core/db: opening the SQLite file (better-sqlite3) with Steward's pragmas.
import Database from 'better-sqlite3';
import { DbFromFutureError, latestVersion, migrate } from './migrate';

export type Db = Database.Database;

/**
 * Opens (creating if needed) and migrates the database.
 * - WAL, so readers never wait on the ingest writer;
 * - synchronous=NORMAL for the re-fetchable cache; durable writes (outbox, drafts, audit) run
 *   through `durable()`, which switches to synchronous=FULL for that transaction;
 * - foreign keys on; busy timeout so a second connection (bench, tools) waits instead of failing.
 */
export function openDb(path: string, opts: { migrate?: boolean } = {}): Db {
  const db = new Database(path);
  // Refuse a database from a newer Steward before touching it (even switching to WAL writes).
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > latestVersion()) {
    db.close();
    throw new DbFromFutureError(version, latestVersion());
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536'); // 64 MiB page cache
  db.pragma('temp_store = MEMORY');
  if (opts.migrate !== false) migrate(db);
  return db;
}

/**
 * Opens an existing, already migrated database read-only (the reader cores of the hosts): the
 * writer owns migrations and every write; WAL lets this connection read while the writer commits.
 */
export function openDbReadOnly(path: string): Db {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version !== latestVersion()) {
    db.close();
    if (version > latestVersion()) throw new DbFromFutureError(version, latestVersion());
    throw new Error(
      `The database is at version ${version}, not ${latestVersion()}: the writer core migrates it first`,
    );
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -32768'); // 32 MiB page cache per reader
  db.pragma('temp_store = MEMORY');
  return db;
}

/**
 * Runs `fn` in one IMMEDIATE transaction committed with synchronous=FULL: when it returns, the
 * rows are on disk (fsynced WAL) and survive a crash or power loss at any later point.
 * Used for the outbox, drafts, audit events and status changes.
 */
export function durable<T>(db: Db, fn: () => T): T {
  // Nested in another durable transaction: a savepoint of it (the outer one commits with FULL).
  if (db.inTransaction) return db.transaction(fn)();
  db.pragma('synchronous = FULL');
  try {
    return db.transaction(fn).immediate();
  } finally {
    db.pragma('synchronous = NORMAL');
  }
}
