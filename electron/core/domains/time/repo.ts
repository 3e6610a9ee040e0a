// electron/core/domains/time: the time repository — time entries (raw seconds), idle reviews,
// client contracts, periods (approval state per client and month) and the agents' time settings
// (role, idle threshold). All the time room's SQL lives here; it works on any connection (the
// export opens its own read-only one for a consistent snapshot).
import type { Db } from '../../db/open';

export type Role = 'agent' | 'team_lead' | 'account_manager';
export type Origin = 'auto' | 'timer' | 'manual' | 'idle-kept';
export type PeriodState = 'open' | 'submitted' | 'approved' | 'invoiced';

export type EntryRow = {
  id: number;
  agentId: number;
  agentName: string;
  clientId: number;
  clientName: string;
  conversationId: number | null;
  conversationTitle: string | null;
  sourceId: number | null;
  activity: string;
  billable: boolean;
  origin: Origin;
  startAt: number;
  seconds: number;
  note: string;
  running: boolean;
  deletedAt: number | null;
};

export type NewEntry = {
  agentId: number;
  clientId: number;
  conversationId: number | null;
  sourceId: number | null;
  activity: string;
  billable: boolean;
  origin: Origin;
  startAt: number;
  seconds: number;
  note: string;
  running: boolean;
};

export type IdleReviewRow = {
  id: number;
  agentId: number;
  startAt: number;
  endAt: number;
  clientId: number | null;
  clientName: string | null;
  conversationId: number | null;
  conversationTitle: string | null;
  sourceId: number | null;
  activity: string;
  note: string;
  state: 'pending' | 'discarded' | 'kept' | 'reassigned';
};

/** One entry as the export and the period totals read it (names joined, nothing else). */
export type ExportEntryRow = {
  id: number;
  agentId: number;
  agentName: string;
  agentEmail: string | null;
  conversationTitle: string | null;
  conversationUrl: string | null;
  sourceName: string | null;
  activity: string;
  billable: number;
  startAt: number;
  seconds: number;
  note: string;
};

/**
 * One entry as the streamed export reads it (better-sqlite3 raw row, no joins: names come from
 * `exportNames` and `conversationRef`, once each): [id, startAt, seconds, agentId, activity, billable
 * (0/1), conversationId, sourceId, note].
 */
export type ExportRawRow = [
  number,
  number,
  number,
  number,
  string,
  number,
  number | null,
  number | null,
  string,
];

type RawEntry = Omit<EntryRow, 'billable' | 'running'> & { billable: number; running: number };

const ENTRY_SELECT = `SELECT e.id, e.agent_id agentId, a.name agentName, e.client_id clientId, c.name clientName,
  e.conversation_id conversationId, v.title conversationTitle, e.source_id sourceId, e.activity, e.billable, e.origin,
  e.start_at startAt, e.seconds, e.note, e.running, e.deleted_at deletedAt
  FROM time_entries e JOIN agents a ON a.id = e.agent_id JOIN clients c ON c.id = e.client_id
  LEFT JOIN conversations v ON v.id = e.conversation_id`;

const toEntry = (r: RawEntry): EntryRow => ({
  ...r,
  billable: r.billable === 1,
  running: r.running === 1,
});

