// electron/core/domains/sources: quarantined inbound payloads (what a connector or the ingest refused, with why).
import type { QuarantineItem } from '../../../../shared/domain/entities';
import type { Db } from '../../db/open';
import { iso } from '../../db/rows';

export function createQuarantineRepo(db: Db) {
  return {
    list(sourceId: number | undefined, limit: number): QuarantineItem[] {
      const rows = (
        sourceId
          ? db
              .prepare('SELECT * FROM quarantine WHERE source_id = ? ORDER BY id DESC LIMIT ?')
              .all(sourceId, limit)
          : db.prepare('SELECT * FROM quarantine ORDER BY id DESC LIMIT ?').all(limit)
      ) as {
        id: number;
        source_id: number;
        received_at: number;
        reason: string;
        payload: string;
      }[];
      return rows.map((r) => ({
        id: r.id,
        sourceId: r.source_id,
        receivedAt: iso(r.received_at),
        reason: r.reason,
        payload: r.payload,
      }));
    },
  };
}
