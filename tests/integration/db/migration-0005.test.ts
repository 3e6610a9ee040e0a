// Migration 0005 (time): agents get a role (default agent) and an idle threshold (default 5 min);
// the time tables exist with their constraints (one running timer per agent, period states, no
// negative seconds); existing agents and clients are kept.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0004 -> 0005 adds roles, idle thresholds and the time tables with their constraints', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 4);
  db.exec(`INSERT INTO agents (id, name, email) VALUES (1, 'Ann', 'ann@x.test');
    INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'Northwind', '#000000', 'UTC', 60, 0);`);
  migrate(db, 5);
  expect(currentVersion(db)).toBe(5);
  expect(db.prepare('SELECT id, name, role, idle_threshold_seconds FROM agents').all()).toEqual([
    { id: 1, name: 'Ann', role: 'agent', idle_threshold_seconds: 300 },
  ]);
  expect(() => db.prepare("UPDATE agents SET role = 'admin' WHERE id = 1").run()).toThrow(/CHECK/);
  expect(() =>
    db.prepare('UPDATE agents SET idle_threshold_seconds = 5 WHERE id = 1').run(),
  ).toThrow(/CHECK/);

  const ins = db.prepare(
    `INSERT INTO time_entries (agent_id, client_id, activity, origin, start_at, seconds, running, created_at, updated_at) VALUES (1, 1, 'call', ?, 0, ?, ?, 0, 0)`,
  );
  ins.run('timer', 0, 1);
  expect(() => ins.run('timer', 0, 1)).toThrow(/UNIQUE/); // one running timer per agent
  ins.run('auto', 10, 1); // a running segment alongside is fine
  expect(() => ins.run('auto', -1, 0)).toThrow(/CHECK/);
  expect(() => ins.run('guess', 1, 0)).toThrow(/CHECK/);

  const period = db.prepare(
    'INSERT INTO time_periods (client_id, month, state, updated_at) VALUES (1, ?, ?, 0)',
  );
  period.run('2026-11', 'approved');
  expect(() => period.run('2026-12', 'paid')).toThrow(/CHECK/);
  expect(() => period.run('2026-1', 'open')).toThrow(/CHECK/);
  expect(() =>
    db
      .prepare(
        'INSERT INTO time_idle_reviews (agent_id, start_at, end_at, activity) VALUES (1, 10, 10, ?)',
      )
      .run('triage'),
  ).toThrow(/CHECK/);
  db.prepare(
    "INSERT INTO client_contracts (client_id, contract_json, updated_at) VALUES (1, '{}', 0)",
  ).run();
  db.prepare('DELETE FROM clients WHERE id = 1').run();
  expect(
    db
      .prepare(
        'SELECT (SELECT count(*) FROM time_entries) e, (SELECT count(*) FROM time_periods) p, (SELECT count(*) FROM client_contracts) c',
      )
      .get(),
  ).toEqual({ e: 0, p: 0, c: 0 });
  db.close();
});
