// electron/core/db/repositories: conversations, the unified queue, members.
import type {
  Conversation,
  ConversationStatus,
  Member,
  Priority,
  QueueRow,
} from '../../../../shared/domain/entities';
import type { Statement } from 'better-sqlite3';
import type { Db } from '../../db/open';
import { dueIso, iso, isoOrNull, parseJson } from '../../db/rows';

type ConvRow = {
  id: number;
  client_id: number;
  source_id: number;
  external_id: string;
  kind: string;
  title: string;
  url: string | null;
  status: string;
  priority: string;
  assignee_id: number | null;
  member_id: number | null;
  created_at: number;
  last_message_at: number;
  last_inbound_at: number | null;
  first_reply_due_at: number | null;
  first_replied_at: number | null;
  due_at: number;
  message_count: number;
  snippet: string;
  tags_json?: string;
  work_kind?: string;
  meta_json?: string | null;
};
type QueueDbRow = ConvRow & {
  client_name: string;
  client_color: string;
  client_timezone: string;
  platform: string;
  member_name: string | null;
  assignee_name: string | null;
};

export const toConversation = (r: ConvRow): Conversation => ({
  id: r.id,
  clientId: r.client_id,
  sourceId: r.source_id,
  externalId: r.external_id,
  kind: r.work_kind === 'moderation' ? 'moderation' : 'support',
  title: r.title,
  url: r.url,
  status: r.status as ConversationStatus,
  priority: r.priority as Priority,
  assigneeId: r.assignee_id,
  memberId: r.member_id,
  createdAt: iso(r.created_at),
  lastMessageAt: iso(r.last_message_at),
  firstReplyDueAt: isoOrNull(r.first_reply_due_at),
  firstRepliedAt: isoOrNull(r.first_replied_at),
  messageCount: r.message_count,
  tags: parseJson<string[]>(r.tags_json, []),
});

const toQueueRow = (r: QueueDbRow): QueueRow => ({
  ...toConversation(r),
  clientName: r.client_name,
  clientColor: r.client_color,
  clientTimezone: r.client_timezone,
  platform: r.platform as QueueRow['platform'],
  memberName: r.member_name,
  assigneeName: r.assignee_name,
  dueAt: dueIso(r.due_at),
  snippet: r.snippet,
});

export type QueueFilter = {
  clientIds?: number[];
  /** Support conversations, moderation items, or both (undefined). */
  kind?: 'support' | 'moderation';
  statuses?: ConversationStatus[];
  assignee: 'any' | 'me' | 'unassigned';
  selfId: number;
  /** An FTS5 MATCH expression (already escaped), or undefined. */
  match?: string;
  offset: number;
  limit: number;
};

const ALL_OPEN: ConversationStatus[] = ['new', 'open', 'pending'];

/** A text search matching at most this many messages is answered with an exact total (see queue()). */
export const SEARCH_EXACT_HITS = 500;

/**
 * Turns what an agent typed into a safe FTS5 expression: every word quoted (so FTS syntax in
 * hostile input is inert), all words required, the last one as a prefix.
 */
export function toFtsQuery(input: string): string | undefined {
  const words = input.normalize('NFKC').match(/[\p{L}\p{N}_]+/gu);
  if (!words || words.length === 0) return undefined;
  return words
    .slice(0, 12)
    .map((w, i, a) => `"${w}"${i === a.length - 1 && w.length >= 2 ? '*' : ''}`)
    .join(' ');
}

