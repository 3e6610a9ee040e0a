// electron/core/db/repositories: drafts, audit events and quarantined payloads.
import type { AuditEvent, QuarantineItem } from '../../../../shared/domain/entities';
import type { Db } from '../open';
import { iso, parseJson } from './rows';

export function createDraftsRepo(db: Db) {
  return {
    get(conversationId: number): string {
      return db.prepare<[number], { body: string }>('SELECT body FROM drafts WHERE conversation_id = ?').get(conversationId)?.body ?? '';
    },
    save(conversationId: number, body: string, now: number): void {
      if (body === '') {
        db.prepare('DELETE FROM drafts WHERE conversation_id = ?').run(conversationId);
        return;
      }
      db.prepare(
        `INSERT INTO drafts (conversation_id, body, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (conversation_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at`,
      ).run(conversationId, body, now);
    },
  };
}

export function createAuditRepo(db: Db) {
  return {
    add(e: { at: number; actor: string; action: string; entity: string; entityId: string | number; data?: Record<string, unknown> }): void {
      db.prepare('INSERT INTO audit_events (at, actor, action, entity, entity_id, data_json) VALUES (?, ?, ?, ?, ?, ?)').run(
        e.at, e.actor, e.action, e.entity, String(e.entityId), JSON.stringify(e.data ?? {}),
      );
    },
    list(f: { entity?: string; entityId?: string; limit: number }): AuditEvent[] {
      const where: string[] = [];
      const params: unknown[] = [];
      if (f.entity) { where.push('entity = ?'); params.push(f.entity); }
      if (f.entityId) { where.push('entity_id = ?'); params.push(f.entityId); }
      const rows = db
        .prepare(`SELECT * FROM audit_events ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY id DESC LIMIT ?`)
        .all(...params, f.limit) as { id: number; at: number; actor: string; action: string; entity: string; entity_id: string; data_json: string }[];
      return rows.map((r) => ({ id: r.id, at: iso(r.at), actor: r.actor, action: r.action, entity: r.entity, entityId: r.entity_id, data: parseJson(r.data_json, {}) }));
    },
  };
}

export function createQuarantineRepo(db: Db) {
  return {
    list(sourceId: number | undefined, limit: number): QuarantineItem[] {
      const rows = (sourceId
        ? db.prepare('SELECT * FROM quarantine WHERE source_id = ? ORDER BY id DESC LIMIT ?').all(sourceId, limit)
        : db.prepare('SELECT * FROM quarantine ORDER BY id DESC LIMIT ?').all(limit)) as { id: number; source_id: number; received_at: number; reason: string; payload: string }[];
      return rows.map((r) => ({ id: r.id, sourceId: r.source_id, receivedAt: iso(r.received_at), reason: r.reason, payload: r.payload }));
    },
  };
}
