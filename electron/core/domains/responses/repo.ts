// electron/core/domains/responses: the canned-responses repository (libraries and use counts).
import type { ResponseRecord } from '../../../../shared/ipc/domains/responses';
import type { Db } from '../../db/open';
import { iso, parseJson } from '../../db/rows';

type Row = {
  id: string;
  client_id: number | null;
  overrides: string | null;
  shortcut: string;
  title: string;
  folder: string;
  tags_json: string;
  variants_json: string;
  created_at: number;
  updated_at: number;
};
const toRecord = (r: Row): ResponseRecord => ({
  id: r.id,
  clientId: r.client_id,
  overrides: r.overrides,
  shortcut: r.shortcut,
  title: r.title,
  folder: r.folder,
  tags: parseJson<string[]>(r.tags_json, []),
  variants: parseJson<ResponseRecord['variants']>(r.variants_json, []),
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
});

export type ResponseWrite = Omit<ResponseRecord, 'createdAt' | 'updatedAt'>;

export function createResponsesRepo(db: Db) {
  const byId = db.prepare<[string], Row>('SELECT * FROM canned_responses WHERE id = ?');
  return {
    get(id: string): ResponseRecord | null {
      const r = byId.get(id);
      return r ? toRecord(r) : null;
    },
    /** One library: a client's own responses, or the agency-wide ones (null). */
    list(clientId: number | null): ResponseRecord[] {
      const rows =
        clientId === null
          ? db
              .prepare<[], Row>(
                'SELECT * FROM canned_responses WHERE client_id IS NULL ORDER BY title, id',
              )
              .all()
          : db
              .prepare<[number], Row>(
                'SELECT * FROM canned_responses WHERE client_id = ? ORDER BY title, id',
              )
              .all(clientId);
      return rows.map(toRecord);
    },
    /** The id of the response holding this shortcut in this library (case-insensitive), if any. */
    idByShortcut(clientId: number | null, shortcut: string): string | null {
      const r = db
        .prepare<[number, string], { id: string }>(
          'SELECT id FROM canned_responses WHERE ifnull(client_id, 0) = ? AND lower(shortcut) = lower(?)',
        )
        .get(clientId ?? 0, shortcut);
      return r?.id ?? null;
    },
    /** Inserts or replaces a response; created_at is kept on update. */
    upsert(r: ResponseWrite, now: number): ResponseRecord {
      db.prepare(
        `INSERT INTO canned_responses (id, client_id, overrides, shortcut, title, folder, tags_json, variants_json, created_at, updated_at)
         VALUES (@id, @clientId, @overrides, @shortcut, @title, @folder, @tags, @variants, @now, @now)
         ON CONFLICT(id) DO UPDATE SET client_id = excluded.client_id, overrides = excluded.overrides, shortcut = excluded.shortcut,
           title = excluded.title, folder = excluded.folder, tags_json = excluded.tags_json, variants_json = excluded.variants_json,
           updated_at = excluded.updated_at`,
      ).run({
        id: r.id,
        clientId: r.clientId,
        overrides: r.overrides,
        shortcut: r.shortcut,
        title: r.title,
        folder: r.folder,
        tags: JSON.stringify(r.tags),
        variants: JSON.stringify(r.variants),
        now,
      });
      return this.get(r.id)!;
    },
    delete(id: string): boolean {
      return db.prepare('DELETE FROM canned_responses WHERE id = ?').run(id).changes > 0;
    },
    /** Counts one use; returns this agent's uses of the response for this client. */
    use(responseId: string, clientId: number, agentId: number, at: number): number {
      db.prepare(
        `INSERT INTO canned_usage (response_id, client_id, agent_id, uses, last_used_at) VALUES (?, ?, ?, 1, ?)
         ON CONFLICT(response_id, client_id, agent_id) DO UPDATE SET uses = uses + 1, last_used_at = max(last_used_at, excluded.last_used_at)`,
      ).run(responseId, clientId, agentId, at);
      return (
        db
          .prepare(
            'SELECT uses FROM canned_usage WHERE response_id = ? AND client_id = ? AND agent_id = ?',
          )
          .get(responseId, clientId, agentId) as { uses: number }
      ).uses;
    },
    /** Uses per response for a client: by one agent, or by all agents (agentId null). */
    usage(clientId: number, agentId: number | null): Record<string, number> {
      const rows =
        agentId === null
          ? db
              .prepare<[number], { id: string; n: number }>(
                'SELECT response_id AS id, sum(uses) AS n FROM canned_usage WHERE client_id = ? GROUP BY response_id',
              )
              .all(clientId)
          : db
              .prepare<[number, number], { id: string; n: number }>(
                'SELECT response_id AS id, uses AS n FROM canned_usage WHERE client_id = ? AND agent_id = ?',
              )
              .all(clientId, agentId);
      return Object.fromEntries(rows.map((r) => [r.id, r.n]));
    },
    /** Last use of each response for a client (any agent). */
    lastUsed(clientId: number): Map<string, number> {
      const rows = db
        .prepare<[number], { id: string; at: number }>(
          'SELECT response_id AS id, max(last_used_at) AS at FROM canned_usage WHERE client_id = ? GROUP BY response_id',
        )
        .all(clientId);
      return new Map(rows.map((r) => [r.id, r.at]));
    },
    createdAt(id: string): number | null {
      const r = db
        .prepare<[string], { at: number }>(
          'SELECT created_at AS at FROM canned_responses WHERE id = ?',
        )
        .get(id);
      return r?.at ?? null;
    },
  };
}
export type ResponsesRepo = ReturnType<typeof createResponsesRepo>;
