// electron/core/domains/audit: the audit log repository.
import type { AuditEvent } from '../../../../shared/domain/entities';
import type { Db } from '../../db/open';
import { iso, parseJson } from '../../db/rows';

export function createAuditRepo(db: Db) {
  return {
    add(e: {
      at: number;
      actorId: number | null;
      actor: string;
      action: string;
      entity: string;
      entityId: string | number;
      data?: Record<string, unknown>;
    }): void {
      db.prepare(
        'INSERT INTO audit_events (at, actor_id, actor, action, entity, entity_id, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ).run(
        e.at,
        e.actorId,
        e.actor,
        e.action,
        e.entity,
        String(e.entityId),
        JSON.stringify(e.data ?? {}),
      );
    },
    /** When this agent last recorded this command on this target (null: never). */
    lastAt(k: {
      actorId: number;
      action: string;
      entity: string;
      entityId: string | number;
    }): number | null {
      const r = db
        .prepare<[string, string, number, string], { at: number }>(
          'SELECT at FROM audit_events WHERE entity = ? AND entity_id = ? AND actor_id = ? AND action = ? ORDER BY id DESC LIMIT 1',
        )
        .get(k.entity, String(k.entityId), k.actorId, k.action);
      return r?.at ?? null;
    },
    list(f: { entity?: string; entityId?: string; limit: number }): AuditEvent[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.entity) {
        where.push('entity = ?');
        params.push(f.entity);
      }
      if (f.entityId) {
        where.push('entity_id = ?');
        params.push(f.entityId);
      }
      const rows = db
        .prepare(
          `SELECT * FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`,
        )
        .all(...params, f.limit) as {
        id: number;
        at: number;
        actor_id: number | null;
        actor: string;
        action: string;
        entity: string;
        entity_id: string;
        data_json: string;
      }[];
      return rows.map((r) => ({
        id: r.id,
        at: iso(r.at),
        actorId: r.actor_id,
        actor: r.actor,
        action: r.action,
        entity: r.entity,
        entityId: r.entity_id,
        data: parseJson(r.data_json, {}),
      }));
    },
  };
}

export type AuditRepo = ReturnType<typeof createAuditRepo>;
