// Migrations: ordered, one transaction, user_version tracked, a newer database refused untouched.
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDb } from '../../../electron/core/db/open';
import {
  assertMonotonic,
  currentVersion,
  DbFromFutureError,
  latestVersion,
  migrate,
} from '../../../electron/core/db/migrate';
import { migrations, type Migration } from '../../../electron/core/db/migrations';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => {
  cleanup?.();
  cleanup = null;
});
const file = () => {
  const t = tempDir();
  cleanup = t.cleanup;
  return join(t.dir, 'x.db');
};

describe('migration runner', () => {
  it('versions strictly increase from 1', () => {
    expect(() => assertMonotonic(migrations)).not.toThrow();
    expect(() => assertMonotonic([{ version: 2, name: 'x', up() {} }])).toThrow(/expected 1/);
  });

  it('migrates an empty file to the latest version and is idempotent', () => {
    const db = openDb(file(), { migrate: false });
    expect(currentVersion(db)).toBe(0);
    expect(migrate(db)).toEqual(migrations.map((m) => m.version));
    expect(currentVersion(db)).toBe(latestVersion());
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('refuses a database from a newer Steward and leaves it untouched', () => {
    const path = file();
    const raw = new Database(path);
    raw.pragma(`user_version = ${latestVersion() + 5}`);
    raw.exec('CREATE TABLE precious (x)');
    raw.close();
    const before = readFileSync(path);
    expect(() => openDb(path)).toThrow(DbFromFutureError);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('rolls the whole batch back when one migration fails', () => {
    const db = openDb(file(), { migrate: false });
    const list: Migration[] = [
      { version: 1, name: 'ok', up: (d) => d.exec('CREATE TABLE a (x)') },
      { version: 2, name: 'broken', up: (d) => d.exec('CREATE TABLE nope (') },
    ];
    expect(() => migrate(db, undefined, list)).toThrow();
    expect(currentVersion(db)).toBe(0);
    expect(db.prepare("SELECT count(*) n FROM sqlite_master WHERE name = 'a'").get()).toEqual({
      n: 0,
    });
    db.close();
  });
});

describe('migration 0001-init', () => {
  it('creates the skeleton schema with WAL, FTS5 kept in sync, and the queue index', () => {
    const db = openDb(file(), { migrate: false });
    migrate(db, 1);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type IN ('table') ORDER BY name")
      .all()
      .map((r) => (r as { name: string }).name);
    for (const t of [
      'agents',
      'clients',
      'sources',
      'members',
      'conversations',
      'messages',
      'outbox',
      'drafts',
      'audit_events',
      'quarantine',
      'messages_fts',
    ]) {
      expect(tables).toContain(t);
    }
    db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'C', '#000000', 'UTC', 60, 0);
      INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0);
      INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at) VALUES (1, 1, 1, 't1', 'T', 0, 0);
      INSERT INTO messages (conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at)
        VALUES (1, 1, 'p1', 'inbound', 'a', '<p>refund please</p>', 'refund please', 0);`);
    const hit = () =>
      db.prepare("SELECT rowid FROM messages_fts WHERE messages_fts MATCH 'refund'").all().length;
    expect(hit()).toBe(1);
    db.exec("UPDATE messages SET body_text = 'changed text' WHERE external_id = 'p1'");
    expect(hit()).toBe(0);
    const plan = db
      .prepare(
        "EXPLAIN QUERY PLAN SELECT id FROM conversations WHERE status IN ('new','open') ORDER BY due_at, id LIMIT 50",
      )
      .all()
      .map((r) => (r as { detail: string }).detail)
      .join(' | ');
    expect(plan).toMatch(/conversations_queue/);
    // The same platform message twice is rejected by the unique index.
    expect(() =>
      db.exec(`INSERT INTO messages (conversation_id, source_id, external_id, direction, author_name, body_html, body_text, created_at)
        VALUES (1, 1, 'p1', 'inbound', 'a', 'x', 'x', 0)`),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});
