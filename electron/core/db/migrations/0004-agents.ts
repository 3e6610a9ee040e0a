// Migration 0004: agents get an e-mail (the current agent is chosen at first start: name + e-mail),
// and every audit event records the acting agent's id, not only a name in free text. Existing
// events are linked to the agent whose name they carry (when exactly one agent has that name).
import type { Migration } from './index';

const m: Migration = {
  version: 4,
  name: 'agents',
  up(db) {
    db.exec(`
      ALTER TABLE agents ADD COLUMN email TEXT;
      CREATE UNIQUE INDEX agents_email ON agents(lower(email)) WHERE email IS NOT NULL;
      ALTER TABLE audit_events ADD COLUMN actor_id INTEGER REFERENCES agents(id) ON DELETE SET NULL;
      UPDATE audit_events SET actor_id = (SELECT a.id FROM agents a WHERE a.name = audit_events.actor)
        WHERE (SELECT count(*) FROM agents a WHERE a.name = audit_events.actor) = 1;
      CREATE INDEX audit_actor ON audit_events(actor_id, at);
    `);
  },
};
export default m;
