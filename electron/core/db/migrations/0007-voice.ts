// Migration 0007 (voice): every client's voice. Canned responses (a library per client, agency-wide
// ones with client_id NULL that a client response may override), their use counted per response,
// client and agent, each client's brand guideline (the source as written, JSON or YAML, and the
// parsed rule set), and guideline overrides on send (reason, acting agent, the rules overridden).
import type { Migration } from './index';

const m: Migration = {
  version: 7,
  name: 'voice',
  up(db) {
    db.exec(`
      CREATE TABLE canned_responses (
        id TEXT PRIMARY KEY,
        client_id INTEGER REFERENCES clients(id) ON DELETE CASCADE,
        overrides TEXT,
        shortcut TEXT NOT NULL,
        title TEXT NOT NULL,
        folder TEXT NOT NULL DEFAULT '',
        tags_json TEXT NOT NULL DEFAULT '[]',
        variants_json TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        CHECK (overrides IS NULL OR client_id IS NOT NULL)
      );
      -- One shortcut per library (agency-wide = client 0), case-insensitive.
      CREATE UNIQUE INDEX canned_shortcut ON canned_responses(ifnull(client_id, 0), lower(shortcut));
      CREATE INDEX canned_client ON canned_responses(client_id, title);

      CREATE TABLE canned_usage (
        response_id TEXT NOT NULL REFERENCES canned_responses(id) ON DELETE CASCADE,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        agent_id INTEGER NOT NULL REFERENCES agents(id) ON DELETE CASCADE,
        uses INTEGER NOT NULL CHECK (uses > 0),
        last_used_at INTEGER NOT NULL,
        PRIMARY KEY (response_id, client_id, agent_id)
      ) WITHOUT ROWID;
      CREATE INDEX canned_usage_client ON canned_usage(client_id, agent_id);

      CREATE TABLE guidelines (
        client_id INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
        format TEXT NOT NULL CHECK (format IN ('json', 'yaml')),
        source TEXT NOT NULL,
        parsed_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE guideline_overrides (
        id INTEGER PRIMARY KEY,
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
        message_id INTEGER REFERENCES messages(id) ON DELETE SET NULL,
        agent_id INTEGER REFERENCES agents(id) ON DELETE SET NULL,
        at INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        rule_ids_json TEXT NOT NULL
      );
      CREATE INDEX guideline_overrides_client ON guideline_overrides(client_id, at);
    `);
  },
};
export default m;
