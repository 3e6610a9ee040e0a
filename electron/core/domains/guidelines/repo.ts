// electron/core/domains/guidelines: a client's brand guideline (source as written + parsed rules)
// and the overrides of its error findings on send.
import type { Guideline } from '../../../../shared/guidelines';
import type { Db } from '../../db/open';
import { parseJson } from '../../db/rows';

export type StoredGuideline = {
  clientId: number;
  format: 'json' | 'yaml';
  source: string;
  guideline: Guideline;
  updatedAt: number;
};
export type OverrideRow = {
  id: number;
  at: number;
  agentId: number | null;
  agentName: string;
  conversationId: number | null;
  messageId: number | null;
  reason: string;
  ruleIds: string[];
};

export function createGuidelinesRepo(db: Db) {
  return {
    get(clientId: number): StoredGuideline | null {
      const r = db
        .prepare<
          [number],
          {
            client_id: number;
            format: 'json' | 'yaml';
            source: string;
            parsed_json: string;
            updated_at: number;
          }
        >('SELECT * FROM guidelines WHERE client_id = ?')
        .get(clientId);
      return r
        ? {
            clientId: r.client_id,
            format: r.format,
            source: r.source,
            guideline: parseJson<Guideline>(r.parsed_json, { version: 1, rules: [] }),
            updatedAt: r.updated_at,
          }
        : null;
    },
    set(
      g: { clientId: number; format: 'json' | 'yaml'; source: string; guideline: Guideline },
      now: number,
    ): void {
      db.prepare(
        `INSERT INTO guidelines (client_id, format, source, parsed_json, updated_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(client_id) DO UPDATE SET format = excluded.format, source = excluded.source, parsed_json = excluded.parsed_json, updated_at = excluded.updated_at`,
      ).run(g.clientId, g.format, g.source, JSON.stringify(g.guideline), now);
    },
    remove(clientId: number): void {
      db.prepare('DELETE FROM guidelines WHERE client_id = ?').run(clientId);
    },
    addOverride(o: {
      clientId: number;
      conversationId: number;
      messageId: number;
      agentId: number;
      at: number;
      reason: string;
      ruleIds: string[];
    }): void {
      db.prepare(
        'INSERT INTO guideline_overrides (client_id, conversation_id, message_id, agent_id, at, reason, rule_ids_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        o.clientId,
        o.conversationId,
        o.messageId,
        o.agentId,
        o.at,
        o.reason,
        JSON.stringify(o.ruleIds),
      );
    },
    /** Overrides for a client in [from, to), newest first. */
    overrides(clientId: number, from: number, to: number): OverrideRow[] {
      const rows = db
        .prepare<
          [number, number, number],
          {
            id: number;
            at: number;
            agent_id: number | null;
            name: string | null;
            conversation_id: number | null;
            message_id: number | null;
            reason: string;
            rule_ids_json: string;
          }
        >(
          `SELECT o.id, o.at, o.agent_id, a.name, o.conversation_id, o.message_id, o.reason, o.rule_ids_json
           FROM guideline_overrides o LEFT JOIN agents a ON a.id = o.agent_id
           WHERE o.client_id = ? AND o.at >= ? AND o.at < ? ORDER BY o.at DESC, o.id DESC`,
        )
        .all(clientId, from, to);
      return rows.map((r) => ({
        id: r.id,
        at: r.at,
        agentId: r.agent_id,
        agentName: r.name ?? '',
        conversationId: r.conversation_id,
        messageId: r.message_id,
        reason: r.reason,
        ruleIds: parseJson<string[]>(r.rule_ids_json, []),
      }));
    },
  };
}
export type GuidelinesRepo = ReturnType<typeof createGuidelinesRepo>;