export function createTimeRepo(db: Db) {
  const byId = db.prepare<[number], RawEntry>(`${ENTRY_SELECT} WHERE e.id = ?`);
  const setSecondsStmt = db.prepare<[number, number, number]>(
    'UPDATE time_entries SET seconds = ?, updated_at = ? WHERE id = ?',
  );
  const periodStmt = db.prepare<[number, string], { state: PeriodState }>(
    'SELECT state FROM time_periods WHERE client_id = ? AND month = ?',
  );
  const contractStmt = db.prepare<[number], { json: string }>(
    'SELECT contract_json json FROM client_contracts WHERE client_id = ?',
  );
  const exportStmt = db.prepare<
    [number, number, number],
    ExportEntryRow
  >(`SELECT e.id, e.agent_id agentId, a.name agentName, a.email agentEmail,
      v.title conversationTitle, v.url conversationUrl, s.name sourceName, e.activity, e.billable, e.start_at startAt, e.seconds, e.note
    FROM time_entries e JOIN agents a ON a.id = e.agent_id
    LEFT JOIN conversations v ON v.id = e.conversation_id LEFT JOIN sources s ON s.id = e.source_id
    WHERE e.client_id = ? AND e.deleted_at IS NULL AND e.start_at >= ? AND e.start_at < ?
    ORDER BY e.start_at, e.id`);
  const exportRawStmt = db
    .prepare<[number, number, number], ExportRawRow>(
      `SELECT e.id, e.start_at, e.seconds, e.agent_id, e.activity, e.billable, e.conversation_id, e.source_id, e.note
    FROM time_entries e WHERE e.client_id = ? AND e.deleted_at IS NULL AND e.start_at >= ? AND e.start_at < ?
    ORDER BY e.start_at, e.id`,
    )
    .raw(true);
  const conversationRefStmt = db.prepare<[number], { title: string; url: string | null }>(
    'SELECT title, url FROM conversations WHERE id = ?',
  );

  return {
    // ---- agents' time settings ----
    profile(agentId: number): { role: Role; idleThresholdSeconds: number } | null {
      return (
        db
          .prepare<[number], { role: Role; idleThresholdSeconds: number }>(
            'SELECT role, idle_threshold_seconds idleThresholdSeconds FROM agents WHERE id = ?',
          )
          .get(agentId) ?? null
      );
    },
    setProfile(agentId: number, p: { role?: Role; idleThresholdSeconds?: number }): void {
      if (p.role !== undefined)
        db.prepare('UPDATE agents SET role = ? WHERE id = ?').run(p.role, agentId);
      if (p.idleThresholdSeconds !== undefined)
        db.prepare('UPDATE agents SET idle_threshold_seconds = ? WHERE id = ?').run(
          p.idleThresholdSeconds,
          agentId,
        );
    },

    // ---- entries ----
    get(id: number): EntryRow | null {
      const r = byId.get(id);
      return r ? toEntry(r) : null;
    },
    insert(e: NewEntry, at: number): number {
      const info = db
        .prepare(
          `INSERT INTO time_entries (agent_id, client_id, conversation_id, source_id, activity, billable, origin, start_at, seconds, note, running, created_at, updated_at)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          e.agentId,
          e.clientId,
          e.conversationId,
          e.sourceId,
          e.activity,
          e.billable ? 1 : 0,
          e.origin,
          e.startAt,
          e.seconds,
          e.note,
          e.running ? 1 : 0,
          at,
          at,
        );
      return Number(info.lastInsertRowid);
    },
    setSeconds(id: number, seconds: number, at: number): void {
      setSecondsStmt.run(seconds, at, id);
    },
    close(id: number, seconds: number, at: number): void {
      db.prepare(
        'UPDATE time_entries SET seconds = ?, running = 0, updated_at = ? WHERE id = ?',
      ).run(seconds, at, id);
    },
    update(
      id: number,
      p: {
        clientId: number;
        conversationId: number | null;
        sourceId: number | null;
        activity: string;
        startAt: number;
        seconds: number;
        note: string;
        billable: boolean;
      },
      at: number,
    ): void {
      db.prepare(
        `UPDATE time_entries SET client_id = ?, conversation_id = ?, source_id = ?, activity = ?, start_at = ?, seconds = ?, note = ?, billable = ?, updated_at = ? WHERE id = ?`,
      ).run(
        p.clientId,
        p.conversationId,
        p.sourceId,
        p.activity,
        p.startAt,
        p.seconds,
        p.note,
        p.billable ? 1 : 0,
        at,
        id,
      );
    },
    /** An automatic segment that ended with no time (a switch within the same second) leaves no row. */
    removeEmptySegment(id: number): void {
      db.prepare("DELETE FROM time_entries WHERE id = ? AND origin = 'auto'").run(id);
    },
    softDelete(id: number, at: number): void {
      db.prepare(
        'UPDATE time_entries SET deleted_at = ?, running = 0, updated_at = ? WHERE id = ?',
      ).run(at, at, id);
    },
    runningTimer(agentId: number): EntryRow | null {
      const r = db
        .prepare<[number], RawEntry>(
          `${ENTRY_SELECT} WHERE e.agent_id = ? AND e.running = 1 AND e.origin = 'timer' AND e.deleted_at IS NULL`,
        )
        .get(agentId);
      return r ? toEntry(r) : null;
    },
    /** Automatic segments left open by a previous run (crash): they end at their last persisted heartbeat. */
    closeStaleSegments(agentId: number, at: number): number {
      return db
        .prepare(
          "UPDATE time_entries SET running = 0, updated_at = ? WHERE agent_id = ? AND running = 1 AND origin = 'auto'",
        )
        .run(at, agentId).changes;
    },
    /** Entries overlapping [fromMs, toMs) (start before `to`, start at or after `from` − 1 day), newest first. */
    listRange(fromMs: number, toMs: number, agentId: number | null, limit = 5000): EntryRow[] {
      const rows =
        agentId == null
          ? db
              .prepare<[number, number, number], RawEntry>(
                `${ENTRY_SELECT} WHERE e.deleted_at IS NULL AND e.start_at >= ? AND e.start_at < ? ORDER BY e.start_at DESC LIMIT ?`,
              )
              .all(fromMs, toMs, limit)
          : db
              .prepare<[number, number, number, number], RawEntry>(
                `${ENTRY_SELECT} WHERE e.deleted_at IS NULL AND e.agent_id = ? AND e.start_at >= ? AND e.start_at < ? ORDER BY e.start_at DESC LIMIT ?`,
              )
              .all(agentId, fromMs, toMs, limit);
      return rows.map(toEntry);
    },
    /** A client's entries in [fromMs, toMs) for pricing and exports, in (start, id) order. */
    exportEntries(clientId: number, fromMs: number, toMs: number): ExportEntryRow[] {
      return exportStmt.all(clientId, fromMs, toMs);
    },
    /** The same entries as exportEntries, streamed as raw rows in the same (start, id) order. */
    iterateExportRows(
      clientId: number,
      fromMs: number,
      toMs: number,
    ): IterableIterator<ExportRawRow> {
      return exportRawStmt.iterate(clientId, fromMs, toMs);
    },
    /** Agents and sources by id, for the streamed export's names (small tables). */
    exportNames(): {
      agents: { id: number; name: string; email: string | null }[];
      sources: { id: number; name: string }[];
    } {
      return {
        agents: db
          .prepare<[], { id: number; name: string; email: string | null }>(
            'SELECT id, name, email FROM agents',
          )
          .all(),
        sources: db.prepare<[], { id: number; name: string }>('SELECT id, name FROM sources').all(),
      };
    },
    /** A conversation's title and link (undefined when it no longer exists). */
    conversationRef(id: number): { title: string; url: string | null } | undefined {
      return conversationRefStmt.get(id);
    },
    countRange(clientId: number | null, fromMs: number, toMs: number): number {
      return clientId == null
        ? db
            .prepare<[number, number], { n: number }>(
              'SELECT count(*) n FROM time_entries WHERE deleted_at IS NULL AND start_at >= ? AND start_at < ?',
            )
            .get(fromMs, toMs)!.n
        : db
            .prepare<[number, number, number], { n: number }>(
              'SELECT count(*) n FROM time_entries WHERE client_id = ? AND deleted_at IS NULL AND start_at >= ? AND start_at < ?',
            )
            .get(clientId, fromMs, toMs)!.n;
    },

    countAll(): number {
      return db.prepare<[], { n: number }>('SELECT count(*) n FROM time_entries').get()!.n;
    },
    /** A client's most recently active conversations (demo history links time to them). */
    conversationRefs(clientId: number, limit: number): { id: number; sourceId: number }[] {
      return db
        .prepare<[number, number], { id: number; sourceId: number }>(
          'SELECT id, source_id sourceId FROM conversations WHERE client_id = ? ORDER BY last_message_at DESC, id LIMIT ?',
        )
        .all(clientId, limit);
    },

    // ---- idle reviews ----
    addIdleReview(r: {
      agentId: number;
      startAt: number;
      endAt: number;
      clientId: number | null;
      conversationId: number | null;
      sourceId: number | null;
      activity: string;
      note: string;
    }): number {
      const info = db
        .prepare(
          `INSERT INTO time_idle_reviews (agent_id, start_at, end_at, client_id, conversation_id, source_id, activity, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          r.agentId,
          r.startAt,
          r.endAt,
          r.clientId,
          r.conversationId,
          r.sourceId,
          r.activity,
          r.note,
        );
      return Number(info.lastInsertRowid);
    },
    idleReview(id: number): IdleReviewRow | null {
      return db.prepare<[number], IdleReviewRow>(`${IDLE_SELECT} WHERE r.id = ?`).get(id) ?? null;
    },
    pendingIdle(agentId: number): IdleReviewRow[] {
      return db
        .prepare<[number], IdleReviewRow>(
          `${IDLE_SELECT} WHERE r.agent_id = ? AND r.state = 'pending' ORDER BY r.start_at`,
        )
        .all(agentId);
    },
    resolveIdle(
      id: number,
      state: 'discarded' | 'kept' | 'reassigned',
      entryId: number | null,
      at: number,
    ): void {
      db.prepare(
        'UPDATE time_idle_reviews SET state = ?, entry_id = ?, resolved_at = ? WHERE id = ?',
      ).run(state, entryId, at, id);
    },

    // ---- contracts ----
    contractJson(clientId: number): string | null {
      return contractStmt.get(clientId)?.json ?? null;
    },
    setContractJson(clientId: number, json: string, at: number): void {
      db.prepare(
        'INSERT INTO client_contracts (client_id, contract_json, updated_at) VALUES (?, ?, ?) ON CONFLICT(client_id) DO UPDATE SET contract_json = excluded.contract_json, updated_at = excluded.updated_at',
      ).run(clientId, json, at);
    },

    // ---- periods ----
    periodState(clientId: number, month: string): PeriodState {
      return periodStmt.get(clientId, month)?.state ?? 'open';
    },
    setPeriodState(
      clientId: number,
      month: string,
      state: PeriodState,
      by: number,
      at: number,
    ): void {
      db.prepare(
        'INSERT INTO time_periods (client_id, month, state, updated_at, updated_by) VALUES (?, ?, ?, ?, ?) ON CONFLICT(client_id, month) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
      ).run(clientId, month, state, at, by);
    },
  };
}
export type TimeRepo = ReturnType<typeof createTimeRepo>;

const IDLE_SELECT = `SELECT r.id, r.agent_id agentId, r.start_at startAt, r.end_at endAt, r.client_id clientId, c.name clientName,
  r.conversation_id conversationId, v.title conversationTitle, r.source_id sourceId, r.activity, r.note, r.state
  FROM time_idle_reviews r LEFT JOIN clients c ON c.id = r.client_id LEFT JOIN conversations v ON v.id = r.conversation_id`;
