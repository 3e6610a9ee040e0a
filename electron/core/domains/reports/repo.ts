// electron/core/domains/reports: the reports repository — the volume and response figures of a
// period, aggregated in SQL over conversations and messages (support work only: moderation items
// are counted by the moderation room). SLA, moderation and override figures come from their rooms'
// own repositories, so they are not computed here a second time.
import type { FeedbackKind } from '../../../../shared/domain/tags';
import type { Db } from '../../db/open';

const DAY = 86_400_000;
/** Monday 00:00 UTC of the instant's week, in SQL (1970-01-01 was a Thursday: weekday = (day+3) % 7). */
const WEEK = (col: string) => `((${col} / ${DAY}) - ((${col} / ${DAY}) + 3) % 7) * ${DAY}`;
// The unary + keeps SQLite from driving a message query from the conversations' client index (every
// conversation of the client, then its messages): the period's range on the messages' time index is
// the selective side.
const CLIENT = (alias: string, clientId: number | null) =>
  clientId == null ? '' : `AND +${alias}.client_id = ${Number(clientId)}`;

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
    /** Inbound messages (from members) written in [from, to) in support conversations, per platform and week. */
    messagesIn(clientId: number | null, from: number, to: number): VolumeCell[] {
      return db
        .prepare<[number, number], VolumeCell>(
          `SELECT s.platform AS platform, ${WEEK('m.created_at')} AS weekStart, count(*) AS count
           FROM messages m JOIN conversations c ON c.id = m.conversation_id JOIN sources s ON s.id = c.source_id
           WHERE m.direction = 'inbound' AND c.work_kind = 'support' AND m.created_at >= ? AND m.created_at < ? ${CLIENT('c', clientId)}
           GROUP BY platform, weekStart`,
        )
        .all(from, to);
    },
    /**
     * Members who wrote an inbound message in [from, to) (active), and of them those whose first
     * inbound message ever falls in the period (new).
     */
    members(clientId: number | null, from: number, to: number): { active: number; fresh: number } {
      const r = db
        .prepare<[number, number, number], { active: number; fresh: number | null }>(
          `SELECT count(*) AS active, sum(NOT EXISTS (
             SELECT 1 FROM messages p JOIN conversations pc ON pc.id = p.conversation_id
             WHERE p.author_member_id = a.author AND p.direction = 'inbound' AND p.created_at < ? AND pc.work_kind = 'support' ${CLIENT('pc', clientId)}
           )) AS fresh FROM (
             SELECT DISTINCT m.author_member_id AS author
             FROM messages m JOIN conversations c ON c.id = m.conversation_id
             WHERE m.direction = 'inbound' AND m.author_member_id IS NOT NULL AND c.work_kind = 'support'
               AND m.created_at >= ? AND m.created_at < ? ${CLIENT('c', clientId)}) a`,
        )
        .get(from, from, to)!;
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
     * Spam share's parts: `memberMessages` = member (inbound) messages written in [from, to) in any
     * conversation; `spamRemoved` = moderation items removed as spam in the period: distinct flagged
     * messages (by item) with a remove or delete action done in [from, to) whose reason, or whose
     * item's platform reasons, contain "spam" (case-insensitive).
     */
    spam(
      clientId: number | null,
      from: number,
      to: number,
    ): { memberMessages: number; spamRemoved: number } {
      const member = db
        .prepare<[number, number], { n: number }>(
          `SELECT count(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id
           WHERE m.direction = 'inbound' AND m.created_at >= ? AND m.created_at < ? ${CLIENT('c', clientId)}`,
        )
        .get(from, to)!.n;
      const removed = db
        .prepare<[number, number], { n: number }>(
          `SELECT count(DISTINCT a.conversation_id) AS n FROM moderation_actions a
           LEFT JOIN moderation_items i ON i.conversation_id = a.conversation_id
           WHERE a.state = 'done' AND a.kind IN ('remove', 'delete') AND a.done_at >= ? AND a.done_at < ?
             ${clientId == null ? '' : `AND a.client_id = ${Number(clientId)}`}
             AND (lower(coalesce(a.reason, '')) LIKE '%spam%' OR lower(coalesce(i.reasons_json, '')) LIKE '%spam%')`,
        )
        .get(from, to)!.n;
      return { memberMessages: member, spamRemoved: removed };
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
export type ReportsRepo = ReturnType<typeof createReportsRepo>;
