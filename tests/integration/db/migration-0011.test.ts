// Migration 0011 (tag catalogue): a version-10 database's free-text conversation tags become each
// client's catalogue tags (a built-in's name maps to the built-in; spelling variants of one key become
// one tag), every client gets its five built-in kinds, tags_json is rewritten to the sorted keys, and a
// client created afterwards gets its built-ins from the trigger.
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { currentVersion, migrate } from '../../../electron/core/db/migrate';
import { openDb } from '../../../electron/core/db/open';
import { tempDir } from '../../helpers/core';

let cleanup: (() => void) | null = null;
afterEach(() => cleanup?.());

it('0010 -> 0011 turns free-text tags into catalogue tags per client, keeping every conversation tagged', () => {
  const t = tempDir();
  cleanup = t.cleanup;
  const db = openDb(join(t.dir, 'm.db'), { migrate: false });
  migrate(db, 10);
  db.exec(`INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (1, 'A', '#000000', 'UTC', 60, 5), (2, 'B', '#000000', 'UTC', 60, 6);
    INSERT INTO sources (id, client_id, platform, name, base_url, created_at) VALUES (1, 1, 'discourse', 'S', 'http://x', 0), (2, 2, 'discourse', 'S2', 'http://y', 0);
    INSERT INTO conversations (id, client_id, source_id, external_id, title, created_at, last_message_at, tags_json) VALUES
      (1, 1, 1, 'a', 't', 10, 10, '["vip","Bug"]'), (2, 1, 1, 'b', 't', 20, 20, '["VIP ", "refund"]'),
      (3, 2, 2, 'c', 't', 30, 30, '["vip"]'), (4, 2, 2, 'd', 't', 40, 40, 'not json'), (5, 2, 2, 'e', 't', 50, 50, '[]');`);
  migrate(db, 11);
  expect(currentVersion(db)).toBe(11);
  const tags = db
    .prepare(
      'SELECT client_id AS c, name, name_key AS key, kind, builtin FROM tags ORDER BY client_id, builtin DESC, id',
    )
    .all() as { c: number; name: string; key: string; kind: string | null; builtin: number }[];
  const builtins = (c: number) =>
    tags.filter((x) => x.c === c && x.builtin === 1).map((x) => x.kind);
  expect(builtins(1)).toEqual(['bug', 'feature_request', 'praise', 'complaint', 'question']);
  expect(builtins(2)).toEqual(['bug', 'feature_request', 'praise', 'complaint', 'question']);
  expect(tags.filter((x) => x.builtin === 0).map((x) => [x.c, x.name, x.key, x.kind])).toEqual([
    [1, 'vip', 'vip', null],
    [1, 'refund', 'refund', null],
    [2, 'vip', 'vip', null],
  ]);
  const links = db
    .prepare(
      `SELECT ct.conversation_id AS conv, t.name_key AS key FROM conversation_tags ct JOIN tags t ON t.id = ct.tag_id ORDER BY conv, key`,
    )
    .all();
  expect(links).toEqual([
    { conv: 1, key: 'bug' },
    { conv: 1, key: 'vip' },
    { conv: 2, key: 'refund' },
    { conv: 2, key: 'vip' },
    { conv: 3, key: 'vip' },
  ]);
  const json = db.prepare('SELECT id, tags_json AS j FROM conversations ORDER BY id').all();
  expect(json).toEqual([
    { id: 1, j: '["bug","vip"]' },
    { id: 2, j: '["refund","vip"]' },
    { id: 3, j: '["vip"]' },
    { id: 4, j: '[]' },
    { id: 5, j: '[]' },
  ]);
  db.exec(
    `INSERT INTO clients (id, name, color, timezone, first_reply_minutes, created_at) VALUES (3, 'C', '#000000', 'UTC', 60, 7)`,
  );
  expect(
    db.prepare('SELECT count(*) AS n FROM tags WHERE client_id = 3 AND builtin = 1').get(),
  ).toEqual({ n: 5 });
  db.close();
});
