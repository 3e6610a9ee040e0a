// electron/core/domains/sources: the sources repository (connected communities), their cursor and health.
import type { Platform, Source, SourceHealth } from '../../../../shared/domain/entities';
import type { Db } from '../../db/open';
import { isoOrNull, parseJson } from '../../db/rows';

type SourceRow = {
  id: number;
  client_id: number;
  platform: string;
  name: string;
  base_url: string;
  config_json: string;
  cursor_json: string | null;
  secret_ref: string | null;
  enabled: number;
  health_status: string;
  last_sync_at: number | null;
  last_error: string | null;
  consecutive_failures: number;
  next_attempt_at: number | null;
  quarantined: number;
};

const SELECT = `SELECT s.*, (SELECT count(*) FROM quarantine q WHERE q.source_id = s.id) AS quarantined FROM sources s`;

/** How the repository learns a platform's label and capabilities (the connector registry). */
export type PlatformInfo = (platform: string) => Pick<Source, 'platformLabel' | 'capabilities'>;

function toSource(r: SourceRow, info: PlatformInfo): Source {
  return {
    ...info(r.platform),
    id: r.id,
    clientId: r.client_id,
    platform: r.platform as Platform,
    name: r.name,
    baseUrl: r.base_url,
    config: parseJson<Record<string, unknown>>(r.config_json, {}),
    hasSecret: r.secret_ref != null,
    enabled: r.enabled === 1,
    health: {
      status: r.health_status as SourceHealth['status'],
      lastSyncAt: isoOrNull(r.last_sync_at),
      lastError: r.last_error,
      consecutiveFailures: r.consecutive_failures,
      nextAttemptAt: isoOrNull(r.next_attempt_at),
      quarantined: r.quarantined,
    },
  };
}

export type SourceRecord = Source & { secretRef: string | null; cursor: unknown };

export function createSourcesRepo(db: Db, info: PlatformInfo) {
  const one = db.prepare<[number], SourceRow>(`${SELECT} WHERE s.id = ?`);
  const withInternals = (r: SourceRow): SourceRecord => ({
    ...toSource(r, info),
    secretRef: r.secret_ref,
    cursor: parseJson<unknown>(r.cursor_json, null),
  });
  return {
    list(): Source[] {
      return db
        .prepare<[], SourceRow>(`${SELECT} ORDER BY s.client_id, s.name`)
        .all()
        .map((r) => toSource(r, info));
    },
    get(id: number): Source | null {
      const r = one.get(id);
      return r ? toSource(r, info) : null;
    },
    /** Internal view with cursor and secret reference (never sent to the renderer). */
    record(id: number): SourceRecord | null {
      const r = one.get(id);
      return r ? withInternals(r) : null;
    },
    records(): SourceRecord[] {
      return db.prepare<[], SourceRow>(`${SELECT} ORDER BY s.id`).all().map(withInternals);
    },
    insert(
      s: {
        clientId: number;
        platform: Platform;
        name: string;
        baseUrl: string;
        config: Record<string, unknown>;
        secretRef: string | null;
      },
      now: number,
    ): Source {
      const info = db
        .prepare(
          `INSERT INTO sources (client_id, platform, name, base_url, config_json, secret_ref, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(s.clientId, s.platform, s.name, s.baseUrl, JSON.stringify(s.config), s.secretRef, now);
      return this.get(Number(info.lastInsertRowid))!;
    },
    remove(id: number): boolean {
      return db.prepare('DELETE FROM sources WHERE id = ?').run(id).changes > 0;
    },
    setSecretRef(id: number, ref: string | null): void {
      db.prepare('UPDATE sources SET secret_ref = ? WHERE id = ?').run(ref, id);
    },
    update(
      id: number,
      patch: { name?: string; baseUrl?: string; config?: Record<string, unknown> },
    ): void {
      const cur = one.get(id);
      if (!cur) return;
      db.prepare('UPDATE sources SET name = ?, base_url = ?, config_json = ? WHERE id = ?').run(
        patch.name ?? cur.name,
        patch.baseUrl ?? cur.base_url,
        patch.config ? JSON.stringify(patch.config) : cur.config_json,
        id,
      );
    },
    setBaseUrl(id: number, baseUrl: string): void {
      db.prepare('UPDATE sources SET base_url = ? WHERE id = ?').run(baseUrl, id);
    },
    setCursor(id: number, cursor: unknown): void {
      db.prepare('UPDATE sources SET cursor_json = ? WHERE id = ?').run(
        JSON.stringify(cursor ?? null),
        id,
      );
    },
    /** A push stream's state (connecting / live): only the status changes, the last sync and error stay. */
    setHealthStatus(id: number, status: SourceHealth['status']): void {
      db.prepare('UPDATE sources SET health_status = ? WHERE id = ?').run(status, id);
    },
    setHealth(
      id: number,
      h: {
        status: SourceHealth['status'];
        lastSyncAt?: number | null;
        lastError: string | null;
        consecutiveFailures: number;
        nextAttemptAt: number | null;
      },
    ): void {
      db.prepare(
        `UPDATE sources SET health_status = ?, last_sync_at = COALESCE(?, last_sync_at), last_error = ?,
           consecutive_failures = ?, next_attempt_at = ? WHERE id = ?`,
      ).run(
        h.status,
        h.lastSyncAt ?? null,
        h.lastError,
        h.consecutiveFailures,
        h.nextAttemptAt,
        id,
      );
    },
  };
}
export type SourcesRepo = ReturnType<typeof createSourcesRepo>;
