// electron/core/domains/agents: the agents repository (people who act in Steward).
import type { Agent } from '../../../../shared/domain/entities';
import type { Db } from '../../db/open';

type AgentRow = { id: number; name: string; email: string | null };
const toAgent = (r: AgentRow): Agent => ({ id: r.id, name: r.name, email: r.email });

export function createAgentsRepo(db: Db) {
  const byId = db.prepare<[number], AgentRow>('SELECT id, name, email FROM agents WHERE id = ?');
  return {
    list(): Agent[] {
      return db
        .prepare<[], AgentRow>('SELECT id, name, email FROM agents ORDER BY id')
        .all()
        .map(toAgent);
    },
    get(id: number): Agent | null {
      const r = byId.get(id);
      return r ? toAgent(r) : null;
    },
    byEmail(email: string): Agent | null {
      const r = db
        .prepare<[string], AgentRow>(
          'SELECT id, name, email FROM agents WHERE lower(email) = lower(?)',
        )
        .get(email);
      return r ? toAgent(r) : null;
    },
    insert(a: { name: string; email: string | null }): Agent {
      const info = db
        .prepare('INSERT INTO agents (name, email) VALUES (?, ?)')
        .run(a.name, a.email);
      return { id: Number(info.lastInsertRowid), name: a.name, email: a.email };
    },
    update(id: number, a: { name: string; email: string | null }): Agent | null {
      db.prepare('UPDATE agents SET name = ?, email = ? WHERE id = ?').run(a.name, a.email, id);
      return this.get(id);
    },
  };
}
export type AgentsRepo = ReturnType<typeof createAgentsRepo>;
