// Migration 0005: time tracking and billing (issue 10). Agents get a role (agent, team lead, account
// manager) and an idle threshold; time entries store raw seconds (rounding happens only in reports
// and exports); idle reviews hold idle time until the agent decides (never billed silently);
// contracts are one validated JSON document per client (shared/billing ContractSchema); periods hold
// the approval state per client and month (no row = open).
import type { Migration } from './index';

const m: Migration = {
  version: 5,
  name: 'time',
  up(db) {
    db.exec(`
      ALTER TABLE agents ADD COLUMN role TEXT NOT NULL DEFAULT 'agent' CHECK (role IN ('agent','team_lead','account_manager'));
      ALTER TABLE agents ADD COLUMN idle_threshold_seconds INTEGER NOT NULL DEFAULT 300 CHECK (idle_threshold_seconds BETWEEN 60 AND 14400);

      CREATE TABLE time_entries (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents(id),
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        activity TEXT NOT NULL,
        billable INTEGER NOT NULL DEFAULT 1 CHECK (billable IN (0,1)),
        origin TEXT NOT NULL CHECK (origin IN ('auto','timer','manual','idle-kept')),
        start_at INTEGER NOT NULL,
        seconds INTEGER NOT NULL CHECK (seconds >= 0),
        note TEXT NOT NULL DEFAULT '',
        running INTEGER NOT NULL DEFAULT 0 CHECK (running IN (0,1)),
        deleted_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX time_entries_client_start ON time_entries(client_id, start_at) WHERE deleted_at IS NULL;
      CREATE INDEX time_entries_agent_start ON time_entries(agent_id, start_at);
      CREATE INDEX time_entries_start ON time_entries(start_at) WHERE deleted_at IS NULL;
      CREATE UNIQUE INDEX time_entries_one_timer ON time_entries(agent_id) WHERE running = 1 AND origin = 'timer';

      CREATE TABLE time_idle_reviews (
        id INTEGER PRIMARY KEY,
        agent_id INTEGER NOT NULL REFERENCES agents(id),
        start_at INTEGER NOT NULL,
        end_at INTEGER NOT NULL CHECK (end_at > start_at),
        client_id INTEGER REFERENCES clients(id) ON DELETE SET NULL,
        conversation_id INTEGER REFERENCES conversations(id) ON DELETE SET NULL,
        source_id INTEGER REFERENCES sources(id) ON DELETE SET NULL,
        activity TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending','discarded','kept','reassigned')),
        entry_id INTEGER REFERENCES time_entries(id) ON DELETE SET NULL,
        resolved_at INTEGER
      ) STRICT;
      CREATE INDEX time_idle_pending ON time_idle_reviews(agent_id) WHERE state = 'pending';

      CREATE TABLE client_contracts (
        client_id INTEGER PRIMARY KEY REFERENCES clients(id) ON DELETE CASCADE,
        contract_json TEXT NOT NULL,
        updated_at INTEGER NOT NULL
      ) STRICT;

      CREATE TABLE time_periods (
        client_id INTEGER NOT NULL REFERENCES clients(id) ON DELETE CASCADE,
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]'),
        state TEXT NOT NULL CHECK (state IN ('open','submitted','approved','invoiced')),
        updated_at INTEGER NOT NULL,
        updated_by INTEGER REFERENCES agents(id) ON DELETE SET NULL,
        PRIMARY KEY (client_id, month)
      ) STRICT;
    `);
  },
};
export default m;
