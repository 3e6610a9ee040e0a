// electron/core/domains/reports: the reports repository — the volume and response figures of a
// period, aggregated in SQL over conversations and messages (support work only: moderation items
// are counted by the moderation room). SLA, moderation and override figures come from their rooms'
// own repositories, so they are not computed here a second time.
import type { FeedbackKind } from '../../../../shared/domain/tags';
import type { Db } from '../../db/open';

const DAY = 86_400_000;
/** Monday 00:00 UTC of the instant's week, in SQL (1970-01-01 was a Thursday: weekday = (day+3) % 7). */
const WEEK = (col: string) => `((${col} / ${DAY}) - ((${col} / ${DAY}) + 3) % 7) * ${DAY}`;
const CLIENT = (alias: string, clientId: number | null) =>
  clientId == null ? '' : `AND ${alias}.client_id = ${Number(clientId)}`;
/**
 * The inbound messages of [@from, @to) as `m`, each with its conversation `c`. For all clients the
 * period's range on the messages' time index is the selective side. For one client the query is
 * driven from the client's conversations (its index on conversations, only those whose last message
 * is not before the period), then each one's messages of the period (messages_conversation): at 1M
 * messages and 50 clients that reads ~4,000 conversations instead of every client's ~80,000 messages
 * of a month (CROSS JOIN fixes that order). `last_message_at` is the max over every stored message.
 */
const PERIOD_MESSAGES = (clientId: number | null, joins = '') =>
  clientId == null
    ? `messages m JOIN conversations c ON c.id = m.conversation_id ${joins}
       WHERE m.direction = 'inbound' AND m.created_at >= @from AND m.created_at < @to`
    : `conversations c CROSS JOIN messages m ON m.conversation_id = c.id ${joins}
       WHERE c.client_id = ${Number(clientId)} AND c.last_message_at >= @from
         AND m.direction = 'inbound' AND m.created_at >= @from AND m.created_at < @to`;

export type VolumeCell = { platform: string; weekStart: number; count: number };