export function createConversationsRepo(db: Db) {
  const byId = db.prepare<[number], ConvRow>('SELECT * FROM conversations WHERE id = ?');
  const memberById = db.prepare<
    [number],
    {
      id: number;
      source_id: number;
      external_id: string;
      username: string;
      display_name: string;
      avatar_url: string | null;
    }
  >('SELECT * FROM members WHERE id = ?');
  // THE rule for "an agent's public reply reached the member", shared by the ingest (a staff post
  // polled from the platform, or our own post adopted) and the outbox follow-up: the first reply is
  // the EARLIEST public reply whichever path records it first; the conversation leaves 'new'.
  const markRepliedStmt = db.prepare(
    `UPDATE conversations SET message_count = message_count + 1, last_message_at = max(last_message_at, ?),
       first_replied_at = CASE WHEN first_replied_at IS NULL OR first_replied_at > ? THEN ? ELSE first_replied_at END,
       status = CASE WHEN status = 'new' THEN 'open' ELSE status END
     WHERE id = ?`,
  );
  // The status log (migration 0012): one row per status taken, never earlier than the previous row;
  // written before the UPDATE, only when the status really changes.
  const logStatusSql = (only: string) =>
    `INSERT INTO conversation_status_log (conversation_id, at, status, actor_id)
     SELECT id, max(@at, coalesce((SELECT max(at) FROM conversation_status_log WHERE conversation_id = @id), @at)), @status, @actor
     FROM conversations WHERE id = @id AND status <> @status ${only}`;
  type LogArgs = { id: number; at: number; status: string; actor: number | null };
  const logStatusStmt = db.prepare<[LogArgs]>(logStatusSql(''));
  const logRepliedStmt = db.prepare<[LogArgs]>(logStatusSql(`AND status = 'new'`));
  const metaStmt = db.prepare<[number], { meta_json: string | null }>(
    'SELECT meta_json FROM conversations WHERE id = ?',
  );
  const QUEUE_SELECT = `SELECT c.*, cl.name AS client_name, cl.color AS client_color, cl.timezone AS client_timezone,
      s.platform AS platform, m.display_name AS member_name, a.name AS assignee_name
    FROM conversations c
    JOIN clients cl ON cl.id = c.client_id
    JOIN sources s ON s.id = c.source_id
    LEFT JOIN members m ON m.id = c.member_id
    LEFT JOIN agents a ON a.id = c.assignee_id`;
  const stmtCache = new Map<string, Statement<unknown[]>>();
  const prep = (sql: string) => {
    let s = stmtCache.get(sql);
    if (!s) {
      s = db.prepare<unknown[]>(sql);
      stmtCache.set(sql, s);
    }
    return s;
  };

  /** A page's total without a text search: a sum over queue_counts (kept by triggers), not a count(*). */
  const countFromTotals = (f: QueueFilter, statuses: ConversationStatus[]): number => {
    const where = [`status IN (${statuses.map(() => '?').join(',')})`];
    const params: unknown[] = [...statuses];
    if (f.clientIds && f.clientIds.length > 0) {
      where.push(`client_id IN (${f.clientIds.map(() => '?').join(',')})`);
      params.push(...f.clientIds);
    }
    if (f.assignee === 'me') {
      where.push('assignee = ?');
      params.push(f.selfId);
    } else if (f.assignee === 'unassigned') where.push('assignee = 0');
    return (
      prep(`SELECT coalesce(sum(n), 0) AS n FROM queue_counts WHERE ${where.join(' AND ')}`).get(
        ...params,
      ) as { n: number }
    ).n;
  };

  /** The WHERE clause (on `c`) of a queue filter, without the text search. */
  const filterSql = (f: QueueFilter, statuses: ConversationStatus[]) => {
    const extra: string[] = [];
    const extraParams: unknown[] = [];
    if (f.assignee === 'me') {
      extra.push('assignee_id = ?');
      extraParams.push(f.selfId);
    } else if (f.assignee === 'unassigned') {
      extra.push('assignee_id IS NULL');
    }
    if (f.kind) {
      extra.push('work_kind = ?');
      extraParams.push(f.kind);
    }
    const where: string[] = [`c.status IN (${statuses.map(() => '?').join(',')})`];
    const params: unknown[] = [...statuses];
    if (f.clientIds && f.clientIds.length > 0) {
      where.push(`c.client_id IN (${f.clientIds.map(() => '?').join(',')})`);
      params.push(...f.clientIds);
    }
    for (const e of extra) where.push(`c.${e}`);
    params.push(...extraParams);
    return { extra, extraParams, w: where.join(' AND '), params };
  };

  /**
   * The page through the top-k merge: each (client, status) pair's index range read in deadline
   * order (at most offset+limit rows each), then merged.
   */
  const topK = (
    f: QueueFilter,
    statuses: ConversationStatus[],
    extra: string[],
    extraParams: unknown[],
  ): QueueRow[] => {
    const k = f.offset + f.limit;
    const arms: string[] = [];
    const armParams: unknown[] = [];
    const cond = extra.length ? ` AND ${extra.join(' AND ')}` : '';
    const pairs: [number | null, string][] = [];
    for (const st of statuses) {
      if (f.clientIds && f.clientIds.length > 0)
        for (const cid of f.clientIds) pairs.push([cid, st]);
      else pairs.push([null, st]);
    }
    for (const [cid, st] of pairs) {
      arms.push(
        `SELECT * FROM (SELECT id, due_at FROM conversations WHERE ${cid == null ? '' : 'client_id = ? AND '}status = ?${cond} ORDER BY due_at, id LIMIT ?)`,
      );
      if (cid != null) armParams.push(cid);
      armParams.push(st, ...extraParams, k);
    }
    const sql = `${QUEUE_SELECT} JOIN (${arms.join(' UNION ALL ')}) top ON top.id = c.id ORDER BY top.due_at, top.id LIMIT ? OFFSET ?`;
    return (prep(sql).all(...armParams, f.limit, f.offset) as QueueDbRow[]).map(toQueueRow);
  };

  /**
   * A text search. The matching messages are streamed newest first (FTS5 reads its doclist in rowid
   * order and can stop early), each with its conversation and whether that passes the filter.
   * - At most SEARCH_EXACT_HITS matches (the stream ends): every matching conversation is known; they
   *   are paged in deadline order with the exact total.
   * - More (a common word): conversations in the order of their newest matching message, the stream
   *   stopped once offset+limit of them are found; the total is then a lower bound (`partialTotal`).
   */
  const searchPage = (
    f: QueueFilter,
    w: string,
    params: unknown[],
  ): { total: number; rows: QueueRow[]; partialTotal?: boolean } => {
    const k = f.offset + f.limit;
    const stream = prep(
      `SELECT msg.conversation_id, (${w}) FROM messages_fts f CROSS JOIN messages msg ON msg.id = f.rowid
         CROSS JOIN conversations c ON c.id = msg.conversation_id
       WHERE messages_fts MATCH ? ORDER BY f.rowid DESC`,
    ).raw();
    const order: number[] = [];
    const seen = new Set<number>();
    let hits = 0;
    let more = false;
    for (const [id, keep] of stream.iterate(...params, f.match) as IterableIterator<
      [number, number]
    >) {
      hits++;
      if (!keep || seen.has(id)) continue;
      // "More to come" only for a real further conversation that passes the filter: more matching
      // messages alone may all belong to conversations already listed or filtered out.
      if (hits > SEARCH_EXACT_HITS && order.length >= k) {
        more = true;
        break;
      }
      seen.add(id);
      order.push(id);
    }
    if (hits <= SEARCH_EXACT_HITS) {
      const rows = prep(
        `${QUEUE_SELECT} WHERE c.id IN (SELECT value FROM json_each(?)) ORDER BY c.due_at, c.id LIMIT ? OFFSET ?`,
      ).all(JSON.stringify(order), f.limit, f.offset) as QueueDbRow[];
      return { total: order.length, rows: rows.map(toQueueRow) };
    }
    const pageIds = order.slice(f.offset, k);
    const byId = new Map<number, QueueDbRow>();
    if (pageIds.length)
      for (const r of prep(`${QUEUE_SELECT} WHERE c.id IN (SELECT value FROM json_each(?))`).all(
        JSON.stringify(pageIds),
      ) as QueueDbRow[])
        byId.set(r.id, r);
    const rows = pageIds.map((id) => toQueueRow(byId.get(id)!));
    return more ? { total: k + 1, rows, partialTotal: true } : { total: order.length, rows };
  };

  return {
    get(id: number): Conversation | null {
      const r = byId.get(id);
      return r ? toConversation(r) : null;
    },
    raw(id: number): ConvRow | null {
      return byId.get(id) ?? null;
    },
    member(id: number): Member | null {
      const r = memberById.get(id);
      return r
        ? {
            id: r.id,
            sourceId: r.source_id,
            externalId: r.external_id,
            username: r.username,
            displayName: r.display_name,
            avatarUrl: r.avatar_url,
          }
        : null;
    },
    /**
     * The unified queue page: filtered, ordered by next deadline (then id for stability).
     * Without a text search, each (client, status) pair is read from the index
     * (client_id, status, due_at, id) already in order, at most offset+limit rows per pair, and only
     * those are merged, and the total comes from queue_counts: a page costs O(pairs x (offset+limit)),
     * not O(matching rows).
     * With a text search: a search matching at most SEARCH_EXACT_HITS messages collects its
     * conversations, counts them and sorts them by deadline (exact total). A commoner one (as message
     * search does) lists conversations by their most recently stored matching message, newest first,
     * streaming the matches until offset+limit conversations are found: the page costs
     * O((offset+limit) x matching messages per conversation / share of conversations the filter keeps),
     * not O(matches), and its total is a lower bound (`partialTotal`; queueCount has the exact one).
     */
    queue(f: QueueFilter): { total: number; rows: QueueRow[]; partialTotal?: boolean } {
      const statuses = f.statuses && f.statuses.length > 0 ? f.statuses : ALL_OPEN;
      const { extra, extraParams, w, params } = filterSql(f, statuses);
      if (f.match) return searchPage(f, w, params);
      const total = f.kind
        ? (
            prep(`SELECT count(*) AS n FROM conversations c WHERE ${w}`).get(...params) as {
              n: number;
            }
          ).n
        : countFromTotals(f, statuses);
      if (total <= f.offset + f.limit) {
        const rows = prep(
          `${QUEUE_SELECT} WHERE ${w} ORDER BY c.due_at, c.id LIMIT ? OFFSET ?`,
        ).all(...params, f.limit, f.offset) as QueueDbRow[];
        return { total, rows: rows.map(toQueueRow) };
      }
      return { total, rows: topK(f, statuses, extra, extraParams) };
    },
    /** The exact number of conversations `queue` pages through for this filter (offset and limit ignored). */
    queueCount(f: QueueFilter): number {
      const statuses = f.statuses && f.statuses.length > 0 ? f.statuses : ALL_OPEN;
      if (!f.match && !f.kind) return countFromTotals(f, statuses);
      const { w, params } = filterSql(f, statuses);
      const sql = f.match
        ? `SELECT count(*) AS n FROM conversations c WHERE ${w} AND c.id IN (SELECT msg.conversation_id FROM messages msg WHERE msg.id IN (SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?))`
        : `SELECT count(*) AS n FROM conversations c WHERE ${w}`;
      return (prep(sql).get(...params, ...(f.match ? [f.match] : [])) as { n: number }).n;
    },
    counts(selfId: number, now: number): { open: number; breached: number; mine: number } {
      return db
        .prepare(
          `SELECT
             count(*) AS open,
             coalesce(sum(CASE WHEN due_at <= ? THEN 1 ELSE 0 END), 0) AS breached,
             coalesce(sum(CASE WHEN assignee_id = ? THEN 1 ELSE 0 END), 0) AS mine
           FROM conversations WHERE status IN ('new','open')`,
        )
        .get(now, selfId) as { open: number; breached: number; mine: number };
    },
    /** Sets the status and logs it at `at` (by `actorId`, null: the member, platform or system). */
    setStatus(id: number, status: ConversationStatus, at: number, actorId: number | null): void {
      logStatusStmt.run({ id, at, status, actor: actorId });
      db.prepare('UPDATE conversations SET status = ? WHERE id = ?').run(status, id);
    },
    setPriority(id: number, priority: Priority): void {
      db.prepare('UPDATE conversations SET priority = ? WHERE id = ?').run(priority, id);
    },
    assign(id: number, assigneeId: number | null): void {
      db.prepare('UPDATE conversations SET assignee_id = ? WHERE id = ?').run(assigneeId, id);
    },
    /**
     * A public agent reply made at `at` reached the member (one more message; first reply = the
     * earliest such reply; the conversation leaves 'new'). The ONE implementation: the ingest and the
     * outbox follow-up both call it.
     */
    markReplied(id: number, at: number): void {
      logRepliedStmt.run({ id, at, status: 'open', actor: null }); // leaves 'new' only
      markRepliedStmt.run(at, at, at, id);
    },
    /** The connector's stored conversation meta (handed back when replying or moderating). */
    meta(id: number): Record<string, unknown> | undefined {
      const r = metaStmt.get(id);
      return r?.meta_json
        ? parseJson<Record<string, unknown> | undefined>(r.meta_json, undefined)
        : undefined;
    },
  };
}
export type ConversationsRepo = ReturnType<typeof createConversationsRepo>;
