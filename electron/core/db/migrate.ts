// electron/core/db: ordered migrations tracked by PRAGMA user_version, all pending ones in one
// transaction; a database written by a newer Steward is refused untouched.
import type { Db } from './open';
import { migrations, type Migration } from './migrations';

export class DbFromFutureError extends Error {
  constructor(
    public readonly dbVersion: number,
    public readonly codeVersion: number,
  ) {
    super(
      `This data folder was written by a newer Steward (schema ${dbVersion}; this build knows ${codeVersion}). ` +
        'It was left untouched: update Steward to open it.',
    );
    this.name = 'DbFromFutureError';
  }
}

export function assertMonotonic(list: readonly Migration[]): void {
  list.forEach((m, i) => {
    if (m.version !== i + 1)
      throw new Error(`Migration #${i} has version ${m.version}, expected ${i + 1}`);
  });
}

export function latestVersion(list: readonly Migration[] = migrations): number {
  return list.length === 0 ? 0 : list[list.length - 1]!.version;
}

export function currentVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Migrates up to `target` (default: latest). Returns the versions applied. */
export function migrate(
  db: Db,
  target?: number,
  list: readonly Migration[] = migrations,
): number[] {
  assertMonotonic(list);
  const latest = latestVersion(list);
  const to = target ?? latest;
  const from = currentVersion(db);
  if (from > latest) throw new DbFromFutureError(from, latest);
  if (from >= to) return [];
  const pending = list.filter((m) => m.version > from && m.version <= to);
  db.transaction(() => {
    for (const m of pending) m.up(db);
    db.pragma(`user_version = ${to}`);
  }).immediate();
  return pending.map((m) => m.version);
}