export function createReportsRepo(db: Db) {
  return {
    /** Support conversations opened in [from, to), per platform and week. */
    conversationsIn(clientId: number | null, from: number, to: number): VolumeCell[] {
      return db
        .prepare<[number, number], VolumeCell>(
          `SELECT s.platform AS platform, ${WEEK('c.created_at')} AS weekStart, count(*) AS count
           FROM conversations c JOIN sources s ON s.id = c.source_id
           WHERE c.work_kind = 'support' AND c.created_at >= ? AND c.created_at < ? ${CLIENT('c', clientId)}
           GROUP BY platform, weekStart`,
        )
        .all(from, to);
    },
    /**
     * Inbound messages (from members) written in [from, to) per platform, week and whether their
     * conversation is support work (the volume counts those; the spam share every one).
     */
    messagesIn(
      clientId: number | null,
      from: number,
      to: number,
    ): (VolumeCell & { support: 0 | 1 })[] {
      // One pass for the volume (support cells) and the spam share's denominator (every cell).
      return db
        .prepare<[{ from: number; to: number }], VolumeCell & { support: 0 | 1 }>(
          `SELECT s.platform AS platform, ${WEEK('m.created_at')} AS weekStart, c.work_kind = 'support' AS support,
             count(*) AS count
           FROM ${PERIOD_MESSAGES(clientId, 'JOIN sources s ON s.id = c.source_id')}
           GROUP BY platform, weekStart, support`,
        )
        .all({ from, to });
    },
    /**
     * Members who wrote an inbound message in [from, to) (active), and of them those whose first
     * inbound message ever falls in the period (new).
     */
    members(clientId: number | null, from: number, to: number): { active: number; fresh: number } {
      // "Wrote before" needs no conversation: a member belongs to one source (so one client), and every
      // member message is stored in its platform conversation (support; moderation items hold none), so
      // the partial index on inbound messages by author answers it alone.
      const r = db
        .prepare<[{ from: number; to: number }], { active: number; fresh: number | null }>(
          `SELECT count(*) AS active, sum(NOT EXISTS (
             SELECT 1 FROM messages p
             WHERE p.author_member_id = a.author AND p.direction = 'inbound' AND p.created_at < @from
           )) AS fresh FROM (
             SELECT DISTINCT m.author_member_id AS author
             FROM ${PERIOD_MESSAGES(clientId)} AND m.author_member_id IS NOT NULL AND c.work_kind = 'support') a`,
        )
        .get({ from, to })!;
      return { active: r.active, fresh: r.fresh ?? 0 };
    },
    /** Support conversations opened in [from, to) and how many of them have a first reply. */
    responded(
      clientId: number | null,
      from: number,
      to: number,
    ): { opened: number; replied: number } {
      const r = db
        .prepare<[number, number], { opened: number; replied: number | null }>(
          `SELECT count(*) AS opened, sum(first_replied_at IS NOT NULL) AS replied FROM conversations c
           WHERE c.work_kind = 'support' AND c.created_at >= ? AND c.created_at < ? ${CLIENT('c', clientId)}`,
        )
        .get(from, to)!;
      return { opened: r.opened, replied: r.replied ?? 0 };
    },
    /**
     * From the status log (migration 0012), each support conversation's status as of `to` (its last
     * row before `to`): `backlog` = created before `to` and not solved then; `opened` = created in
     * [from, to); `resolved` = of those, solved at `to`.
     */
    statusAtEnd(
      clientId: number | null,
      from: number,
      to: number,
    ): { backlog: number; opened: number; resolved: number } {
      const r = db
        .prepare<
          [{ from: number; to: number }],
          { backlog: number | null; opened: number | null; resolved: number | null }
        >(
          `SELECT sum(st <> 'solved') AS backlog, sum(created_at >= @from) AS opened,
             sum(created_at >= @from AND st = 'solved') AS resolved
           FROM (SELECT c.created_at, coalesce((SELECT l.status FROM conversation_status_log l
               WHERE l.conversation_id = c.id AND l.at < @to ORDER BY l.at DESC, l.id DESC LIMIT 1), c.status) AS st
             FROM conversations c
             WHERE c.work_kind = 'support' AND c.created_at < @to ${CLIENT('c', clientId)})`,
        )
        .get({ from, to })!;
      return { backlog: r.backlog ?? 0, opened: r.opened ?? 0, resolved: r.resolved ?? 0 };
    },
    /**
     * Moderation items removed as spam in [from, to): distinct flagged messages (by item) with a
     * remove or delete action done in the period whose reason, or whose item's platform reasons,
     * contain "spam" (case-insensitive). The spam share divides it by messagesIn's every cell.
     */
    spamRemoved(clientId: number | null, from: number, to: number): number {
      return db
        .prepare<[number, number], { n: number }>(
          `SELECT count(DISTINCT a.conversation_id) AS n FROM moderation_actions a
           LEFT JOIN moderation_items i ON i.conversation_id = a.conversation_id
           WHERE a.state = 'done' AND a.kind IN ('remove', 'delete') AND a.done_at >= ? AND a.done_at < ?
             ${clientId == null ? '' : `AND a.client_id = ${Number(clientId)}`}
             AND (lower(coalesce(a.reason, '')) LIKE '%spam%' OR lower(coalesce(i.reasons_json, '')) LIKE '%spam%')`,
        )
        .get(from, to)!.n;
    },
    /** Feedback items said in [from, to) per tag (kind as the tag's kind now; distinct members). */
    feedbackByTag(clientId: number | null, from: number, to: number): FeedbackTagCount[] {
      return db
        .prepare<[number, number], FeedbackTagCount>(
          `SELECT f.tag_id AS tagId, t.client_id AS clientId, t.name, t.kind, t.builtin, count(*) AS count,
             count(DISTINCT f.member_id) AS members
           FROM feedback_items f JOIN tags t ON t.id = f.tag_id
           WHERE f.said_at >= ? AND f.said_at < ? ${CLIENT('f', clientId)}
           GROUP BY f.tag_id`,
        )
        .all(from, to);
    },
    /** Up to `per` items of each tag said in [from, to), newest first, with the message's author and text. */
    feedbackExamples(
      clientId: number | null,
      from: number,
      to: number,
      per: number,
    ): FeedbackExample[] {
      return db
        .prepare<[number, number, number], FeedbackExample>(
          `SELECT tagId, conversationId, messageId, author, quote, at FROM (
             SELECT f.tag_id AS tagId, f.conversation_id AS conversationId, f.message_id AS messageId,
               m.author_name AS author, substr(m.body_text, 1, 280) AS quote, f.said_at AS at,
               row_number() OVER (PARTITION BY f.tag_id ORDER BY f.said_at DESC, f.id DESC) AS rn
             FROM feedback_items f JOIN messages m ON m.id = f.message_id
             WHERE f.said_at >= ? AND f.said_at < ? ${CLIENT('f', clientId)})
           WHERE rn <= ? ORDER BY tagId, at DESC`,
        )
        .all(from, to, per);
    },
    /** Every feedback item said in [from, to), oldest first, with what the CSV export shows. */
    feedbackRows(clientId: number | null, from: number, to: number): FeedbackCsvRow[] {
      return db
        .prepare<[number, number], FeedbackCsvRow>(
          `SELECT f.said_at AS at, cl.name AS client, s.platform, c.url, f.conversation_id AS conversationId,
             coalesce(mb.display_name, m.author_name) AS member, t.kind, t.builtin, t.name AS theme,
             m.body_text AS quote, a.name AS taggedBy
           FROM feedback_items f JOIN tags t ON t.id = f.tag_id JOIN messages m ON m.id = f.message_id
             JOIN conversations c ON c.id = f.conversation_id JOIN sources s ON s.id = c.source_id
             JOIN clients cl ON cl.id = f.client_id
             LEFT JOIN members mb ON mb.id = f.member_id LEFT JOIN agents a ON a.id = f.tagged_by_id
           WHERE f.said_at >= ? AND f.said_at < ? ${CLIENT('f', clientId)}
           ORDER BY f.said_at, f.id`,
        )
        .all(from, to);
    },

    // --- The client report (migration 0013). ---
    reportLanguage(clientId: number): ReportLanguageCode | null {
      return (
        db
          .prepare<[number], { l: ReportLanguageCode | null }>(
            'SELECT report_language AS l FROM clients WHERE id = ?',
          )
          .get(clientId)?.l ?? null
      );
    },
    setReportLanguage(clientId: number, language: ReportLanguageCode | null): void {
      db.prepare('UPDATE clients SET report_language = ? WHERE id = ?').run(language, clientId);
    },
    /** The account manager's picks for a client's month, in order. */
    notable(clientId: number, month: string): { conversationId: number; note: string }[] {
      return db
        .prepare<[number, string], { conversationId: number; note: string }>(
          `SELECT conversation_id AS conversationId, note FROM report_notables
           WHERE client_id = ? AND month = ? ORDER BY position`,
        )
        .all(clientId, month);
    },
    setNotable(
      clientId: number,
      month: string,
      items: { conversationId: number; note: string }[],
    ): void {
      db.prepare('DELETE FROM report_notables WHERE client_id = ? AND month = ?').run(
        clientId,
        month,
      );
      const add = db.prepare(
        'INSERT INTO report_notables (client_id, month, position, conversation_id, note) VALUES (?, ?, ?, ?, ?)',
      );
      items.forEach((it, i) => add.run(clientId, month, i, it.conversationId, it.note));
    },
    /** Conversations of the client by id (with member messages in [from, to)); unknown ids are left out. */
    notableRows(clientId: number, ids: number[], from: number, to: number): NotableRow[] {
      if (ids.length === 0) return [];
      return db
        .prepare<[number, number, number, string], NotableRow>(
          `SELECT ${NOTABLE_COLUMNS} FROM conversations c JOIN sources s ON s.id = c.source_id
           WHERE c.client_id = ? AND c.id IN (SELECT value FROM json_each(?))`,
        )
        .all(from, to, clientId, JSON.stringify(ids));
    },
    /** The default notable conversations: the support conversations with the most member messages in [from, to). */
    busiestConversations(clientId: number, from: number, to: number, limit: number): NotableRow[] {
      return db
        .prepare<[number, number, number, number, number, number], NotableRow>(
          `SELECT ${NOTABLE_COLUMNS}
           FROM (SELECT m.conversation_id AS id, count(*) AS n FROM messages m JOIN conversations c0 ON c0.id = m.conversation_id
                 WHERE m.direction = 'inbound' AND c0.work_kind = 'support' AND m.created_at >= ? AND m.created_at < ? AND +c0.client_id = ?
                 GROUP BY m.conversation_id ORDER BY n DESC, m.conversation_id LIMIT ?) top
           JOIN conversations c ON c.id = top.id JOIN sources s ON s.id = c.source_id
           ORDER BY top.n DESC, c.id`,
        )
        .all(from, to, from, to, clientId, limit);
    },
  };
}
export type FeedbackTagCount = {
  tagId: number;
  clientId: number;
  name: string;
  kind: FeedbackKind;
  builtin: number;
  count: number;
  members: number;
};
export type FeedbackExample = {
  tagId: number;
  conversationId: number;
  messageId: number;
  author: string;
  quote: string;
  at: number;
};
export type FeedbackCsvRow = {
  at: number;
  client: string;
  platform: string;
  url: string | null;
  conversationId: number;
  member: string;
  kind: FeedbackKind;
  builtin: number;
  theme: string;
  quote: string;
  taggedBy: string | null;
};

export type ReportLanguageCode = 'en' | 'da' | 'ru';
export type NotableRow = {
  conversationId: number;
  title: string;
  platform: string;
  sourceName: string;
  url: string | null;
  createdAt: number;
  status: string;
  messagesInMonth: number;
};
/** Columns of a notable conversation; its two parameters (from, to) bound the member messages counted. */
const NOTABLE_COLUMNS = `c.id AS conversationId, c.title AS title, s.platform AS platform, s.name AS sourceName,
  c.url AS url, c.created_at AS createdAt, c.status AS status,
  (SELECT count(*) FROM messages m WHERE m.conversation_id = c.id AND m.direction = 'inbound'
     AND m.created_at >= ? AND m.created_at < ?) AS messagesInMonth`;
export type ReportsRepo = ReturnType<typeof createReportsRepo>;
