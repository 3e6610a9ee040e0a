// electron/core/domains/clients: the clients repository (client brands).
import type { Client } from '../../../../shared/domain/entities';
import type { Db } from '../../db/open';

type ClientRow = {
  id: number;
  name: string;
  color: string;
  timezone: string;
  first_reply_minutes: number;
  briefing: string;
  is_demo: number;
};
const toClient = (r: ClientRow): Client => ({
  id: r.id,
  name: r.name,
  color: r.color,
  timezone: r.timezone,
  firstReplyMinutes: r.first_reply_minutes,
  briefing: r.briefing,
  isDemo: r.is_demo === 1,
});

export type NewClient = Omit<Client, 'id'>;

export function createClientsRepo(db: Db) {
  const byId = db.prepare<[number], ClientRow>('SELECT * FROM clients WHERE id = ?');
  return {
    list(): Client[] {
      return db.prepare<[], ClientRow>('SELECT * FROM clients ORDER BY name').all().map(toClient);
    },
    get(id: number): Client | null {
      const r = byId.get(id);
      return r ? toClient(r) : null;
    },
    insert(c: NewClient, now: number): Client {
      const info = db
        .prepare(
          `INSERT INTO clients (name, color, timezone, first_reply_minutes, briefing, is_demo, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(c.name, c.color, c.timezone, c.firstReplyMinutes, c.briefing, c.isDemo ? 1 : 0, now);
      return this.get(Number(info.lastInsertRowid))!;
    },
    update(id: number, patch: Partial<Omit<Client, 'id' | 'isDemo'>>): Client | null {
      const cur = this.get(id);
      if (!cur) return null;
      const n = {
        ...cur,
        ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)),
      };
      db.prepare(
        'UPDATE clients SET name = ?, color = ?, timezone = ?, first_reply_minutes = ?, briefing = ? WHERE id = ?',
      ).run(n.name, n.color, n.timezone, n.firstReplyMinutes, n.briefing, id);
      return this.get(id);
    },
    /** Whether the workspace holds demo clients (app.info's demo flag). */
    hasDemo(): boolean {
      return db.prepare('SELECT 1 FROM clients WHERE is_demo = 1 LIMIT 1').get() !== undefined;
    },
    count(): number {
      return (db.prepare('SELECT count(*) AS n FROM clients').get() as { n: number }).n;
    },
  };
}
export type ClientsRepo = ReturnType<typeof createClientsRepo>;
