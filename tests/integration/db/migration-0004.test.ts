// Migration 0004 (agents): agents get an e-mail (unique, case-insensitive) and audit events the
// acting agent's id, linked from the free-text name where exactly one agent has that name.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0003 -> 0004 links audit events to the agent of the same name, and only when the name is unambiguous', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 3);
  db.exec(`INSERT INTO agents (id, name) VALUES (1, 'You'), (2, 'Sam'), (3, 'Sam');
    INSERT INTO audit_events (id, at, actor, action, entity, entity_id, data_json) VALUES
      (1, 0, 'You', 'conversation.status', 'conversation', '1', '{}'),
      (2, 0, 'Sam', 'conversation.status', 'conversation', '1', '{}'),
      (3, 0, 'system', 'source.add', 'source', '1', '{}');`);
  migrate(db, 4);
  expect(currentVersion(db)).toBe(4);
  expect(db.prepare('SELECT id, actor_id FROM audit_events ORDER BY id').all()).toEqual([
    { id: 1, actor_id: 1 },
    { id: 2, actor_id: null },
    { id: 3, actor_id: null },
  ]);
  expect(db.prepare('SELECT id, name, email FROM agents ORDER BY id').all()).toEqual([
    { id: 1, name: 'You', email: null },
    { id: 2, name: 'Sam', email: null },
    { id: 3, name: 'Sam', email: null },
  ]);
  db.prepare('UPDATE agents SET email = ? WHERE id = 1').run('you@agency.example');
  expect(() =>
    db.prepare('UPDATE agents SET email = ? WHERE id = 2').run('YOU@agency.example'),
  ).toThrow(/UNIQUE/);
  db.close();
});
