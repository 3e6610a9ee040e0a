// Migration 0011: the tag catalogue per client, conversation tags from it, and feedback items.
// - tags: a client's catalogue. Five built-in rows per client (one per feedback kind, builtin = 1,
//   created by a trigger with every client) and the client's themes (kind = a feedback kind, or NULL
//   for a plain label). `name_key` (NFKC, collapsed spaces, lower case: shared/domain/tags.ts tagKey)
//   is unique among a client's tags that were not merged away; a merged tag keeps its row, archived,
//   with merged_into_id pointing at the survivor (the audit log can always name it).
// - conversation_tags: which catalogue tags a conversation carries (the truth);
//   conversations.tags_json stays as the derived list of their keys, which the SLA policy matching
//   reads unchanged.
// - feedback_items: a member message tagged as feedback with a tag that has a kind.
// Backfill: every existing client gets its built-ins; every free-text tag in tags_json becomes a
// catalogue tag of the conversation's client (a name equal to a built-in's name is that built-in)
// and a conversation_tags row; tags_json is rewritten to the sorted keys.
import { BUILTIN_TAG_NAMES, FEEDBACK_KINDS, tagKey } from '../../../../shared/domain/tags';
import type { Migration } from './index';

const builtinValues = (client: string, at: string) =>
  FEEDBACK_KINDS.map(
    (k) =>
      `(${client}, '${BUILTIN_TAG_NAMES[k]}', '${BUILTIN_TAG_NAMES[k]}', '${k}', 1, ${at}, ${at})`,
  ).join(', ');

const m: Migration = {
  version: 11,
  name: 'tag-catalogue',
  up(db) {
    db.exec(`
      CREATE TABLE tags (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        name_key TEXT NOT NULL,
        kind TEXT CHECK (kind IN ('bug','feature_request','praise','complaint','question')),
        builtin INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
        archived_at INTEGER,
        merged_into_id INTEGER REFERENCES tags(id) ON DELETE SET NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (builtin = 0 OR kind IS NOT NULL)
      ) STRICT;
      CREATE UNIQUE INDEX tags_client_key ON tags(client_id, name_key) WHERE merged_into_id IS NULL;
      CREATE UNIQUE INDEX tags_client_builtin ON tags(client_id, kind) WHERE builtin = 1;

      CREATE TABLE conversation_tags (
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        PRIMARY KEY (conversation_id, tag_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX conversation_tags_tag ON conversation_tags(tag_id, conversation_id);

      CREATE TABLE feedback_items (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        tag_id INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
        member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
        -- the tagged message's own time: a report period counts feedback by when it was said
        said_at INTEGER NOT NULL,
        tagged_by_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
        tagged_at INTEGER NOT NULL,
        UNIQUE (message_id, tag_id)
      ) STRICT;
      CREATE INDEX feedback_items_client_said ON feedback_items(client_id, said_at);
      CREATE INDEX feedback_items_said ON feedback_items(said_at);
      CREATE INDEX feedback_items_tag ON feedback_items(tag_id, said_at);
      CREATE INDEX feedback_items_conv ON feedback_items(conversation_id, message_id);

      CREATE TRIGGER tags_builtin_for_client AFTER INSERT ON clients BEGIN
        INSERT INTO tags (client_id, name, name_key, kind, builtin, created_at, updated_at)
          VALUES ${builtinValues('new.id', 'new.created_at')};
      END;
    `);
    const clients = db.prepare('SELECT id, created_at FROM clients').all() as {
      id: number;
      created_at: number;
    }[];
    for (const c of clients)
      db.exec(
        `INSERT INTO tags (client_id, name, name_key, kind, builtin, created_at, updated_at) VALUES ${builtinValues(String(c.id), String(c.created_at))}`,
      );

    const convs = db
      .prepare(
        `SELECT id, client_id, created_at, tags_json FROM conversations WHERE tags_json <> '[]'`,
      )
      .all() as { id: number; client_id: number; created_at: number; tags_json: string }[];
    const find = db.prepare<[number, string], { id: number }>(
      'SELECT id FROM tags WHERE client_id = ? AND name_key = ? AND merged_into_id IS NULL',
    );
    const insert = db.prepare(
      'INSERT INTO tags (client_id, name, name_key, kind, builtin, created_at, updated_at) VALUES (?, ?, ?, NULL, 0, ?, ?)',
    );
    const link = db.prepare(
      'INSERT OR IGNORE INTO conversation_tags (conversation_id, tag_id) VALUES (?, ?)',
    );
    const rewrite = db.prepare('UPDATE conversations SET tags_json = ? WHERE id = ?');
    for (const c of convs) {
      let names: unknown;
      try {
        names = JSON.parse(c.tags_json);
      } catch {
        names = [];
      }
      const keys = new Set<string>();
      for (const raw of Array.isArray(names) ? names : []) {
        if (typeof raw !== 'string') continue;
        const name = raw.normalize('NFKC').trim().replace(/\s+/g, ' ').slice(0, 40);
        if (!name) continue;
        const key = tagKey(name);
        const id =
          find.get(c.client_id, key)?.id ??
          Number(insert.run(c.client_id, name, key, c.created_at, c.created_at).lastInsertRowid);
        link.run(c.id, id);
        keys.add(key);
      }
      rewrite.run(JSON.stringify([...keys].sort()), c.id);
    }
  },
};
export default m;
