// Migration 0007 (voice): canned responses with one shortcut per library (agency = NULL client),
// use counts per response/client/agent, one guideline per client, overrides with a non-empty reason;
// deleting a client removes its library, guideline and counts.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0006 -> 0007 creates the voice tables with their constraints', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 6);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'A', '#000000', 'UTC', 60, 0), (2, 'B', '#000000', 'UTC', 60, 0);
    INSERT INTO agents (id, name) VALUES (1, 'Ann');`);
  migrate(db, 7);
  expect(currentVersion(db)).toBe(7);
  const ins = db.prepare(
    'INSERT INTO canned_responses (id, client_id, overrides, shortcut, title, variants_json, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, 0, 0)',
  );
  ins.run('ag', null, null, 'refund', 'Refund', '[]');
  ins.run('a1', 1, 'ag', 'refund', 'Refund (A)', '[]'); // a client may reuse an agency shortcut
  ins.run('b1', 2, null, 'Refund', 'Refund (B)', '[]');
  expect(() => ins.run('a2', 1, null, 'REFUND', 'dup', '[]')).toThrow(/UNIQUE/);
  expect(() => ins.run('ag2', null, null, 'Refund', 'dup', '[]')).toThrow(/UNIQUE/);
  expect(() => ins.run('ag3', null, 'ag', 'other', 'agency cannot override', '[]')).toThrow(
    /CHECK/,
  );
  db.prepare('INSERT INTO canned_usage VALUES (?, ?, ?, ?, ?)').run('a1', 1, 1, 3, 1000);
  expect(() =>
    db.prepare('INSERT INTO canned_usage VALUES (?, ?, ?, ?, ?)').run('a1', 1, 1, 1, 1),
  ).toThrow(/UNIQUE|PRIMARY/);
  expect(() =>
    db.prepare('INSERT INTO canned_usage VALUES (?, ?, ?, ?, ?)').run('zz', 1, 1, 1, 1),
  ).toThrow(/FOREIGN KEY/);
  db.prepare("INSERT INTO guidelines VALUES (1, 'yaml', 'rules: []', '{\"rules\":[]}', 0)").run();
  expect(() => db.prepare("INSERT INTO guidelines VALUES (2, 'toml', '', '{}', 0)").run()).toThrow(
    /CHECK/,
  );
  expect(() =>
    db
      .prepare(
        "INSERT INTO guideline_overrides (client_id, at, reason, rule_ids_json) VALUES (1, 0, '  ', '[]')",
      )
      .run(),
  ).toThrow(/CHECK/);
  db.prepare(
    "INSERT INTO guideline_overrides (client_id, agent_id, at, reason, rule_ids_json) VALUES (1, 1, 0, 'member asked', '[\"x\"]')",
  ).run();
  db.prepare('DELETE FROM clients WHERE id = 1').run();
  const n = (table: string) =>
    (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  expect([
    n('canned_responses'),
    n('canned_usage'),
    n('guidelines'),
    n('guideline_overrides'),
  ]).toEqual([2, 0, 0, 0]);
  db.close();
});
