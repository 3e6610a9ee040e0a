// Migration 13: the client report (PDF). Each client may set the language its report is written in
// (`clients.report_language`: en, da or ru; NULL = English), and the account manager may pick the
// period's notable conversations (`report_notables`, per client and month, in order, with an
// optional note); without picks the report falls back to its default (see the reports room).
// The brand colour already exists (`clients.color`, migration 1).
import type { Migration } from './index';

const m: Migration = {
  version: 13,
  name: 'client-report',
  up(db) {
    db.exec(`
      ALTER TABLE clients ADD COLUMN report_language TEXT CHECK (report_language IN ('en', 'da', 'ru'));
      CREATE TABLE report_notables (
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        position INTEGER NOT NULL,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        note TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (client_id, month, position),
        UNIQUE (client_id, month, conversation_id)
      );
    `);
  },
};
export default m;
